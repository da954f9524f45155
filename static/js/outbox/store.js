/**
 * Outbox operations over the schema in db.js. A record is one contact plus its photos;
 * it leaves the store only through `finish`, after the server confirmed all of it.
 * @module outbox/store
 */
import { MARKS, META, PHOTOS, RECORDS, isStorageFailure, req, transact } from './db.js';
import { unsentBytes, withMarks } from './photo_marks.js';
import { listedCopy, sentEntry, unseen } from './sent.js';

export {
  clearPhotoSending, markPhotoRefused, markPhotoSending, markPhotoUploaded, removePhoto,
  unsentBytes,
} from './photo_marks.js';

/**
 * Record states. Every record is in the outbox: a message still waiting for its reply is
 * pending too, and goes to the server as awaiting_reply. (An earlier version's 'draft',
 * kept off the outbox, is promoted to pending by the upgrade in db.js.)
 */
export const PENDING = 'pending';
export const ATTENTION = 'attention';

/**
 * @typedef {object} OutboxRecord
 * @property {string} client_id UUID made on the phone, reused on every retry
 * @property {string} state pending | attention
 * @property {number} revision bumped on each save, so a late server answer for an older
 *   version never removes a newer one
 * @property {object} payload the body of PUT /api/v1/contacts/{client_id}
 * @property {boolean} contact_sent the server confirmed this revision's payload
 * @property {number} created_at ms since epoch, first save
 * @property {number} attempts failed network attempts since the last success
 * @property {number} next_attempt_at ms; 0 = now
 * @property {string} message why the record needs attention (the server's words)
 * @property {object|null} server the work list's copy of this revision as the server
 *   answered its PUT (outbox/sent.js), shown in the list once the record has left
 */

/**
 * @typedef {object} StoredPhoto
 * @property {string} id UUID, the photo_id in the upload URL
 * @property {string} client_id the contact it belongs to
 * @property {ArrayBuffer} bytes what will be uploaded (ArrayBuffer: Safari keeps it)
 * @property {string} type Content-Type
 * @property {number} size
 * @property {string} [sha256] base64 SHA-256 of `bytes`, taken at capture (outbox/digest.js)
 * @property {boolean} uploaded
 * @property {string} [refused] the server's words when it refused this photo for good; the
 *   record's other photos still go, and the juror discards or keeps only this one
 */

/**
 * Save a record (new or edited) and add its new photos in one transaction.
 * @param {IDBDatabase} db
 * @param {Partial<OutboxRecord>} record
 * @param {StoredPhoto[]} [photos]
 * @param {number} [now]
 * @returns {Promise<OutboxRecord>}
 */
export function saveRecord(db, record, photos = [], now = Date.now()) {
  return transact(db, [RECORDS, PHOTOS, MARKS], 'readwrite', async (tx) => {
    const records = tx.objectStore(RECORDS);
    const old = await req(records.get(record.client_id));
    const saved = {
      ...old, ...record,
      // A save is a fresh start: the juror has seen and fixed whatever was wrong.
      attempts: 0, next_attempt_at: 0, message: '', fields: {},
      state: record.state || PENDING,
      revision: (old?.revision || 0) + 1,
      contact_sent: false, server: null,
      created_at: old?.created_at || now,
      updated_at: now,
    };
    records.put(saved);
    // The juror saw the refusals (the form names them) and kept these photos: try again.
    const kept = await withMarks(tx,
      await req(tx.objectStore(PHOTOS).index('client_id').getAll(record.client_id)));
    for (const { id, uploaded = false, sending_at: at = 0 } of kept.filter((p) => p.refused)) {
      tx.objectStore(MARKS).put({ id, uploaded, sending_at: at, refused: '' });
    }
    for (const photo of photos) {
      tx.objectStore(PHOTOS).put({ uploaded: false, ...photo, client_id: record.client_id });
    }
    return saved;
  });
}

/** @param {IDBDatabase} db @param {string} clientId @returns {Promise<OutboxRecord|undefined>} */
export function getRecord(db, clientId) {
  return transact(db, [RECORDS], 'readonly', (tx) => req(tx.objectStore(RECORDS).get(clientId)));
}

