/**
 * Photos on the phone: read capture time and GPS from the original (a canvas drops EXIF),
 * then shrink to a long edge (default 1600 px, JPEG 0.85). When the browser cannot decode
 * the file (HEIC on Android) or shrinking would not help, the original bytes are sent.
 * @module photos
 */
import { readExif } from './exif.js';
import { sha256Base64 } from './outbox/digest.js';

export const LONG_EDGE = 1600;
export const QUALITY = 0.85;

/** The type by the first bytes: phones sometimes hand over a HEIC with no type at all. */
export function sniffType(buffer, fallback = '') {
  const b = new Uint8Array(buffer.slice(0, 12));
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'image/webp';
  const brand = String.fromCharCode(...b.slice(4, 12));
  if (brand.startsWith('ftyphei') || brand.startsWith('ftypmif1') || brand.startsWith('ftyphe')) {
    return 'image/heic';
  }
  return fallback || 'application/octet-stream';
}

/**
 * @param {File} file from the camera or the gallery
 * @param {{longEdge?: number, quality?: number}} [options]
 * @returns {Promise<import('./outbox/store.js').StoredPhoto & {original_size: number, shrunk: boolean}>}
 */
export async function preparePhoto(file, { longEdge = LONG_EDGE, quality = QUALITY } = {}) {
  const original = await file.arrayBuffer();
  const type = sniffType(original, file.type);
  const meta = type === 'image/jpeg' ? readExif(original) : { captured_at: null, latitude: null, longitude: null };
  let bytes = original;
  let outType = type;
  const smaller = await shrink(file, longEdge, quality);
  if (smaller && smaller.byteLength < original.byteLength) {
    bytes = smaller;
    outType = 'image/jpeg';
  }
  return {
    id: crypto.randomUUID(), bytes, type: outType, size: bytes.byteLength, name: file.name || '',
    original_size: original.byteLength, shrunk: bytes !== original, uploaded: false, ...meta,
    // Hash at capture: of the bytes the outbox keeps and will upload, checked on arrival.
    sha256: await sha256Base64(bytes),
  };
}

/** JPEG bytes of the upright image scaled to fit `longEdge`, or null if undecodable. */
async function shrink(file, longEdge, quality) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return null; // e.g. HEIC on Android/Chrome: the server converts the original instead
  }
  try {
    const scale = Math.min(1, longEdge / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    const blob = canvas.convertToBlob
      ? await canvas.convertToBlob({ type: 'image/jpeg', quality })
      : await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    return blob ? await blob.arrayBuffer() : null;
  } catch {
    return null;
  } finally {
    bitmap.close();
  }
}
