/**
 * The juror app's service worker (an ES module worker, served by Flask at /sw.js).
 * Flask fills in VERSION (a hash of every precached file) and PRECACHE, so a release
 * changes the cache name by itself. Shell: cache-first from the versioned precache. The
 * precached /app/ is fetched here, not navigated to, so the server renders it without the
 * session's juror id and CSRF token (juror_app/pwa/page_session.py): the copy served to
 * whoever opens the app says nothing about a user; the page reads the app_user cookie.
 * Assignments: network-first, cached copy (marked as such) when offline. API writes: never
 * touched.
 * Background Sync replays the outbox with the same modules the page uses.
 */
import { CACHED_HEADER, createApi } from '/static/js/outbox/api.js';
import { openDb } from '/static/js/outbox/db.js';
import { getMeta } from '/static/js/outbox/store.js';
import { replayInBackground, sharedLock } from '/static/js/outbox/sync.js';

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const SHELL_CACHE = `shell-${VERSION}`;
// Static URLs carry ?v=<fingerprint>; the cache is keyed by path, since this worker's
// VERSION already changes with every file (a page still holding an older ?v gets the same
// release's bytes it was built with, from this very cache).
const pathOf = (url) => new URL(url, self.location.origin).pathname;
const PATHS = new Set(PRECACHE.map(pathOf));
const DATA_CACHE = 'data-v1';
const ASSIGNMENTS = '/api/v1/me/assignments';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // cache: 'reload' skips the HTTP cache, so the new version never stores stale bytes.
    await Promise.all(PRECACHE.map(async (url) => {
      const response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin' }));
      if (!response.ok || response.redirected) throw new Error(`precache ${url}: ${response.status}`);
      await cache.put(pathOf(url), response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('shell-') && n !== SHELL_CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return; // writes go straight to the network, never cached
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === ASSIGNMENTS) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === 'navigate' && url.pathname === '/app/') {
    event.respondWith(fromShell('/app/', request));
  } else if (PATHS.has(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
});

async function fromShell(key, request) {
  const cached = await caches.match(key, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(ASSIGNMENTS, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(ASSIGNMENTS);
    if (cached) return markedOld(cached);
    throw error;
  }
}

/** A cached answer says so: a plain 200 replaced the page's newer copy of the list. */
function markedOld(cached) {
  const headers = new Headers(cached.headers);
  headers.set(CACHED_HEADER, '1');
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText,
    headers });
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(replay());
});

self.addEventListener('message', (event) => {
  if (event.data === 'version') event.source?.postMessage({ version: VERSION });
});

/** Replay the outbox from the worker: the due records; anything left for later (a retry,
 * a 401, a page's pass holding the lock, a record waiting out its backoff) rejects, so the
 * browser fires `sync` again. */
async function replay() {
  const db = await openDb();
  try {
    const api = createApi({ getToken: () => getMeta(db, 'token'), Xhr: null });
    const owner = async () => (await getMeta(db, 'user'))?.id;
    await replayInBackground({ db, api, lock: sharedLock(), owner }, async (result) => {
      const clients = await self.clients.matchAll();
      clients.forEach((client) => client.postMessage({ synced: result }));
    });
  } finally {
    db.close();
  }
}
