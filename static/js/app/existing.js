/**
 * Which copy of a contact the capture form starts from when the juror reopens one.
 * @module app/existing
 */
import { getMeta, getRecord } from '../outbox/store.js';

/**
 * The phone's own record when it has one; else the work list's copy of a contact waiting
 * for a reply or returned (its notes, scores, measurements and position travel in the list,
 * so a form rebuilt offline keeps them instead of saving blanks over them); else the server's
 * (a list cached by an older version has no copy). Null when none can be had: a blank form
 * saved under that client id would wipe what the server holds.
 * @param {IDBDatabase} db
 * @param {object} assignment from /me/assignments
 * @param {string} clientId
 * @returns {Promise<object|null>} an outbox record's shape, plus `server_photo_ids`
 */
export async function existingContact(db, assignment, clientId) {
  const listed = (assignment.contacts || []).find((c) => c.client_id === clientId);
  const found = (await getRecord(db, clientId)) || fromList(listed)
    || await fromServer(clientId, await getMeta(db, 'token'));
  if (!found) return null;
  // The photos already on the server count towards the cap, whichever copy is edited.
  const ids = found.server_photo_ids || listed?.editable?.photo_ids || [];
  return { ...found, server_photo_ids: ids };
}

/** The work list's copy, the same client id: completing it completes the same contact. */
export function fromList(listed) {
  const copy = listed?.editable;
  if (!copy) return null;
  return { client_id: listed.client_id, review_comment: listed.review_comment,
    server_photo_ids: copy.photo_ids || [],
    payload: { started_at: listed.started_at, ended_at: listed.ended_at,
      measurements: copy.measurements || {}, scores: copy.scores || {}, notes: copy.notes || '',
      position: copy.position || null } };
}

/** The contact as the server has it now (needs a connection). */
async function fromServer(clientId, token) {
  try {
    const res = await fetch(`/api/v1/contacts/${clientId}`, { cache: 'no-store',
      headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return null;
    const c = await res.json();
    return { client_id: clientId, review_comment: c.review_comment,
      server_photo_ids: (c.photos || []).map((p) => p.photo_id),
      payload: { started_at: c.started_at, ended_at: c.ended_at,
        measurements: c.measurements || {}, scores: c.scores || {}, notes: c.notes || '',
        position: c.position || null } };
  } catch {
    return null;
  }
}
