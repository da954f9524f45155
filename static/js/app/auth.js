/**
 * Session → device token. The logged-in page asks /app/token once; from then on the app
 * talks to the API with the bearer token only, so an expired session never blocks a sync.
 * @module app/auth
 */
import { getMeta, setMeta, stats } from '../outbox/store.js';
import { t } from './dom.js';

/** The device name the coordinator sees in the juror's device list. */
function deviceName() {
  const platform = navigator.userAgentData?.platform || navigator.platform || 'telefon';
  return `Aplikacja w terenie (${platform})`;
}

/** This session's CSRF token and juror id, or null when the session is gone (login page). */
async function sessionInfo() {
  const response = await fetch('/app/csrf', { credentials: 'same-origin', cache: 'no-store' });
  const json = response.ok && !response.redirected
    && (response.headers.get('Content-Type') || '').includes('json');
  return json ? response.json() : null;
}

async function csrfToken() {
  return (await sessionInfo())?.csrf_token ?? null;
}

/**
 * Whose session this page is in, known without a request: the juror id and CSRF token the
 * server rendered into a page the browser navigated to itself (never into the worker's
 * cached copy), else the id in the `app_user` cookie, which the server keeps in step with
 * the session at every login and logout (no CSRF token then). Null when neither says.
 * Only decides what the phone shows; the server trusts the session or the token, not this.
 * (juror_app/pwa/page_session.py)
 * @returns {{user_id: number, csrf_token: string|null}|null}
 */
export function pageSession(doc = document) {
  const { sessionUser, csrf } = doc.body.dataset;
  if (sessionUser && csrf) return { user_id: Number(sessionUser), csrf_token: csrf };
  const cookie = doc.cookie.split(/;\s*/).find((c) => c.startsWith('app_user='));
  const id = Number(cookie?.slice('app_user='.length));
  return Number.isInteger(id) && id > 0 ? { user_id: id, csrf_token: null } : null;
}

/**
 * Before anything is drawn: when the page's session is another juror's than the one the
 * phone's token and list belong to, those go (a shared phone; no request needed).
 * @param {IDBDatabase} db
 */
export async function forgetOtherJuror(db, session) {
  const mine = (await getMeta(db, 'user'))?.id;
  if (session && mine != null && session.user_id !== mine) await forgetJuror(db);
}

/**
 * The work list kept on the phone, if it is the list of the juror the stored token speaks
 * for (the list names its owner): what may be drawn before any request answers.
 * @param {IDBDatabase} db
 * @returns {Promise<{body: object, at: number}|null>}
 */
export async function keptList(db) {
  const [token, user, kept] = await Promise.all(
    ['token', 'user', 'assignments'].map((key) => getMeta(db, key)));
  const owner = kept?.body?.user?.id;
  return token && owner != null && owner === user?.id ? kept : null;
}

/**
 * Forget the juror this device spoke for: token and work list (the records sent since it
 * was fetched, and the worker's copy, too).
 * Their unsynced records stay; the sync sends only the logged-in juror's own.
 * @param {IDBDatabase} db
 */
export async function forgetJuror(db) {
  await setMeta(db, 'token', undefined);
  await setMeta(db, 'assignments', undefined);
  await setMeta(db, 'sent', undefined);
  await globalThis.caches?.delete('data-v1');
}

/**
 * Get a new device token from the session and keep it. Null when not logged in or offline.
 * @param {IDBDatabase} db
 * @param {string|null} knownCsrf the session's CSRF token when already known (one request less)
 * @returns {Promise<string|null>}
 */
export async function requestToken(db, knownCsrf = null) {
  try {
    const csrf = knownCsrf ?? await csrfToken();
    if (!csrf) return null;
    const response = await fetch('/app/token', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify({ device_name: deviceName() }),
    });
    if (response.status !== 201) return null;
    const { token, user } = await response.json();
    await setMeta(db, 'token', token);
    await setMeta(db, 'user', user);
    return token;
  } catch {
    return null; // offline: the juror keeps working from the cache
  }
}

/**
 * The stored token, or a new one from the session. A shared phone: when someone else is
 * logged in now, the previous juror's token and work list go first. /app/csrf is asked at
 * most once, and not at all when the server rendered the session into this page.
 * @param {IDBDatabase} db
 * @param {ReturnType<typeof pageSession>} known
 */
export async function ensureToken(db, known = null) {
  const stored = await getMeta(db, 'token');
  let session = known?.csrf_token ? known : null;
  if (!session) {
    try { session = await sessionInfo(); } catch { /* offline: keep working from the cache */ }
  }
  if (stored && (!session || session.user_id === (await getMeta(db, 'user'))?.id)) return stored;
  if (stored) await forgetJuror(db);
  return session ? requestToken(db, session.csrf_token) : null;
}

/** Send the juror to the login page; it brings them back to the app afterwards. */
export function goToLogin() {
  window.location.assign('/login?next=/app/');
}

/**
 * The logout button: at once when nothing waits, else after the juror confirms that the
 * unsent records stay on the phone until they log in here again.
 */
export async function confirmLogout(db, api) {
  const { count } = await stats(db);
  if (count === 0) { await logout(db, api); return; }
  const dialog = document.getElementById('logout-dialog');
  document.getElementById('logout-text').textContent = t('logout_confirm', { count });
  dialog.returnValue = '';
  dialog.showModal();
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') logout(db, api);
  }, { once: true });
}

/**
 * Log out: revoke the token (when online), end the session, keep the unsynced records.
 * @param {IDBDatabase} db
 * @param {ReturnType<import('../outbox/api.js').createApi>} api
 */
export async function logout(db, api) {
  try { await api.revokeToken(); } catch { /* offline: the page logout below ends it too */ }
  await forgetJuror(db);
  try {
    const csrf = await csrfToken();
    if (csrf) {
      await fetch('/logout', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf_token: csrf }) });
    }
  } catch { /* offline: the session cookie expires by itself */ }
  window.location.assign('/login');
}
