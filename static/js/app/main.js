/**
 * Wiring: open the outbox, register the service worker, draw the work list the phone keeps
 * at once and refresh it from the network behind it, route between list / capture /
 * outbox, and run the sync on page load, `online`, after each capture, on a timer, from
 * the button and via Background Sync.
 * What the sticky status row shows is drawn by app/status_row.js.
 * @module app/main
 */
import { NetworkError, createApi } from '../outbox/api.js';
import { openDb, reopening } from '../outbox/db.js';
import {
  PENDING, allRecords, discardRefused, getMeta, keepWorkList, setMeta, stats,
} from '../outbox/store.js';
import { withSent } from '../outbox/sent.js';
import { createSync, sharedLock } from '../outbox/sync.js';
import { ageText } from '../time.js';
import {
  confirmLogout, ensureToken, forgetJuror, forgetOtherJuror, goToLogin, keptList, pageSession,
  requestToken,
} from './auth.js';
import { captureView } from './capture.js';
import { existingContact } from './existing.js';
import { ageUnits, flash, flashKey, h, t } from './dom.js';
import {
  cover, refreshStatus, showNetwork, showNewerVersion, showOutboxUnreadable, showProgress,
  showStorageTrouble,
} from './status_row.js';
import { outboxPage } from './outbox_page.js';
import { closedTask, listView, participantView } from './views.js';

const TIMER_MS = 30_000;
const $ = (id) => document.getElementById(id);
const app = { db: null, api: null, sync: null, data: null, syncing: false, retryTimer: 0,
  shown: null, keepFlash: false };

async function boot() {
  // Reopened by itself after a newer release's upgrade closed it (outbox/db.js).
  app.db = reopening(() => openDb(), showNewerVersion);
  try { await app.db.get(); } catch (error) { showOutboxUnreadable(error); return; }
  app.api = createApi({ getToken: () => getMeta(app.db, 'token') });
  app.sync = createSync({ db: app.db, api: app.api, lock: sharedLock(), onProgress: showProgress,
    owner: async () => (await getMeta(app.db, 'user'))?.id, offlineMessage: t('no_connection') });
  registerWorker();
  navigator.storage?.persist?.().then((granted) => { if (!granted) console.info(t('persist_denied')); });
  $('sync-now').addEventListener('click', syncTapped);
  $('relogin-button').addEventListener('click', relogin);
  $('logout').addEventListener('click', () => confirmLogout(app.db, app.api));
  $('hide').addEventListener('click', () => cover(true));
  $('unhide').addEventListener('click', () => cover(false));
  window.addEventListener('hashchange', () => {
    // A message belongs to the view it was said on, unless it reports what led here (saved).
    if (!app.keepFlash) flash('');
    app.keepFlash = false;
    route();
  });
  window.addEventListener('online', () => { showNetwork(); runSync(true); });
  window.addEventListener('offline', showNetwork);
  setInterval(() => runSync(false), TIMER_MS);
  showNetwork();
  // First paint from the phone: no request is waited for when a list of this juror's is
  // kept (issue 15.8). Another juror's session is known without one too (pageSession).
  const session = pageSession();
  await forgetOtherJuror(app.db, session);
  const kept = await keptList(app.db);
  if (kept) {
    app.data = kept.body;
    await route();
  }
  await refreshFromNetwork(session);
  if (!kept) await route();
  runSync(true); // opening the app is the juror asking for a sync: ignore old backoff
}

/**
 * Token and list from the network, behind what is drawn. With a token kept, the list is
 * asked for beside the session check; its answer counts only if the check kept that token.
 */
async function refreshFromNetwork(session) {
  const before = await getMeta(app.db, 'token');
  const early = before ? app.api.assignments() : null;
  early?.catch(() => {}); // a discarded early answer's network error is nobody's business
  const token = await ensureToken(app.db, session);
  if (before && token !== before && app.data) {
    app.data = null; // that token's juror is not this session's: their list goes at once
    await refresh();
  }
  if (!token && navigator.onLine) showRelogin();
  await loadData(token && token === before ? early : null);
}

