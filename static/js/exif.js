/**
 * A small EXIF reader for JPEG: capture time and GPS position only. It runs before the
 * photo is shrunk, because a canvas drops all metadata. Own code rather than a library:
 * we need four tags from one segment (~100 lines), the vendored alternatives (exifr's lite
 * build) are ~45 kB to precache, and this is tested directly (tests/js/exif.test.js).
 * HEIC is not parsed here: the browser usually cannot shrink it, so the original goes to
 * the server, which reads the same metadata with Pillow.
 * @module exif
 */

const TYPE_SIZES = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

/**
 * @typedef {object} PhotoMeta
 * @property {string|null} captured_at RFC 3339, with the offset when the camera wrote one
 * @property {number|null} latitude decimal degrees, south negative
 * @property {number|null} longitude decimal degrees, west negative
 */

/**
 * @param {ArrayBuffer} buffer the original file
 * @param {(local: string) => string} [assumeOffset] adds an offset to an EXIF time that
 *   has none (default: this phone's offset at that date)
 * @returns {PhotoMeta}
 */
export function readExif(buffer, assumeOffset = withDeviceOffset) {
  const empty = { captured_at: null, latitude: null, longitude: null };
  try {
    const tiff = findTiff(new DataView(buffer));
    if (!tiff) return empty;
    const ifd0 = readIfd(tiff, tiff.first);
    const exif = ifd0[0x8769] ? readIfd(tiff, ifd0[0x8769]) : {};
    const gps = ifd0[0x8825] ? readIfd(tiff, ifd0[0x8825]) : {};
    const local = exif[0x9003] || exif[0x9004] || ifd0[0x0132];
    return { captured_at: exifTime(local, exif[0x9011] || exif[0x9010], assumeOffset),
      ...position(gps) };
  } catch {
    return empty; // a damaged EXIF block must never stop the juror from attaching the photo
  }
}

/** Locate the TIFF header inside the JPEG's APP1 "Exif" segment. */
function findTiff(view) {
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
  let at = 2;
  while (at + 4 <= view.byteLength) {
    const marker = view.getUint16(at);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
    const length = view.getUint16(at + 2);
    if (marker === 0xffe1 && view.getUint32(at + 4) === 0x45786966) {
      const start = at + 10;
      const little = view.getUint16(start) === 0x4949;
      return { view, start, little, first: view.getUint32(start + 4, little) };
    }
    at += 2 + length;
  }
  return null;
}

/** Tag → value for one IFD (offsets relative to the TIFF header). */
function readIfd(tiff, offset) {
  const { view, start, little } = tiff;
  const base = start + offset;
  const count = view.getUint16(base, little);
  const tags = {};
  for (let i = 0; i < count; i += 1) {
    const entry = base + 2 + i * 12;
    const type = view.getUint16(entry + 2, little);
    const n = view.getUint32(entry + 4, little);
    const size = (TYPE_SIZES[type] || 1) * n;
    const at = size <= 4 ? entry + 8 : start + view.getUint32(entry + 8, little);
    tags[view.getUint16(entry, little)] = readValue(view, at, type, n, little);
  }
  return tags;
}

function readValue(view, at, type, n, little) {
  if (type === 2) {
    let text = '';
    for (let i = 0; i < n; i += 1) {
      const code = view.getUint8(at + i);
      if (code === 0) break;
      text += String.fromCharCode(code);
    }
    return text.trim();
  }
  const values = [];
  for (let i = 0; i < n; i += 1) {
    if (type === 3) values.push(view.getUint16(at + i * 2, little));
    else if (type === 4) values.push(view.getUint32(at + i * 4, little));
    else if (type === 9) values.push(view.getInt32(at + i * 4, little));
    else if (type === 5 || type === 10) {
      // Some phones (the Nokia 8.3 among them) write GPS as signed rationals.
      const read = type === 5 ? 'getUint32' : 'getInt32';
      const den = view[read](at + i * 8 + 4, little);
      values.push(den ? view[read](at + i * 8, little) / den : NaN);
    } else values.push(view.getUint8(at + i));
  }
  return n === 1 ? values[0] : values;
}

/**
 * An EXIF wall-clock time ("2025:10:06 10:58:12") as RFC 3339, or null when it is no real
 * moment of this century (year 0000 or 1970, 30 February, 25:00, a zone of +99:99): the
 * server would set such a value aside anyway, and the juror cannot correct the camera.
 * @param {string} [local] @param {string} [offset] EXIF OffsetTime, e.g. "+02:00"
 * @param {(wall: string) => string} assumeOffset
 * @returns {string|null}
 */
export function exifTime(local, offset, assumeOffset) {
  const match = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(local || '');
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDay = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (year < 2000 || year > 2100 || !realDay || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const wall = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
  const zone = /^[+-](\d{2}):(\d{2})$/.exec(offset || '');
  const realZone = zone && Number(zone[1]) <= 14 && Number(zone[2]) <= 59;
  return realZone ? wall + offset : assumeOffset(wall);
}

/** Interpret a wall-clock time in this phone's time zone, as the camera did. */
export function withDeviceOffset(wall) {
  const minutes = -new Date(wall).getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function position(gps) {
  const lat = degrees(gps[2], gps[1], 'S');
  const lon = degrees(gps[4], gps[3], 'W');
  return lat === null || lon === null ? { latitude: null, longitude: null }
    : { latitude: lat, longitude: lon };
}

function degrees(dms, ref, negative) {
  if (!Array.isArray(dms) || dms.length !== 3 || dms.some((v) => !Number.isFinite(v))) return null;
  const value = dms[0] + dms[1] / 60 + dms[2] / 3600;
  return Math.round((ref === negative ? -value : value) * 1e6) / 1e6;
}