/**
 * All records, oldest first.
 * @param {IDBDatabase} db
 * @returns {Promise<OutboxRecord[]>}
 */
export function allRecords(db) {
  return transact(db, [RECORDS], 'readonly',
    (tx) => req(tx.objectStore(RECORDS).index('created_at').getAll()));
}

/** Records waiting to be sent or needing attention, oldest first. */
export function outbox(db) {
  return allRecords(db);
}

/**
 * Photos of one record.
 * @param {IDBDatabase} db
 * @param {string} clientId
 * @returns {Promise<StoredPhoto[]>}
 */
export function photosOf(db, clientId) {
  return transact(db, [PHOTOS, MARKS], 'readonly', async (tx) => withMarks(tx,
    await req(tx.objectStore(PHOTOS).index('client_id').getAll(clientId))));
}

/** Change one record if it still has the given revision; returns whether it did. */
function update(db, clientId, revision, change) {
  return transact(db, [RECORDS], 'readwrite', async (tx) => {
    const records = tx.objectStore(RECORDS);
    const record = await req(records.get(clientId));
    if (!record || (revision !== undefined && record.revision !== revision)) return false;
    records.put({ ...record, ...change(record) });
    return true;
  });
}

/** The server confirmed the contact body of this revision (`answer`: its PUT's body). */
export function markContactSent(db, clientId, revision, answer = null) {
  return update(db, clientId, revision, () => ({ contact_sent: true, attempts: 0,
    server: listedCopy(answer) }));
}

/** A network error or 5xx: try again later (repeats: same unexpected 500 in a row). */
export function markRetry(db, clientId, revision, nextAttemptAt, message, repeats = 0) {
  return update(db, clientId, revision, (r) => ({
    attempts: (r.attempts || 0) + 1, next_attempt_at: nextAttemptAt, message, repeats,
  }));
}

/** A 4xx other than 401: the juror must look at it; others keep syncing. */
export function markAttention(db, clientId, revision, message, fields = {}) {
  return update(db, clientId, revision, () => ({ state: ATTENTION, message, fields }));
}

/**
 * Remove a record and its photos, only if nobody saved a newer revision meanwhile. On a
 * phone that cannot write the answer kept for the work list (storage full), the record
 * still leaves — deleting frees space — and the list shows its older state until a fresh
 * list from the server: better than sending it again at every pass.
 * @returns {Promise<boolean>} whether it was removed
 */
export async function finish(db, clientId, revision) {
  const leave = (keepSent) => transact(db, [RECORDS, PHOTOS, MARKS, META], 'readwrite',
    async (tx) => {
      const record = await req(tx.objectStore(RECORDS).get(clientId));
      if (!record || record.revision !== revision) return false;
      await removeRecord(tx, record, keepSent);
      return true;
    });
  try {
    return await leave(true);
  } catch (error) {
    if (!isStorageFailure(error)) throw error;
    return leave(false);
  }
}

/**
 * The juror gives up on what the server refused, at the revision they saw. A refused
 * contact goes with its photos (none of them can go without it); a contact already on the
 * server loses only its refused photos, and leaves the phone once nothing else is unsent —
 * photos never tried yet stay and go out (they were deleted unsent with the record).
 * `whole`: the record goes with all its photos, whatever its state (a closed edition's).
 * @returns {Promise<'removed'|'pending'|false>} what became of the record; false if changed
 */
export function discardRefused(db, clientId, revision, whole = false) {
  return transact(db, [RECORDS, PHOTOS, MARKS, META], 'readwrite', async (tx) => {
    const records = tx.objectStore(RECORDS);
    const record = await req(records.get(clientId));
    if (!record || record.revision !== revision) return false;
    const photos = tx.objectStore(PHOTOS);
    const own = await withMarks(tx, await req(photos.index('client_id').getAll(clientId)));
    const unsent = own.filter((p) => !p.uploaded && !p.refused);
    if (whole || !record.contact_sent || !unsent.length) {
      await removeRecord(tx, record);
      return 'removed';
    }
    for (const photo of own.filter((p) => p.refused && !p.uploaded)) {
      photos.delete(photo.id);
      tx.objectStore(MARKS).delete(photo.id);
    }
    records.put({ ...record, state: PENDING, message: '', fields: {}, attempts: 0,
      next_attempt_at: 0 });
    return 'pending';
  });
}