function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'module' }).catch(() => {});
  // Background Sync ran in the worker (holding the lock, so our own pass said "busy").
  navigator.serviceWorker.addEventListener('message', async (event) => {
    const result = event.data?.synced;
    if (!result) return;
    showStorageTrouble(result);
    if (result.status === 'auth') {
      await setMeta(app.db, 'token', undefined);
      showRelogin();
    }
    if (result.sent) await loadData();
    await refresh();
  });
}

/**
 * Assignments from the API (or the answer to a request already made); offline or failing,
 * the last copy kept in IndexedDB (the worker's cached answer only when there is none: the
 * phone's copy knows the records sent since). Either way with the records that left the
 * outbox laid over (outbox/sent.js). What is on screen is redrawn only when the list
 * changed (never a capture form being typed: refresh() leaves it alone).
 */
async function loadData(pending = null) {
  const shown = app.data;
  let cached = null;
  try {
    const answer = await (pending || app.api.assignments());
    if (answer.status === 200 && !answer.cached) {
      app.data = withSent(answer.body, await keepWorkList(app.db, answer.body));
      if (flashKey() === 'cache') flash('');
      if (shown && !sameList(shown, app.data)) await refresh();
      return;
    }
    if (answer.status === 200) cached = answer.body;
    if (answer.status === 401) {
      // This device no longer speaks for that juror: their list goes from the screen first.
      await forgetJuror(app.db);
      app.data = null;
      await refresh();
      showRelogin(answer.body?.message);
      return;
    }
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
  }
  const kept = await getMeta(app.db, 'assignments');
  app.data = withSent(kept?.body || cached, await getMeta(app.db, 'sent')) || null;
  if (kept) flash(t('from_cache', { age: ageText(Date.now() - kept.at, ageUnits()) }), 'info', 'cache');
}

/** The same work list, whenever the server answered (server_time always differs). */
function sameList(a, b) {
  const stamped = ({ server_time: _, ...rest }) => JSON.stringify(rest);
  return stamped(a) === stamped(b);
}

let routeSeq = 0;

async function route() {
  const seq = ++routeSeq;
  const hash = window.location.hash || '#/';
  const [, view, ...args] = hash.split('/');
  // Records that left the outbox since the list was fetched (a pass here, in another tab
  // or in the worker) are in the list before anything is drawn from it.
  app.data = withSent(app.data, await getMeta(app.db, 'sent'));
  let content;
  if (view === 'capture') content = await capturePage(...args);
  else if (view === 'outbox') content = await outboxPage(app.db, discard, app.data);
  else if (view === 'participant') content = await participantPage(...args);
  else content = listView(app.data, await allRecords(app.db));
  // A slower, older render (e.g. a refresh after sync) must not replace a newer page.
  if (seq === routeSeq && hash === (window.location.hash || '#/')) {
    $('view').replaceChildren(content);
    if (hash !== app.shown) showTop();
    app.shown = hash;
  }
  await refreshStatus(app.db);
}

