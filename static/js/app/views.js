/**
 * The work list (a row per participant: what is left, the due date), a participant's card
 * (tel:/mailto: links, each channel with its action). The outbox: app/outbox_page.js;
 * what is said of closed editions: app/closed.js.
 * @module app/views
 */
import { h, t, whenText } from './dom.js';
import { closedNotices } from './closed.js';
import { ATTENTION, PENDING } from '../outbox/store.js';

/** Channel states, worst first: the row names what is left in this order. */
const LEFT = ['attention', 'returned', 'todo', 'waiting_reply'];

export { closedTask } from './closed.js';

/** A message saved on the phone before its reply came: the juror opens it to add the reply. */
const waitingMessage = (r) => r.state === PENDING && !r.payload?.ended_at
  && ['email', 'social_media'].includes(r.channel);

/**
 * Where one channel of an assignment stands, from the server's contacts and the phone's.
 * @returns {'attention'|'returned'|'todo'|'waiting_reply'|'queued'|'done'}
 */
export function channelState(a, channel, records) {
  const local = records.filter((r) => r.assignment_id === a.id && r.channel === channel);
  const server = (a.contacts || []).filter((c) => c.channel === channel
    && !local.some((r) => r.client_id === c.client_id)); // the phone's copy is newer
  if (local.some((r) => r.state === ATTENTION)) return 'attention';
  if (local.some(waitingMessage) || server.some((c) => c.status === 'awaiting_reply')) return 'waiting_reply';
  if (local.length) return 'queued';
  if (server.some((c) => c.status === 'returned')) return 'returned';
  if (server.some((c) => ['submitted', 'resubmitted', 'approved'].includes(c.status))) return 'done';
  return 'todo'; // nothing yet, or only rejected contacts
}

