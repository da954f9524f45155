/**
 * Session → device token. The logged-in page asks /app/token once; from then on the app
 * talks to the API with the bearer token only, so an expired session never blocks a sync.
 * @module app/auth
 */
import { getMeta, setMeta } from '../outbox/store.js';

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
 * Forget the juror this device spoke for: token and work list (the worker's copy too).
 * Their unsynced records stay; the sync sends only the logged-in juror's own.
 * @param {IDBDatabase} db
 */
export async function forgetJuror(db) {
  await setMeta(db, 'token', undefined);
  await setMeta(db, 'assignments', undefined);
  await globalThis.caches?.delete('data-v1');
}

/**
 * Get a new device token from the session and keep it. Null when not logged in or offline.
 * @param {IDBDatabase} db
 * @returns {Promise<string|null>}
 */
export async function requestToken(db) {
  try {
    const csrf = await csrfToken();
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
 * logged in now, the previous juror's token and work list go first.
 */
export async function ensureToken(db) {
  const stored = await getMeta(db, 'token');
  let session = null;
  try { session = await sessionInfo(); } catch { /* offline: keep working from the cache */ }
  if (stored && (!session || session.user_id === (await getMeta(db, 'user'))?.id)) return stored;
  if (stored) await forgetJuror(db);
  return requestToken(db);
}

/** Send the juror to the login page; it brings them back to the app afterwards. */
export function goToLogin() {
  window.location.assign('/login?next=/app/');
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
