/**
 * The list of assignments (with contact details for tel:/mailto:), open drafts, and the
 * outbox with what needs attention.
 * @module app/views
 */
import { ageUnits, formatBytes, h, t } from './dom.js';
import { ATTENTION, DRAFT } from '../outbox/store.js';
import { ageText } from '../time.js';

/**
 * @param {object} data the /me/assignments answer (possibly from cache)
 * @param {import('../outbox/store.js').OutboxRecord[]} records everything on the phone
 * @returns {HTMLElement}
 */
export function listView(data, records) {
  const local = new Map(records.map((r) => [r.client_id, r]));
  const open = records.filter((r) => r.state === DRAFT);
  const assignments = data?.assignments || [];
  return h('div', { class: 'list' }, h('h1', {}, t('assignments')),
    open.length ? h('section', {}, h('h2', {}, t('drafts')),
      h('ul', { class: 'cards' }, open.map((r) => h('li', { class: 'card' },
        h('a', { href: `#/capture/${r.assignment_id}/${r.channel}/${r.client_id}` },
          `${r.participant_name} — ${t(`channel_${r.channel}`)}`),
        ' ', h('span', { class: 'badge warn' }, t('waiting_reply')))))) : null,
    assignments.length ? h('ul', { class: 'cards' }, assignments.map((a) => assignmentCard(a, local)))
      : h('p', { class: 'empty' }, t(data ? 'no_assignments' : 'no_data_offline')));
}

function assignmentCard(a, local) {
  const p = a.participant;
  const social = Object.entries(p.social_profiles || {});
  return h('li', { class: 'card assignment', 'data-assignment-id': a.id },
    h('h2', {}, p.name),
    h('p', { class: 'hint' }, [p.address, [p.postal_code, p.city].filter(Boolean).join(' ')]
      .filter(Boolean).join(', '), a.due_on ? ` · ${t('due', { date: a.due_on })}` : ''),
    h('p', { class: 'contact-links' },
      p.phone ? h('a', { class: 'button', href: `tel:${p.phone.replace(/\s+/g, '')}` }, `${t('call')}: ${p.phone}`) : null,
      p.email ? h('a', { class: 'button', href: `mailto:${p.email}` }, `${t('write')}: ${p.email}`) : null,
      p.website ? h('a', { class: 'button', href: p.website, target: '_blank', rel: 'noopener' }, t('website')) : null,
      social.map(([name, url]) => h('a', { class: 'button', href: url, target: '_blank', rel: 'noopener' }, name))),
    h('ul', { class: 'channels' }, a.channels.map((channel) => channelRow(a, channel, local))));
}

function channelRow(a, channel, local) {
  const contacts = (a.contacts || []).filter((c) => c.channel === channel);
  const queued = [...local.values()].filter((r) => r.assignment_id === a.id && r.channel === channel);
  return h('li', { 'data-channel': channel },
    h('strong', {}, t(`channel_${channel}`)), ' ',
    contacts.map((c) => h('span', {},
      h('span', { class: `badge ${c.status === 'returned' ? 'bad' : 'ok'}` }, t(c.status)), ' ',
      c.status === 'returned' && !local.has(c.client_id)
        ? h('a', { href: `#/capture/${a.id}/${channel}/${c.client_id}`, class: 'button' }, t('correct')) : null,
      c.review_comment ? h('span', { class: 'hint' }, ` ${c.review_comment}`) : null, ' ')),
    queued.map((r) => h('span', { class: `badge ${r.state === ATTENTION ? 'bad' : 'warn'}` },
      t(r.state === ATTENTION ? 'needs_attention' : r.state === DRAFT ? 'waiting_reply' : 'waiting'))),
    ' ',
    h('a', { class: 'button primary', href: `#/capture/${a.id}/${channel}` }, t('new_contact')));
}

/**
 * @param {import('../outbox/store.js').OutboxRecord[]} records not drafts
 * @param {Map<string, number>} bytes unsent photo bytes per record
 */
export function outboxView(records, bytes, onDiscard, me, now = Date.now()) {
  if (!records.length) return h('p', { class: 'empty' }, t('outbox_empty'));
  return h('ul', { class: 'cards outbox' }, records.map((r) => h('li', {
    class: 'card', 'data-client-id': r.client_id, 'data-state': r.state },
  h('strong', {}, `${r.participant_name} — ${t(`channel_${r.channel}`)}`), ' ',
  h('span', { class: `badge ${r.state === ATTENTION ? 'bad' : 'warn'}` },
    t(r.state === ATTENTION ? 'needs_attention' : 'waiting')),
  h('p', { class: 'hint' }, ageText(now - r.created_at, ageUnits()),
    bytes.get(r.client_id) ? ` · ${formatBytes(bytes.get(r.client_id))}` : ''),
  r.message ? h('p', { class: r.state === ATTENTION ? 'field-error' : 'hint', role: 'note' }, r.message) : null,
  r.state === ATTENTION ? h('a', { class: 'button', href: `#/capture/${r.assignment_id}/${r.channel}/${r.client_id}` },
    t('correct')) : null,
  // Only a record the server refused can be thrown away, and only by the juror's choice.
  r.user_id && me && r.user_id !== me ? h('p', { class: 'hint' }, t('other_juror')) : null,
  r.state === ATTENTION && (!r.user_id || r.user_id === me) ? h('button', { type: 'button', class: 'button danger',
    onclick: () => onDiscard(r) }, t('discard')) : null)));
}
