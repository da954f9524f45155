/**
 * The sync API client (bearer token only: no cookie, no form token, so a record queued for
 * days still goes through). Answers are returned, never thrown; only a failed network is.
 * @module outbox/api
 */
import { digestField, sha256Base64 } from './digest.js';

/**
 * Originals larger than this (a HEIC the browser cannot shrink) go up in chunks that a cut
 * connection resumes, instead of starting again from byte 0 (issue 15.7).
 */
export const RESUMABLE_FROM = 1024 * 1024;
export const CHUNK_BYTES = 256 * 1024;

/**
 * Set by the service worker on a work list it answers from its cache (offline): an old
 * answer, which must not replace the copy the phone keeps (newer: it knows what was sent).
 */
export const CACHED_HEADER = 'X-Juror-Cached';

/** The request never got an HTTP answer (offline, reset, aborted). */
export class NetworkError extends Error {}

/** Headers that carry a photo's digest taken at capture (photos queued before have none). */
export function photoHeaders(photo) {
  return photo.sha256 ? { 'Repr-Digest': digestField(photo.sha256) } : {};
}

/**
 * @typedef {object} Answer
 * @property {number} status HTTP status
 * @property {any} body parsed JSON, or {} when there was none
 * @property {boolean} [cached] the service worker's cached copy, not the server's answer
 */

/**
 * @param {object} options
 * @param {() => Promise<string|undefined>} options.getToken
 * @param {string} [options.base]
 * @param {typeof fetch} [options.fetchImpl]
 * @param {typeof XMLHttpRequest} [options.Xhr] used for photos when present (upload progress)
 */
export function createApi({ getToken, base = '/api/v1', fetchImpl = globalThis.fetch?.bind(globalThis),
  Xhr = globalThis.XMLHttpRequest } = {}) {
  async function call(method, path, body, headers = {}) {
    const token = await getToken();
    let response;
    try {
      response = await fetchImpl(base + path, {
        method,
        headers: { Accept: 'application/json', Authorization: `Bearer ${token || ''}`, ...headers },
        body,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new NetworkError(String(error?.message || error));
    }
    const answer = { status: response.status, body: await parseJson(response) };
    return response.headers?.get?.(CACHED_HEADER) ? { ...answer, cached: true } : answer;
  }

  /**
   * Ask how far the photo got, then send the rest chunk by chunk; a 409 names the offset
   * the server has, so a chunk that landed before its answer was lost is not sent twice.
   * The last chunk carries the whole file's digest and answers like a photo PUT.
   */
  async function putChunks(clientId, photo, onProgress) {
    const path = `/contacts/${clientId}/photos/${photo.id}/chunks`;
    let answer = await call('GET', path);
    if (answer.status !== 200 || answer.body.complete) return answer;
    const bytes = new Uint8Array(photo.bytes);
    let { offset } = answer.body;
    for (let turns = 0; turns < 2 * Math.ceil(photo.size / CHUNK_BYTES) + 2; turns += 1) {
      onProgress(offset);
      const end = Math.min(offset + CHUNK_BYTES, photo.size);
      const query = new URLSearchParams(photoQuery(photo));
      query.set('offset', String(offset));
      query.set('total', String(photo.size));
      answer = await call('PUT', `${path}?${query}`, bytes.slice(offset, end),
        { 'Content-Type': 'application/octet-stream', ...(end === photo.size ? photoHeaders(photo) : {}) });
      const moved = answer.status === 202 || (answer.status === 409 && Number.isInteger(answer.body?.offset));
      if (!moved) {
        if (answer.status < 300) onProgress(photo.size);
        return answer;
      }
      ({ offset } = answer.body);
    }
    return answer; // the server kept disagreeing: let the sync loop decide what it means
  }

  return {
    /** GET /me/assignments */
    assignments: () => call('GET', '/me/assignments'),
    /** PUT /contacts/{client_id} */
    async putContact(clientId, payload) {
      // The digest of exactly the body sent: the server checks it before reading the JSON.
      const body = JSON.stringify(payload);
      const digest = await sha256Base64(new TextEncoder().encode(body));
      const headers = { 'Content-Type': 'application/json' };
      if (digest) headers['Content-Digest'] = digestField(digest);
      return call('PUT', `/contacts/${clientId}`, body, headers);
    },
    /** DELETE /tokens/current (logout) */
    revokeToken: () => call('DELETE', '/tokens/current'),
    /**
     * PUT /contacts/{client_id}/photos/{photo_id} with the raw bytes.
     * @param {string} clientId
     * @param {import('./store.js').StoredPhoto} photo
     * @param {(sent: number) => void} [onProgress] bytes of this photo sent so far
     * @returns {Promise<Answer>}
     */
    async putPhoto(clientId, photo, onProgress = () => {}) {
      if (photo.size > RESUMABLE_FROM) return putChunks(clientId, photo, onProgress);
      const path = `/contacts/${clientId}/photos/${photo.id}?${photoQuery(photo)}`;
      if (!Xhr) {
        const answer = await call('PUT', path, photo.bytes,
          { 'Content-Type': photo.type, ...photoHeaders(photo) });
        onProgress(photo.size);
        return answer;
      }
      const token = await getToken();
      return xhrPut(Xhr, base + path, photo, token, onProgress);
    },
  };
}

/**
 * Query string with the capture time and position read from the original's EXIF
 * (photos.js, also for photos queued by an older release), and capture_source=exif saying
 * so: without it the server cannot tell them from the phone's own clock or GPS.
 */
export function photoQuery(photo) {
  const params = new URLSearchParams();
  if (photo.captured_at) params.set('captured_at', photo.captured_at);
  if (Number.isFinite(photo.latitude) && Number.isFinite(photo.longitude)) {
    params.set('latitude', String(photo.latitude));
    params.set('longitude', String(photo.longitude));
  }
  if (params.toString()) params.set('capture_source', 'exif'); // not .size: Safari 16 lacks it
  return params.toString();
}

async function parseJson(response) {
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

function xhrPut(Xhr, url, photo, token, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new Xhr();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token || ''}`);
    xhr.setRequestHeader('Content-Type', photo.type);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(photoHeaders(photo))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      let body = {};
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch { /* not JSON */ }
      onProgress(photo.size);
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new NetworkError('upload failed'));
    xhr.onabort = () => reject(new NetworkError('upload aborted'));
    xhr.ontimeout = () => reject(new NetworkError('upload timed out'));
    xhr.send(photo.bytes);
  });
}
