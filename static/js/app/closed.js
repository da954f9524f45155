/**
 * Editions whose results were frozen or published: their tasks leave the work list, and
 * the server answers 409 to anything sent for them. The phone says so — on the list, for
 * the contacts left unfinished there and the records still on the phone — instead of
 * "no participants yet" or a record that leads nowhere.
 * @module app/closed
 */
import { h, t, whenText } from './dom.js';

/**
 * The closed edition a task belongs to (the work list's `closed_editions`), or undefined.
 * @param {object|null} data the /me/assignments answer
 * @param {number|string} assignmentId
 */
export function closedEditionOf(data, assignmentId) {
  return (data?.closed_editions || []).find((e) => e.assignment_ids.includes(Number(assignmentId)));
}

/** "Badanie w edycji „…” jest zakończone — wyniki zamrożono. …" */
export function closedText(edition) {
  return t(edition.status === 'published' ? 'closed_published' : 'closed_frozen',
    { name: edition.name });
}

/**
 * A notice per closed edition worth one: the newest when no open task is left, and any
 * with contacts left unfinished or records still on the phone (older seasons stay quiet).
 * @param {object|null} data
 * @param {import('../outbox/store.js').OutboxRecord[]} records
 * @returns {HTMLElement[]}
 */
export function closedNotices(data, records) {
  const open = (data?.assignments || []).length;
  return (data?.closed_editions || []).map((e, i) => {
    const kept = records.filter((r) => e.assignment_ids.includes(r.assignment_id));
    const worth = (!open && i === 0) || e.unfinished.length || kept.length;
    return worth ? notice(e, kept) : null;
  }).filter(Boolean);
}

function notice(e, kept) {
  const where = (name, channel) => `${name} — ${t(`channel_${channel}`)}`;
  return h('section', { class: 'closed-edition', role: 'note', 'data-edition-id': e.id },
    h('p', {}, h('strong', {}, closedText(e))),
    e.unfinished.length ? [h('p', { class: 'hint' }, t('closed_unfinished')),
      h('ul', {}, e.unfinished.map((c) => h('li', { 'data-client-id': c.client_id },
        `${where(c.participant_name, c.channel)}, ${t(c.status)}, `,
        h('time', { datetime: c.started_at }, whenText(c.started_at)))))] : null,
    kept.length ? [h('p', { class: 'hint' }, t('closed_on_phone')),
      h('ul', {}, kept.map((r) => h('li', { 'data-client-id': r.client_id },
        h('a', { href: '#/outbox' }, where(r.participant_name, r.channel)))))] : null);
}

/**
 * In place of a form or card for a task that is gone from the list: why, when its edition
 * is closed ("no data, connect once" would be untrue then).
 */
export function closedTask(data, assignmentId) {
  const e = closedEditionOf(data, assignmentId);
  return h('p', { class: 'empty' }, e ? closedText(e) : t('no_data_offline'));
}
