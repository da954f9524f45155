/**
 * Soak driver: the REAL outbox modules (static/js/outbox/*.js) on fake-indexeddb, syncing
 * through the fault proxy to a real server, until nothing is left on the "phone".
 *
 * Usage: node tests/soak/driver.mjs CONFIG.json — prints one JSON line with what the phone
 * captured (ids, latest notes, the SHA-256 it took of each photo) and what happened on the way.
 *
 * The juror captures contacts in small bunches between sync passes, edits some records
 * that have not synced yet, and now and then the "tab is killed": in-flight requests are
 * aborted, the database connection is closed mid-pass, and a new page opens the same
 * IndexedDB again, as a browser would after a crash.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { IDBFactory } from 'fake-indexeddb';

import { createApi } from '../../static/js/outbox/api.js';
import { openDb } from '../../static/js/outbox/db.js';
import { sha256Base64 } from '../../static/js/outbox/digest.js';
import { getRecord, outbox, saveRecord, stats } from '../../static/js/outbox/store.js';
import { createSync } from '../../static/js/outbox/sync.js';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let seed = config.seed >>> 0;
/** mulberry32: a small seeded generator, so a run can be repeated. */
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];

const photoFiles = config.photos.map((path) => readFileSync(path));
let nextPhoto = 0;
const factory = new IDBFactory();
const captured = new Map(); // client_id -> {notes, photos: {id: sha256}, edits}
const events = { passes: 0, kills: 0, edits: 0, relogins: 0, results: {} };
let token = config.token;

/** One page's life: its own db connection, API client and sync loop. */
async function openPage() {
  const db = await openDb(factory, 'juror-outbox');
  const page = { db, killed: false, controllers: new Set() };
  const fetchImpl = async (url, options) => {
    if (page.killed) throw new TypeError('page closed');
    const controller = new AbortController();
    page.controllers.add(controller);
    try {
      return await fetch(url, { ...options, signal: controller.signal });
    } finally {
      page.controllers.delete(controller);
    }
  };
  const api = createApi({ getToken: async () => token, base: `${config.proxy}/api/v1`,
    fetchImpl, Xhr: undefined });
  // The juror this phone is logged in as: a record goes only under its own juror's token.
  page.sync = createSync({ db, api, random, now: () => Date.now(),
    owner: async () => config.juror_id });
  page.kill = () => {
    page.killed = true;
    for (const controller of page.controllers) controller.abort();
    db.close();
  };
  return page;
}

function contactPayload(template, notes) {
  // Started 30 min to 10 h ago and over before now: the server refuses future times.
  const minutesAgo = 30 + Math.floor(random() * 600);
  const started = new Date(Date.now() - minutesAgo * 60_000);
  const ended = new Date(started.getTime() + (3 + Math.floor(random() * 20)) * 60_000);
  return { ...template, started_at: isoWithOffset(started), ended_at: isoWithOffset(ended), notes };
}

function isoWithOffset(date) {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

async function capture(page, n) {
  const id = randomUUID();
  const template = pick(config.templates);
  const notes = `Kontakt ${n}: ${randomUUID().slice(0, 8)}`;
  const photos = [];
  const count = Math.floor(random() * 4); // 0–3 photos
  for (let i = 0; i < count; i += 1) {
    const bytes = photoFiles[nextPhoto % photoFiles.length];
    nextPhoto += 1;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    // The digest as the capture form takes it (outbox/digest.js), sent as Repr-Digest.
    const sha256 = await sha256Base64(buffer);
    photos.push({ id: randomUUID(), bytes: buffer, type: 'image/jpeg', size: bytes.byteLength,
      sha256 });
  }
  await saveRecord(page.db, { client_id: id, user_id: config.juror_id,
    payload: contactPayload(template, notes) }, photos);
  captured.set(id, { notes, edits: 0, photos: Object.fromEntries(photos.map((p) => [p.id,
    Buffer.from(p.sha256, 'base64').toString('hex')])) });
}

/** Edit a record still on the phone, as the juror correcting a note before it synced. */
async function editOne(page) {
  const ids = [...captured.keys()];
  for (let tries = 0; tries < 5 && ids.length; tries += 1) {
    const id = pick(ids);
    const record = await getRecord(page.db, id);
    if (!record) continue; // already synced and gone from the phone
    const notes = `${captured.get(id).notes} (poprawka ${captured.get(id).edits + 1})`;
    await saveRecord(page.db, { client_id: id, user_id: config.juror_id,
      payload: { ...record.payload, notes } });
    captured.get(id).notes = notes;
    captured.get(id).edits += 1;
    events.edits += 1;
    return;
  }
}

async function relogin() {
  const response = await fetch(`${config.server}/api/v1/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: config.email, password: config.password,
      device_name: 'Telefon soak' }),
  });
  if (response.status !== 201) throw new Error(`login failed: HTTP ${response.status}`);
  token = (await response.json()).token;
  events.relogins += 1;
}

/** Tally a pass; after a 401 the juror logs in again and the queue carries on. */
async function settle(result) {
  events.results[result.status] = (events.results[result.status] || 0) + 1;
  if (result.status === 'auth') await relogin();
}

const started = Date.now();
let page = await openPage();
let made = 0;
let drainedAt = null;
while (Date.now() - started < config.time_limit_s * 1000) {
  if (made < config.contacts) {
    const bunch = Math.min(config.contacts - made, 1 + Math.floor(random() * 5));
    for (let i = 0; i < bunch; i += 1) await capture(page, ++made);
    if (random() < config.edit_share * 3) await editOne(page);
  }
  events.passes += 1;
  const pass = page.sync.run({ force: true }).catch((error) => ({ status: 'killed', error }));
  if (random() < config.kill_share) {
    await new Promise((resolve) => { setTimeout(resolve, Math.floor(random() * 200)); });
    page.kill();
    events.kills += 1;
    await settle(await pass); // a dead page does nothing more
    page = await openPage();
    continue;
  }
  await settle(await pass);
  const left = await stats(page.db);
  if (made >= config.contacts && left.count === 0) { drainedAt = Date.now(); break; }
  if (made >= config.contacts && left.count === left.attention) break; // nothing due any more
}

const left = await stats(page.db);
const onPhone = (await outbox(page.db)).map((r) => ({ client_id: r.client_id, state: r.state,
  message: r.message }));
process.stdout.write(`${JSON.stringify({
  captured: Object.fromEntries(captured),
  outbox: left,
  on_phone: onPhone,
  events,
  drain_seconds: drainedAt ? (drainedAt - started) / 1000 : null,
})}\n`);
