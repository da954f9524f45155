/**
 * The sync loop: replay the outbox one record at a time (STYLE 15). A record leaves only
 * after the server confirmed its contact body and then each of its photos.
 * @module outbox/sync
 */
import { NetworkError } from './api.js';
import { isStorageFailure } from './db.js';
import {
  PENDING, clearPhotoSending, finish, markAttention, markContactSent, markPhotoRefused,
  markPhotoSending, markPhotoUploaded, markRetry, outbox, photosOf, unsentBytes,
} from './store.js';

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** The server's own code for a bug on its side: a retry will not fix it (a proxy's 5xx may). */
export const UNEXPECTED = 'unexpected_error';
/** After this many identical "unexpected" 500s the record waits for the juror, kept. */
export const MAX_SAME_SERVER_ERRORS = 3;

/**
 * Capped exponential backoff with "equal jitter": half fixed, half random, so many phones
 * coming back online at once do not all retry in the same second.
 * @param {number} attempt failures so far (0 = first retry)
 * @param {() => number} [random]
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Whether a pending record's backoff is over. A retry time further ahead than the longest
 * backoff means the phone's clock went back (NTP, a juror fixing the date): due now, not
 * after the jump.
 * @param {{next_attempt_at?: number}} record
 * @param {number} at now, in the phone's milliseconds
 */
export function isDue(record, at) {
  const next = record.next_attempt_at;
  return !next || next <= at || next > at + BACKOFF_CAP_MS;
}

/**
 * The Background Sync's pass (service_worker/sw.js): the due records, as a page's pass
 * sends them (backoff kept: after a server outage phones must not all come back at once),
 * and a rejection whenever something is left for later — a retry, a 401, another pass
 * holding the lock, or a record of this juror still waiting out its backoff — so the
 * browser fires `sync` again (it did resolve then, the hand-off was used up, and records
 * waited until the app was opened again).
 * @param {Parameters<typeof createSync>[0]} deps
 * @param {(result: SyncResult) => Promise<void>|void} [notify] told the result first
 * @returns {Promise<SyncResult>}
 */
export async function replayInBackground(deps, notify = () => {}) {
  const result = await createSync(deps).run();
  await notify(result);
  const me = await (deps.owner || (async () => undefined))();
  const waiting = (await outbox(deps.db)).filter((r) => r.state === PENDING && ownedBy(r, me));
  if (result.status !== 'done' || waiting.length) {
    throw new Error(`outbox: ${result.status}, ${waiting.length} waiting; try again later`);
  }
  return result;
}

/**
 * Whether a record goes under the token of juror `me`: only their own. A record nobody is
 * known to own (queued by a release that stored no user_id) waits until a work list from
 * the server claims it (store.js keepWorkList): under another juror's token it was sent,
 * refused, shown to them and removable by them.
 * @param {{user_id?: number|null}} record
 * @param {number|undefined} me the logged-in juror's id
 */
export function ownedBy(record, me) {
  return record.user_id != null && record.user_id === me;
}

/**
 * What a server answer means for the record.
 * @param {number} status
 * @returns {'ok'|'auth'|'retry'|'attention'}
 */
export function classify(status) {
  if (status === 200 || status === 201) return 'ok';
  if (status === 401) return 'auth';
  if (status === 408 || status === 429 || status >= 500 || status === 0) return 'retry';
  return 'attention';
}

/**
 * How many times in a row the server answered this record with the same unexpected 500
 * (this answer included); 0 for any other answer.
 */
export function sameServerError(record, answer) {
  if (answer.status !== 500 || answer.body?.error !== UNEXPECTED) return 0;
  const same = record.message === describe(answer.status, answer.body);
  return same ? (record.repeats || 0) + 1 : 1;
}

