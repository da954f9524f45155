/**
 * What the phone's copy of the work list must show of records that have left the outbox.
 * A record leaves once the server confirmed it, but the work list kept on the phone was
 * fetched before: until a list from the server includes the send, a waiting message read
 * "todo" (its reply went in as a second contact) and a corrected returned contact still
 * offered its old values (saved again, they undid the correction). So `finish` keeps the
 * server's answer beside the list (meta 'sent'), every list is drawn with it laid over, and
 * a fresh list lets go of what it already shows. Kept beside the list rather than merged
 * into it: a list fetched just before the send but stored just after would overwrite a
 * merge; an entry stays until a list shows the contact as new as the answer (the server's
 * updated_at), whenever that list was asked for. Plain functions.
 * @module outbox/sent
 */

/** Statuses whose content the work list carries (juror_app/sync/serializers.py). */
const EDITED_ON_THE_PHONE = ['awaiting_reply', 'returned'];

/**
 * The work list's contact (shapes.WorklistContact) from the server's answer to the
 * contact's PUT (shapes.Contact); null when the answer is not a contact.
 * @param {object} answer
 * @returns {object|null}
 */
export function listedCopy(answer) {
  if (!answer?.client_id || !answer.status || !answer.updated_at) return null;
  const { client_id: clientId, channel, status, review_comment: comment = '' } = answer;
  let editable = null;
  if (EDITED_ON_THE_PHONE.includes(status)) {
    // As the list leaves them out: a criterion not scored before the reply is asked for.
    const scores = Object.fromEntries(Object.entries(answer.scores || {})
      .filter(([, points]) => status !== 'awaiting_reply' || points !== null));
    editable = { measurements: answer.measurements || {}, scores, notes: answer.notes || '',
      position: answer.position || null,
      photo_ids: (answer.photos || []).map((p) => p.photo_id) };
  }
  return { client_id: clientId, channel, status, review_comment: comment,
    started_at: answer.started_at, ended_at: answer.ended_at ?? null,
    updated_at: answer.updated_at, editable };
}

/**
 * The entry `finish` keeps for a record that left: its listed copy, with the photos this
 * phone uploaded after the contact's answer.
 * @param {{assignment_id: number, server?: object}} record
 * @param {string[]} uploadedPhotoIds
 */
export function sentEntry(record, uploadedPhotoIds) {
  const contact = record.server;
  if (!contact) return null;
  if (contact.editable) {
    const ids = new Set([...contact.editable.photo_ids, ...uploadedPhotoIds]);
    return { assignment_id: record.assignment_id,
      contact: { ...contact, editable: { ...contact.editable, photo_ids: [...ids] } } };
  }
  return { assignment_id: record.assignment_id, contact };
}

/** Whether the list's copy is at least as new as the one the server answered with. */
function asNew(listed, sent) {
  return Boolean(listed) && Date.parse(listed.updated_at) >= Date.parse(sent.updated_at);
}

const findContact = (list, entry) => list?.assignments?.find((a) => a.id === entry.assignment_id)
  ?.contacts?.find((c) => c.client_id === entry.contact.client_id);

/**
 * The work list as it stands once the sent records are in it (a new object; the list
 * given is not changed). A list newer than an entry wins.
 * @param {object|null} list the /me/assignments answer
 * @param {Record<string, {assignment_id: number, contact: object}>} [sent]
 */
export function withSent(list, sent = {}) {
  const entries = Object.values(sent || {});
  if (!list || !entries.length) return list;
  return { ...list, assignments: (list.assignments || []).map((a) => {
    const mine = entries.filter((e) => e.assignment_id === a.id);
    if (!mine.length) return a;
    const contacts = [...(a.contacts || [])];
    for (const { contact } of mine) {
      const at = contacts.findIndex((c) => c.client_id === contact.client_id);
      if (at < 0) contacts.push(contact);
      else if (!asNew(contacts[at], contact)) contacts[at] = contact;
    }
    return { ...a, contacts };
  }) };
}

/**
 * The entries a list from the server does not show yet (an assignment it no longer has
 * takes its entries along).
 */
export function unseen(list, sent = {}) {
  return Object.fromEntries(Object.entries(sent || {}).filter(([, entry]) => {
    const assigned = list?.assignments?.some((a) => a.id === entry.assignment_id);
    return assigned && !asNew(findContact(list, entry), entry.contact);
  }));
}
