/**
 * What happened to one photo of a record: sending now, uploaded, refused — and whether the
 * juror may still remove it from the phone. The server keeps every photo it received (the
 * API cannot delete one), so a photo is removable only while no request carrying it has
 * started: a removal during its upload left a photo the juror removed on the contact.
 * @module outbox/photo_marks
 */
import { PHOTOS, req, transact } from './db.js';

/**
 * A mark older than this is left by a page or worker that died mid-upload (closed, killed):
 * the photo may be removed again. Longer than any one upload request, a chunk's included.
 */
export const SENDING_STALE_MS = 30 * 60_000;

/** Change one photo if it is still on the phone; returns the photo as it was, or undefined. */
function updatePhoto(db, photoId, change) {
  return transact(db, [PHOTOS], 'readwrite', async (tx) => {
    const photos = tx.objectStore(PHOTOS);
    const photo = await req(photos.get(photoId));
    if (photo) photos.put({ ...photo, ...change });
    return photo;
  });
}

/**
 * A request carrying this photo is about to start; false when the juror removed it just
 * before (it must not go then).
 * @returns {Promise<boolean>}
 */
export async function markPhotoSending(db, photoId, at = Date.now()) {
  return Boolean(await updatePhoto(db, photoId, { sending_at: at }));
}

/** Its request ended without the server keeping it (network error, 5xx, 401). */
export async function clearPhotoSending(db, photoId) {
  await updatePhoto(db, photoId, { sending_at: 0 });
}

/** The server confirmed one photo (in the same write that ends its "sending" mark, so no
 * moment lets the juror remove a photo the server holds). */
export async function markPhotoUploaded(db, photoId) {
  await updatePhoto(db, photoId, { uploaded: true, sending_at: 0 });
}

/** The server refused one photo for good (its words kept on the photo, not the record). */
export async function markPhotoRefused(db, photoId, message) {
  await updatePhoto(db, photoId, { refused: message, sending_at: 0 });
}

/**
 * Delete one photo that has not left the phone (the juror removing it before sending).
 * 'sent', deleting nothing, when a pass has uploaded it since the form showed it;
 * 'sending' while its upload is in flight — either way the server has or may keep it.
 * @returns {Promise<'removed'|'sent'|'sending'>}
 */
export function removePhoto(db, photoId, now = Date.now()) {
  return transact(db, [PHOTOS], 'readwrite', async (tx) => {
    const photos = tx.objectStore(PHOTOS);
    const photo = await req(photos.get(photoId));
    if (photo?.uploaded) return 'sent';
    const since = photo?.sending_at;
    if (since && since <= now && now - since < SENDING_STALE_MS) return 'sending';
    photos.delete(photoId);
    return 'removed';
  });
}