/** The server's message, with its field-by-field errors, in one readable line. */
export function describe(status, body) {
  const fields = body && typeof body.fields === 'object' && body.fields ? body.fields : {};
  const details = Object.entries(fields).map(([key, text]) => `${key}: ${text}`);
  const head = (body && body.message) || `HTTP ${status}`;
  return details.length ? `${head} (${details.join('; ')})` : head;
}

/**
 * What a record waiting for the juror says when the server refused some of its photos: each
 * photo by name (the server's words after it), so the juror knows which one to remove.
 * @param {{id: string, name?: string, refused: string}[]} photos
 */
export function refusedPhotosMessage(photos) {
  return photos.map((p) => `„${p.name || p.id}”: ${p.refused}`).join(' ');
}

/**
 * @typedef {object} Progress
 * @property {number} records records in this pass
 * @property {number} done records confirmed so far
 * @property {number} bytes photo bytes in this pass
 * @property {number} sent photo bytes sent so far
 * @property {string} [photo] the photo id uploading now
 */

/**
 * @typedef {object} SyncResult
 * @property {'done'|'retry'|'auth'|'busy'|'storage'} status done = nothing left that is due
 *   now; retry = stopped on a network error or 5xx (backoff set); auth = 401, log in again;
 *   storage = stopped because the phone refused a write (full): the juror must free space
 * @property {string} [error] the storage error's name
 * @property {number} sent records that left the outbox
 * @property {number} attention records newly marked "needs attention"
 */

/**
 * @param {object} deps
 * @param {IDBDatabase} deps.db
 * @param {ReturnType<import('./api.js').createApi>} deps.api
 * @param {() => number} [deps.now]
 * @param {() => number} [deps.random]
 * @param {(p: Progress) => void} [deps.onProgress]
 * @param {<T>(fn: () => Promise<T>) => Promise<T|null>} [deps.lock] runs fn unless another
 *   sync (another tab, the service worker) holds the lock; null when it does
 * @param {() => Promise<number|undefined>} [deps.owner] the logged-in juror's id: only their
 *   records are sent (ownedBy); another juror's on a shared phone waits for them
 * @param {string} [deps.offlineMessage] what a record shows after a network error, in the
 *   page's language (the service worker has no page: Polish, the source language)
 */