/** "28 lis 2026" in the page's language (Intl), from an ISO date "2026-11-28". */
export function dueText(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(document.documentElement.lang || 'pl',
    { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(y, m - 1, d));
}

/** Whole days from today (the phone's calendar) to an ISO date; negative when past. */
export function daysLeft(iso, today = new Date()) {
  const [y, m, d] = iso.split('-').map(Number);
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((new Date(y, m - 1, d) - midnight) / 86_400_000);
}

function dueLine(a, left) {
  if (!a.due_on) return null;
  const late = left.length > 0 && daysLeft(a.due_on) < 0;
  return h('span', { class: `due${late ? ' overdue' : ''}` },
    h('time', { datetime: a.due_on }, t('due', { date: dueText(a.due_on) })),
    late ? [' ', h('span', { class: 'badge bad' }, t('overdue'))] : null);
}

/**
 * The work list: one compact row per participant with what is left and the due date.
 * @param {object} data the /me/assignments answer (possibly from cache)
 * @param {import('../outbox/store.js').OutboxRecord[]} records everything on the phone
 * @returns {HTMLElement}
 */
export function listView(data, records) {
  const assignments = data?.assignments || [];
  const closed = closedNotices(data, records);
  // Heading and hint as templates/pwa/shell.html paints them before any script runs.
  return h('div', { class: 'list' }, h('h1', {}, t('assignments')),
    h('p', { class: 'hint list-hint' }, t('list_hint')), closed,
    assignments.length ? h('ul', { class: 'rows' }, assignments.map((a) => row(a, records)))
      // "None assigned yet" is untrue once the tasks left with a freeze: the notice says why.
      : closed.length ? null : h('p', { class: 'empty' }, t(data ? 'no_assignments' : 'no_data_offline')));
}

function row(a, records) {
  const states = a.channels.map((channel) => [channel, channelState(a, channel, records)]);
  const left = states.filter(([, state]) => LEFT.includes(state))
    .sort(([, x], [, y]) => LEFT.indexOf(x) - LEFT.indexOf(y));
  return h('li', { 'data-assignment-id': a.id, class: `row${left.length ? '' : ' complete'}` },
    h('a', { href: `#/participant/${a.id}` },
      h('span', { class: 'row-name' }, a.participant.name),
      h('span', { class: 'row-left' }, left.length
        ? left.map(([channel, state], i) => [i ? ', ' : '', t(`channel_${channel}`),
          state === 'todo' ? '' : ` (${t(state === 'attention' ? 'needs_attention' : state)})`])
        : t('all_done')),
      dueLine(a, left)));
}

/**
 * One participant: how to reach them and each channel with its action.
 * @returns {HTMLElement}
 */
export function participantView(a, records) {
  const p = a.participant;
  const social = Object.entries(p.social_profiles || {});
  const left = a.channels.filter((channel) => LEFT.includes(channelState(a, channel, records)));
  return h('section', { class: 'participant', 'data-assignment-id': a.id },
    h('h1', {}, p.name),
    h('p', { class: 'hint' }, [p.address, [p.postal_code, p.city].filter(Boolean).join(' ')]
      .filter(Boolean).join(', ')),
    a.due_on ? h('p', {}, dueLine(a, left)) : null,
    h('p', { class: 'contact-links' },
      p.phone ? h('a', { class: 'button', href: `tel:${p.phone.replace(/\s+/g, '')}` }, `${t('call')}: ${p.phone}`) : null,
      p.email ? h('a', { class: 'button', href: `mailto:${p.email}` }, `${t('write')}: ${p.email}`) : null,
      p.website ? h('a', { class: 'button', href: p.website, target: '_blank', rel: 'noopener' }, t('website')) : null,
      social.map(([name, url]) => h('a', { class: 'button', href: url, target: '_blank', rel: 'noopener' }, name))),
    h('ul', { class: 'channels' }, a.channels.map((channel) => channelRow(a, channel, records))),
    h('a', { class: 'button', href: '#/' }, t('back')));
}

/** How many characters of the notes tell two waiting messages apart on a 360 px card. */
const NOTES_SHOWN = 60;

/**
 * When a message waiting for its reply was sent and how its notes begin: two such rows of
 * one channel otherwise read the same, and the juror opens the wrong one for a reply.
 */
function whichOne(startedAt, notes) {
  const text = (notes || '').trim().replace(/\s+/g, ' ');
  const start = text.length > NOTES_SHOWN ? `${text.slice(0, NOTES_SHOWN).trimEnd()}…` : text;
  return h('span', { class: 'hint waiting-which' },
    startedAt ? h('time', { datetime: startedAt }, t('waiting_sent_at', { time: whenText(startedAt) })) : null,
    start ? h('span', { class: 'notes-start' }, `„${start}”`) : null);
}

function channelRow(a, channel, records) {
  const local = new Map(records.map((r) => [r.client_id, r]));
  const contacts = (a.contacts || []).filter((c) => c.channel === channel && !local.has(c.client_id));
  const queued = records.filter((r) => r.assignment_id === a.id && r.channel === channel);
  const state = channelState(a, channel, records);
  const open = (id) => `#/capture/${a.id}/${channel}/${id}`;
  return h('li', { 'data-channel': channel, class: `channel-row state-${state}` },
    h('h2', {}, t(`channel_${channel}`)),
    contacts.map((c) => h('p', {},
      h('span', { class: `badge ${c.status === 'returned' ? 'bad' : 'ok'}` }, t(c.status)),
      c.review_comment ? h('span', { class: 'hint' }, ` ${c.review_comment}`) : null,
      c.status === 'awaiting_reply' ? whichOne(c.started_at, c.editable?.notes) : null,
      c.status === 'returned' || c.status === 'awaiting_reply'
        ? h('a', { href: open(c.client_id), class: 'button' }, t(c.status === 'returned' ? 'correct' : 'open')) : null)),
    queued.map((r) => h('p', {},
      h('span', { class: `badge ${r.state === ATTENTION ? 'bad' : 'warn'}` },
        t(r.state === ATTENTION ? 'needs_attention' : waitingMessage(r) ? 'waiting_reply' : 'waiting')),
      waitingMessage(r) ? whichOne(r.payload.started_at, r.payload.notes) : null,
      waitingMessage(r) ? h('a', { href: open(r.client_id), class: 'button' }, t('open')) : null)),
    h('a', { class: `button${state === 'todo' ? ' primary' : ''}`, href: `#/capture/${a.id}/${channel}` },
      t('new_contact')));
}
