/**
 * The outbox page: every record still on the phone, what it waits for, and — for what the
 * server refused — the juror's way to correct or discard it.
 * @module app/outbox_page
 */
import { ATTENTION, allRecords, getMeta, photosOf } from '../outbox/store.js';
import { ownedBy } from '../outbox/sync.js';
import { ageText } from '../time.js';
import { closedEditionOf, closedText } from './closed.js';
import { ageUnits, formatBytes, h, t } from './dom.js';

/**
 * The page, read from the outbox.
 * @param {Parameters<typeof photosOf>[0]} db
 * @param {(record: object, refusedPhotos: string[], whole?: boolean) => void} onDiscard
 * @param {object|null} [data] the work list: which records' editions are closed
 */
export async function outboxPage(db, onDiscard, data = null) {
  const records = await allRecords(db);
  const photos = { bytes: new Map(), refused: new Map() };
  for (const r of records) {
    const unsent = (await photosOf(db, r.client_id)).filter((p) => !p.uploaded);
    photos.bytes.set(r.client_id, unsent.reduce((s, p) => s + p.size, 0));
    photos.refused.set(r.client_id, unsent.filter((p) => p.refused)
      .map((p) => `„${p.name || t('photo')}”`));
  }
  const me = (await getMeta(db, 'user'))?.id;
  return h('section', {}, h('h1', {}, t('outbox')),
    outboxView(records, photos, onDiscard, me, Date.now(), data),
    h('a', { class: 'button', href: '#/' }, t('back')));
}

/**
 * @param {import('../outbox/store.js').OutboxRecord[]} records
 * @param {{bytes: Map<string, number>, refused: Map<string, string[]>}} photos per record:
 *   unsent photo bytes, and the names of the photos the server refused
 */
export function outboxView(records, photos, onDiscard, me, now = Date.now(), data = null) {
  if (!records.length) return h('p', { class: 'empty' }, t('outbox_empty'));
  return h('ul', { class: 'cards outbox' }, records.map((r) => (ownedBy(r, me)
    ? ownCard(r, photos, onDiscard, now, closedEditionOf(data, r.assignment_id))
    : othersCard(r, now))));
}

/**
 * Another juror's record (or one nobody has claimed yet, outbox/sync.js ownedBy): counted
 * and dated, nothing of what it holds, no way to change or discard it.
 */
function othersCard(r, now) {
  return h('li', { class: 'card', 'data-client-id': r.client_id, 'data-state': r.state },
    h('p', { class: 'hint' }, t('other_juror')),
    h('p', { class: 'hint' }, ageText(now - r.created_at, ageUnits())));
}

/**
 * The juror's record. One for a closed edition says so (the server's 409 only says the
 * edition takes nothing) and offers no correction: no form can make it acceptable.
 */
function ownCard(r, photos, onDiscard, now, closed) {
  const refused = photos.refused.get(r.client_id) || [];
  return h('li', { class: 'card', 'data-client-id': r.client_id, 'data-state': r.state },
    h('strong', {}, `${r.participant_name} — ${t(`channel_${r.channel}`)}`), ' ',
    h('span', { class: `badge ${r.state === ATTENTION ? 'bad' : 'warn'}` },
      t(r.state === ATTENTION ? 'needs_attention' : 'waiting')),
    h('p', { class: 'hint' }, ageText(now - r.created_at, ageUnits()),
      photos.bytes.get(r.client_id) ? ` · ${formatBytes(photos.bytes.get(r.client_id))}` : ''),
    closed ? h('p', { class: 'field-error closed-reason', role: 'note' }, closedText(closed)) : null,
    r.message && !closed ? h('p', { class: r.state === ATTENTION ? 'field-error' : 'hint', role: 'note' }, r.message) : null,
    r.state === ATTENTION && !closed ? h('a', { class: 'button', href: `#/capture/${r.assignment_id}/${r.channel}/${r.client_id}` },
      t('correct')) : null,
    // Only what the server refused can be thrown away, and only by the juror's choice: the
    // refused photos of a contact already on the server, or the refused contact — or, for a
    // closed edition, the whole record at once, before its first send meets the 409.
    r.state === ATTENTION || closed ? h('button', { type: 'button', class: 'button danger',
      onclick: () => (closed ? onDiscard(r, [], true) : onDiscard(r, refused)) },
    t(r.contact_sent && refused.length && !closed ? 'discard_photos' : 'discard')) : null);
}