/**
 * Delete a record and its photos inside the caller's transaction; a contact the server
 * holds stays in the phone's work list (outbox/sent.js) until a fresh list shows it,
 * unless `keepSent` is false (finish on a full phone).
 */
async function removeRecord(tx, record, keepSent = true) {
  const photos = tx.objectStore(PHOTOS);
  const own = await withMarks(tx, await req(photos.index('client_id').getAll(record.client_id)));
  for (const photo of own) {
    photos.delete(photo.id);
    tx.objectStore(MARKS).delete(photo.id);
  }
  tx.objectStore(RECORDS).delete(record.client_id);
  const entry = keepSent && record.contact_sent
    && sentEntry(record, own.filter((p) => p.uploaded).map((p) => p.id));
  if (!entry) return;
  const meta = tx.objectStore(META);
  const sent = (await req(meta.get('sent')))?.value || {};
  meta.put({ key: 'sent', value: { ...sent, [record.client_id]: entry } });
}

/**
 * Keep a work list the server just sent, and let go of the sent records it shows, in one
 * transaction (a record finishing meanwhile keeps its entry).
 * @param {IDBDatabase} db
 * @param {object} body the /me/assignments answer
 * @param {number} [at] when it was fetched
 * @returns {Promise<object>} the sent records it does not show yet (outbox/sent.js)
 */
export function keepWorkList(db, body, at = Date.now()) {
  return transact(db, [META, RECORDS], 'readwrite', async (tx) => {
    await claimOwnerless(tx, body);
    const meta = tx.objectStore(META);
    const left = unseen(body, (await req(meta.get('sent')))?.value);
    meta.put({ key: 'assignments', value: { body, at } });
    meta.put({ key: 'sent', value: left });
    return left;
  });
}

/**
 * Records queued by a release that stored no user_id get their owner from a work list the
 * server sent, when it holds their assignment: an assignment is one juror's, so the list
 * proves whose the record is. Not from the 'user' kept beside the token: that outlives a
 * logout (forgetJuror keeps it) and names whoever logged in last, who on a shared phone
 * may not be the juror who made the record. Until claimed, a record is sent by nobody.
 */
async function claimOwnerless(tx, list) {
  const owner = list?.user?.id;
  const assigned = new Set((list?.assignments || []).map((a) => a.id));
  if (owner == null || !assigned.size) return;
  const records = tx.objectStore(RECORDS);
  for (const record of await req(records.getAll())) {
    if (record.user_id == null && assigned.has(record.assignment_id)) {
      records.put({ ...record, user_id: owner });
    }
  }
}

/**
 * Counts for the status bar: unsynced records, the oldest one's time, bytes left.
 * @param {IDBDatabase} db
 * @returns {Promise<{count: number, attention: number, oldest: number|null, bytes: number}>}
 */
export async function stats(db) {
  const waiting = await allRecords(db);
  const sizes = await unsentBytes(db);
  return {
    count: waiting.length,
    attention: waiting.filter((r) => r.state === ATTENTION).length,
    oldest: waiting.length ? Math.min(...waiting.map((r) => r.created_at)) : null,
    bytes: waiting.reduce((sum, r) => sum + (sizes.get(r.client_id) || 0), 0),
  };
}

/** Read one value kept beside the outbox (token, cached assignments). */
export async function getMeta(db, key) {
  const row = await transact(db, [META], 'readonly', (tx) => req(tx.objectStore(META).get(key)));
  return row?.value;
}

/** Keep one value beside the outbox; `undefined` deletes it. */
export function setMeta(db, key, value) {
  return transact(db, [META], 'readwrite', (tx) => {
    if (value === undefined) tx.objectStore(META).delete(key);
    else tx.objectStore(META).put({ key, value });
  });
}