/** A new view starts at its top, focus on its heading (screen readers announce it). */
function showTop() {
  window.scrollTo(0, 0);
  const heading = $('view').querySelector('h1');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

async function capturePage(assignmentId, channel, clientId) {
  const assignment = app.data?.assignments?.find((a) => String(a.id) === assignmentId);
  const spec = assignment && app.data.rubrics?.[assignment.edition_id]?.data?.channels?.[channel];
  if (!spec) return closedTask(app.data, assignmentId);
  const existing = clientId ? await existingContact(app.db, assignment, clientId) : null;
  if (clientId && !existing) return h('p', { class: 'empty' }, t('no_data_offline'));
  return captureView({ db: app.db, assignment, channelSpec: spec, channel, existing,
    userId: (await getMeta(app.db, 'user'))?.id ?? app.data?.user?.id,
    onSaved: async (waiting) => {
      // Count the new record before its page shows: a status row still saying "all sent"
      // beside "saved on the phone" would be a lie (and a test reading it would race us).
      await refreshStatus(app.db);
      app.keepFlash = true;
      window.location.hash = waiting ? `#/participant/${assignmentId}` : '#/outbox';
      runSync(true);
    } });
}

async function participantPage(assignmentId) {
  const assignment = app.data?.assignments?.find((a) => String(a.id) === assignmentId);
  if (!assignment) return closedTask(app.data, assignmentId);
  return participantView(assignment, await allRecords(app.db));
}

/**
 * The juror gives up on what the server refused: a contact (e.g. approved meanwhile) with
 * its photos, only the refused photos of one on the server, or (`whole`) a closed edition's.
 */
async function discard(record, refusedPhotos, whole = false) {
  const onlyPhotos = record.contact_sent && refusedPhotos.length;
  const question = onlyPhotos ? t('discard_photos_confirm', { photos: refusedPhotos.join(', ') })
    : t('discard_confirm', { name: record.participant_name });
  if (!window.confirm(question)) return;
  await discardRefused(app.db, record.client_id, record.revision, whole);
  await refresh();
  runSync(true); // photos never tried go out now
}

/** The juror asked for a sync: always answer, even when nothing can be sent now. */
async function syncTapped() {
  if (!navigator.onLine) flash(t('offline'), 'info', 'offline');
  await runSync(true);
}

async function runSync(force) {
  // navigator.onLine === false is certain (true is only a guess): no point trying then.
  if (!navigator.onLine) {
    // Let the browser replay it when the network is back, even if the app is closed by then.
    if ((await stats(app.db)).count) registerBackgroundSync();
    return;
  }
  if (app.syncing) return;
  if (!(await getMeta(app.db, 'token'))) { await refreshStatus(app.db); return; }
  app.syncing = true;
  $('sync-now').disabled = true;
  try {
    const result = await app.sync.run({ force });
    showStorageTrouble(result);
    if (result.status === 'auth') {
      await setMeta(app.db, 'token', undefined);
      showRelogin();
    }
    if (result.status === 'retry') registerBackgroundSync();
    if (result.sent) await loadData();
    if (result.status !== 'auth') await scheduleRetry();
  } finally {
    app.syncing = false;
    $('sync-now').disabled = false;
    showProgress({ records: 0 }); // nothing moves any more: no progress left on screen
    await refresh();
  }
}

/** Wake up when the earliest backoff ends, rather than at the next timer tick. */
async function scheduleRetry() {
  const due = (await allRecords(app.db)).filter((r) => r.state === PENDING && r.next_attempt_at)
    .map((r) => r.next_attempt_at);
  clearTimeout(app.retryTimer);
  if (due.length) {
    const wait = Math.min(TIMER_MS, Math.max(0, Math.min(...due) - Date.now()) + 100);
    app.retryTimer = setTimeout(() => runSync(false), wait);
  }
}

async function refresh() {
  const hash = window.location.hash || '#/';
  if (!hash.startsWith('#/capture')) await route();
  else await refreshStatus(app.db);
}

/** The login prompt, with the server's reason when it gave one (e.g. idle for 90 days). */
function showRelogin(reason) {
  if (reason) $('relogin-reason').textContent = reason;
  $('relogin').hidden = false;
}

/** Try the session first (it may still be alive); otherwise the login page. */
async function relogin() {
  if (await requestToken(app.db)) {
    $('relogin').hidden = true;
    await loadData();
    await runSync(true);
  } else {
    goToLogin();
  }
}

async function registerBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register('outbox');
  } catch { /* not supported (Safari, Firefox): the timer and `online` cover it */ }
}

boot();
