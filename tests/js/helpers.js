/** Test helpers: a fresh fake IndexedDB per test and a scripted API. */
import { IDBFactory } from 'fake-indexeddb';

import { openDb } from '../../static/js/outbox/db.js';
import { NetworkError } from '../../static/js/outbox/api.js';

let n = 0;

/** A new, empty outbox database. */
export function freshDb() {
  n += 1;
  return openDb(new IDBFactory(), `test-${n}`);
}

/** The juror logged in on the test phone: the records `record` makes are theirs. */
export const JUROR = 1;
export const me = async () => JUROR;

/** A contact record as the capture form saves it. */
export function record(id, overrides = {}) {
  return {
    client_id: id,
    user_id: JUROR,
    assignment_id: 1,
    channel: 'visit',
    payload: { assignment_id: 1, channel: 'visit', started_at: '2025-10-06T11:02:00+02:00',
      ended_at: '2025-10-06T11:20:00+02:00', measurements: {}, scores: {}, notes: id },
    ...overrides,
  };
}

/** A photo of `size` bytes. */
export function photo(id, clientId, size = 1000) {
  return { id, client_id: clientId, bytes: new Uint8Array(size).buffer, type: 'image/jpeg', size };
}

/**
 * An API double whose answers are scripted per call: `script(kind, clientId, photoId)`
 * returns a status number, or 'network' to throw a NetworkError. Every call is logged.
 */
export function scriptedApi(script = () => 201) {
  const calls = [];
  const answer = (kind, clientId, photoId) => {
    calls.push({ kind, clientId, photoId });
    const status = script(kind, clientId, photoId, calls);
    if (status === 'network') return Promise.reject(new NetworkError('offline'));
    if (typeof status === 'object') return Promise.resolve(status); // a whole answer
    const body = status === 422
      ? { message: 'Przesłane dane są niepoprawne.', fields: { 'scores.greeting': 'Brak oceny tego kryterium.' } }
      : {};
    return Promise.resolve({ status, body });
  };
  return {
    calls,
    putContact: (id) => answer('contact', id),
    putPhoto: (id, p, onProgress = () => {}) => {
      onProgress(Math.floor(p.size / 2));
      return answer('photo', id, p.id).then((a) => { onProgress(p.size); return a; });
    },
  };
}
