/**
 * SHA-256 of the bytes as they will be sent, made on the phone (hash at capture) and sent
 * as an RFC 9530 digest field, so the server can prove the evidence arrived unchanged.
 * @module outbox/digest
 */

/**
 * Base64 SHA-256 of the bytes, or null where Web Crypto is missing (a page served over
 * plain HTTP): the upload then goes without a digest rather than not at all.
 * @param {ArrayBuffer|Uint8Array} bytes
 * @returns {Promise<string|null>}
 */
export async function sha256Base64(bytes) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The value of a Repr-Digest or Content-Digest header: `sha-256=:<base64>:`.
 * @param {string} base64
 */
export function digestField(base64) {
  return `sha-256=:${base64}:`;
}
