/**
 * The sticky status row: what waits to be sent and how old it is, the offline mark, the
 * progress while records move (gone once nothing does), the iPhone storage warning, and
 * the one-tap cover behind its "Ukryj" button, and the notice that a newer release took over
 * the phone's data.
 * @module app/status_row
 */
import { getRecord, stats } from '../outbox/store.js';
import { OutboxTooNewError } from '../outbox/db.js';
import { ageText } from '../time.js';
import { ageUnits, flash, flashKey, formatBytes, h, t } from './dom.js';

const IOS_WARN_MS = 3 * 86_400_000;
const $ = (id) => document.getElementById(id);
let coveredAt = 0;

/** While records move: the bar and "1/2 zapisów, 160 kB z 1,2 MB" in the status row. */
export function showProgress(p) {
  const moving = p.records > 0;
  const bar = $('sync-progress');
  bar.hidden = !moving;
  $('sync-detail').hidden = !moving;
  $('queue-status').hidden = moving;
  if (!moving) return;
  bar.max = Math.max(1, p.records + p.bytes);
  bar.value = p.done + p.sent;
  $('sync-detail').textContent = t('syncing', { done: p.done, records: p.records,
    sent: formatBytes(p.sent), bytes: formatBytes(p.bytes) });
}

/** What waits to be sent and since when; the iPhone warning when that is days old. */
export async function refreshStatus(db) {
  const s = await stats(db);
  const status = $('queue-status');
  status.dataset.count = String(s.count);
  status.dataset.attention = String(s.attention);
  const age = s.oldest ? Date.now() - s.oldest : 0;
  // "Zapisano w telefonie…" is no longer true once the record has left the phone.
  if (flashKey().startsWith('saved:') && !(await getRecord(db, flashKey().slice(6)))) flash('');
  status.replaceChildren(s.count
    ? h('a', { href: '#/outbox' }, t('unsynced', { count: s.count, age: ageText(age, ageUnits()) }))
    : t('all_synced'));
  const ios = /iP(hone|ad|od)/.test(navigator.userAgent)
    || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  $('ios-warning').hidden = !(ios && age > IOS_WARN_MS);
  $('ios-warning').textContent = t('ios_warning');
}

/** The short offline mark (the whole sentence in its title). */
export function showNetwork() {
  $('net-status').hidden = navigator.onLine;
  $('net-status').textContent = t('offline_short');
  $('net-status').title = t('offline');
  if (navigator.onLine && flashKey() === 'offline') flash('');
}

/**
 * Blank the screen to a neutral one and back. Only hidden, never re-rendered: whatever the
 * juror typed stays in the form, and the page returns to where it was scrolled.
 */
export function cover(on) {
  if (on) coveredAt = window.scrollY;
  document.body.classList.toggle('covered', on);
  $('cover').hidden = !on;
  $(on ? 'unhide' : 'hide').focus({ preventScroll: true });
  if (!on) window.scrollTo(0, coveredAt);
}

/**
 * A newer release upgraded the phone's database (another tab or its worker): this page's
 * code is older now. It still saves (outbox/db.js reopening), so the juror finishes what
 * they type, saves, and then reloads to get the new code.
 */
export function showNewerVersion() {
  $('update-notice').textContent = t('newer_version');
  $('update-notice').hidden = false;
}

/**
 * A pass stopped because the phone refused to write (storage full): said until a pass gets
 * through, since nothing moves before the juror frees space.
 * @param {import('../outbox/sync.js').SyncResult} result
 */
export function showStorageTrouble(result) {
  if (result.status === 'storage') flash(t('storage_full'), 'error', 'storage');
  else if (result.status === 'done' && flashKey() === 'storage') flash('');
}

/**
 * The phone's data cannot be opened by this code (a rolled-back release older than the
 * data, or storage failing): say what to do instead of "Wczytywanie…" for ever. The data
 * stays untouched, records included, for the release that can read it.
 * @param {Error} error
 */
export function showOutboxUnreadable(error) {
  const text = error instanceof OutboxTooNewError ? t('data_too_new')
    : t('data_unreadable', { error: error?.name || String(error) });
  $('view').replaceChildren(h('p', { class: 'flash flash-error', role: 'alert' }, text));
  $('queue-status').textContent = '';
}