export function createSync({ db, api, now = Date.now, random = Math.random,
  onProgress = () => {}, lock = localLock(), owner = async () => undefined,
  offlineMessage = 'Brak połączenia z serwerem — ponowimy próbę.' }) {
  /**
   * One pass over the due records.
   * @param {{force?: boolean}} [options] force: ignore backoff times (the juror pressed sync)
   * @returns {Promise<SyncResult>}
   */
  async function run({ force = false } = {}) {
    const result = await lock(() => pass(force));
    return result || { status: 'busy', sent: 0, attention: 0 };
  }

  async function pass(force) {
    const me = await owner();
    const due = (await outbox(db)).filter((r) => r.state === PENDING && ownedBy(r, me)
      && (force || isDue(r, now())));
    const sizes = await unsentBytes(db);
    const progress = {
      records: due.length, done: 0, sent: 0,
      bytes: due.reduce((sum, r) => sum + (sizes.get(r.client_id) || 0), 0),
    };
    const result = { status: 'done', sent: 0, attention: 0 };
    onProgress({ ...progress });
    for (const record of due) {
      let outcome;
      try {
        outcome = await sendRecord(record, progress);
      } catch (error) {
        // Every step is written down before the next (what the server confirmed): a phone
        // that cannot write would send the same thing again at every pass, never the rest.
        if (!isStorageFailure(error)) throw error;
        return { ...result, status: 'storage', error: error.name };
      }
      if (outcome === 'auth' || outcome === 'retry') return { ...result, status: outcome };
      if (outcome === 'attention') result.attention += 1;
      else if (outcome === 'ok') result.sent += 1;
      progress.done += 1;
      onProgress({ ...progress });
    }
    return result;
  }

  /**
   * Contact first, then each photo. A network error, a 5xx or a 401 stops the record; a
   * photo refused for good is marked and the others still go, and the record then waits
   * for the juror with a message naming the refused photos.
   */
  async function sendRecord(record, progress) {
    const { client_id: id, revision } = record;
    if (!record.contact_sent) {
      const { kind, answer } = await attempt(record, () => api.putContact(id, record.payload));
      if (kind === 'attention') await refuseRecord(record, answer);
      if (kind !== 'ok') return kind;
      await markContactSent(db, id, revision, answer.body);
    }
    // Read now, not at the start of the pass: one record's photo bytes in memory at a time.
    const photos = (await photosOf(db, id)).filter((p) => !p.uploaded);
    const refused = photos.filter((p) => p.refused);
    for (const photo of photos.filter((p) => !p.refused)) {
      // Marked in flight first: the juror's "remove" waits until the server answered. The
      // wall clock, which the form's removal compares the mark with.
      if (!(await markPhotoSending(db, photo.id, Date.now()))) continue; // removed just now
      const start = progress.sent;
      let kind;
      let answer;
      try {
        ({ kind, answer } = await attempt(record, () => api.putPhoto(id, photo, (sent) => {
          progress.sent = start + Math.min(sent, photo.size);
          onProgress({ ...progress, photo: photo.id });
        })));
      } finally {
        // Kept by the server or refused: its mark ends with that news, in the same write.
        if (kind !== 'ok' && kind !== 'attention') await clearPhotoSending(db, photo.id);
      }
      if (kind === 'attention') {
        const words = describe(answer.status, answer.body);
        await markPhotoRefused(db, photo.id, words);
        refused.push({ ...photo, refused: words });
      } else if (kind !== 'ok') {
        return kind;
      } else {
        await markPhotoUploaded(db, photo.id);
      }
    }
    if (refused.length) {
      await markAttention(db, id, revision, refusedPhotosMessage(refused));
      return 'attention';
    }
    return (await finish(db, id, revision)) ? 'ok' : 'changed';
  }

  /** The contact itself was refused: the juror must look at it; others keep syncing. */
  function refuseRecord(record, answer) {
    return markAttention(db, record.client_id, record.revision,
      describe(answer.status, answer.body), answer.body?.fields || {});
  }

  /**
   * One request; a retry is scheduled here, a refusal is left to the caller (a contact's
   * stops the record, a photo's only that photo).
   * @returns {Promise<{kind: 'ok'|'auth'|'retry'|'attention', answer?: import('./api.js').Answer}>}
   */
  async function attempt(record, send) {
    let answer;
    try {
      answer = await send();
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      await scheduleRetry(record, offlineMessage);
      return { kind: 'retry' };
    }
    let kind = classify(answer.status);
    const repeats = sameServerError(record, answer);
    if (repeats >= MAX_SAME_SERVER_ERRORS) kind = 'attention';
    if (kind === 'retry') {
      await scheduleRetry(record, describe(answer.status, answer.body), repeats);
    }
    return { kind, answer };
  }

  function scheduleRetry(record, message, repeats = 0) {
    const at = now() + backoffDelay(record.attempts || 0, random);
    return markRetry(db, record.client_id, record.revision, at, message, repeats);
  }

  return { run };
}

/** A lock for one page: a second caller gets null instead of a parallel pass. */
export function localLock() {
  let held = false;
  return async (fn) => {
    if (held) return null;
    held = true;
    try { return await fn(); } finally { held = false; }
  };
}

/**
 * A lock shared by every tab and the service worker (Web Locks), falling back to one
 * per page where the browser lacks it, so two contexts never replay the same record at once.
 */
export function sharedLock(name = 'juror-outbox-sync') {
  const locks = globalThis.navigator?.locks;
  if (!locks) return localLock();
  return (fn) => locks.request(name, { ifAvailable: true }, (held) => (held ? fn() : null));
}
