/**
 * What happened to one photo of a record: sending now, uploaded, refused — and whether the
 * juror may still remove it from the phone. The server keeps every photo it received (the
 * API cannot delete one), so a photo is removable only while no request carrying it has
 * started: a removal during its upload left a photo the juror removed on the contact. Also
 * the bytes still to send, which depend on these marks.
 * @module outbox/photo_marks
 */
import { MARKS, PHOTOS, req, transact } from './db.js';

/**
 * A mark older than this is left by a page or worker that died mid-upload (closed, killed):
 * the photo may be removed again. Longer than any one upload request, a chunk's included.
 */
export const SENDING_STALE_MS = 30 * 60_000;

/**
 * Photos as they stand: each with its marks laid over. The marks live in their own small
 * store, so marking a photo never rewrites its bytes (on a full phone that write failed);
 * a photo marked by an older release still carries its marks itself.
 * @param {IDBTransaction} tx including MARKS
 * @param {object[]} photos
 */
export async function withMarks(tx, photos) {
  const marks = tx.objectStore(MARKS);
  return Promise.all(photos.map(async (photo) => ({
    ...photo, ...(await req(marks.get(photo.id))), id: photo.id })));
}

/** Every mark by photo id (a few small objects: no bytes read). */
export async function allMarks(tx) {
  return new Map((await req(tx.objectStore(MARKS).getAll())).map((m) => [m.id, m]));
}

/** Change one photo's marks if it is still on the phone; returns whether it is. */
function updateMarks(db, photoId, change) {
  return transact(db, [PHOTOS, MARKS], 'readwrite', async (tx) => {
    if ((await req(tx.objectStore(PHOTOS).count(photoId))) === 0) return false;
    const marks = tx.objectStore(MARKS);
    marks.put({ ...(await req(marks.get(photoId))), ...change, id: photoId });
    return true;
  });
}

/**
 * A request carrying this photo is about to start; false when the juror removed it just
 * before (it must not go then).
 * @returns {Promise<boolean>}
 */
export function markPhotoSending(db, photoId, at = Date.now()) {
  return updateMarks(db, photoId, { sending_at: at });
}

/** Its request ended without the server keeping it (network error, 5xx, 401). */
export async function clearPhotoSending(db, photoId) {
  await updateMarks(db, photoId, { sending_at: 0 });
}

/** The server confirmed one photo (in the same write that ends its "sending" mark, so no
 * moment lets the juror remove a photo the server holds). */
export async function markPhotoUploaded(db, photoId) {
  await updateMarks(db, photoId, { uploaded: true, sending_at: 0 });
}

/** The server refused one photo for good (its words kept on the photo, not the record). */
export async function markPhotoRefused(db, photoId, message) {
  await updateMarks(db, photoId, { refused: message, sending_at: 0 });
}

/**
 * Delete one photo that has not left the phone (the juror removing it before sending).
 * 'sent', deleting nothing, when a pass has uploaded it since the form showed it;
 * 'sending' while its upload is in flight — either way the server has or may keep it.
 * @returns {Promise<'removed'|'sent'|'sending'>}
 */
export function removePhoto(db, photoId, now = Date.now()) {
  return transact(db, [PHOTOS, MARKS], 'readwrite', async (tx) => {
    const photos = tx.objectStore(PHOTOS);
    const stored = await req(photos.get(photoId));
    const [photo] = stored ? await withMarks(tx, [stored]) : [];
    if (photo?.uploaded) return 'sent';
    const since = photo?.sending_at;
    if (since && since <= now && now - since < SENDING_STALE_MS) return 'sending';
    photos.delete(photoId);
    tx.objectStore(MARKS).delete(photoId);
    return 'removed';
  });
}

/**
 * Photo bytes still to send, per record, read one photo at a time: never every queued
 * photo's bytes at once (200 MiB queued held ~190 MiB before a pass's first request).
 * @param {IDBDatabase} db
 * @returns {Promise<Map<string, number>>}
 */
export function unsentBytes(db) {
  return transact(db, [PHOTOS, MARKS], 'readonly', async (tx) => {
    const marks = await allMarks(tx);
    return countUnsent(tx, marks);
  });
}


function countUnsent(tx, marks) {
  return new Promise((resolve, reject) => {
    const sizes = new Map();
    const cursor = tx.objectStore(PHOTOS).openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) { resolve(sizes); return; }
      const { client_id: id, size, uploaded, refused } = { ...at.value, ...marks.get(at.value.id) };
      if (!uploaded && !refused) sizes.set(id, (sizes.get(id) || 0) + size);
      at.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}
