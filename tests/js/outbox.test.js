import assert from 'node:assert/strict';
import { test } from 'node:test';

import { IDBFactory } from 'fake-indexeddb';

import { openDb } from '../../static/js/outbox/db.js';
import {
  ATTENTION, PENDING, discardRefused, finish, getMeta, getRecord, markContactSent, outbox,
  photosOf, saveRecord, setMeta, stats, removePhoto, markPhotoSending, markPhotoUploaded,
} from '../../static/js/outbox/store.js';
import { SENDING_STALE_MS } from '../../static/js/outbox/photo_marks.js';
import { createSync } from '../../static/js/outbox/sync.js';
import { freshDb, me, photo, record, scriptedApi } from './helpers.js';

test('a saved record and its photos are stored together and counted', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a', 300), photo('p2', 'a', 200)], 1000);
  const stored = await getRecord(db, 'a');
  assert.equal(stored.state, PENDING);
  assert.equal(stored.revision, 1);
  assert.equal((await photosOf(db, 'a')).length, 2);
  assert.deepEqual(await stats(db),
    { count: 1, attention: 0, oldest: 1000, bytes: 500 });
});

test('photo bytes survive the round trip as an ArrayBuffer', async () => {
  const db = await freshDb();
  const p = photo('p1', 'a', 4);
  new Uint8Array(p.bytes).set([1, 2, 3, 4]);
  await saveRecord(db, record('a'), [p]);
  const [back] = await photosOf(db, 'a');
  assert.ok(back.bytes instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(back.bytes)], [1, 2, 3, 4]);
});

/** The outbox as the first version made it (db.js version 1), holding `records`. */
async function versionOneDb(factory, name, records) {
  const db = await new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('records', { keyPath: 'client_id' });
      store.createIndex('state', 'state');
      store.createIndex('created_at', 'created_at');
      request.result.createObjectStore('photos', { keyPath: 'id' }).createIndex('client_id', 'client_id');
      request.result.createObjectStore('meta', { keyPath: 'key' });
      for (const r of records) store.put(r);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
}

test("an earlier version's drafts are promoted to the outbox once, at the upgrade", async () => {
  const factory = new IDBFactory();
  const waiting = { ...record('d', { channel: 'email' }), state: 'draft', revision: 3,
    created_at: 10, attempts: 2, next_attempt_at: 99, contact_sent: true };
  waiting.payload = { ...waiting.payload, channel: 'email', ended_at: null };
  const sent = { ...record('x'), state: ATTENTION, revision: 1, created_at: 20, message: 'zły' };
  await versionOneDb(factory, 'old-phone', [waiting, sent]);
  const db = await openDb(factory, 'old-phone');
  const promoted = await getRecord(db, 'd');
  assert.equal(promoted.state, PENDING, 'a draft is never synced: it must become pending');
  assert.deepEqual([promoted.attempts, promoted.next_attempt_at, promoted.contact_sent],
    [0, 0, false], 'due at once, its body still to send');
  assert.equal(promoted.revision, 3);
  assert.deepEqual(promoted.payload, waiting.payload, 'the send time and notes are kept');
  assert.equal((await getRecord(db, 'x')).state, ATTENTION, 'other records untouched');
  assert.deepEqual((await outbox(db)).map((r) => r.client_id), ['d', 'x']);
  assert.equal((await stats(db)).count, 2);
  const api = scriptedApi();
  await createSync({ owner: me, db, api }).run();
  assert.deepEqual(api.calls.map((c) => c.clientId), ['d'], 'and the sync sends it');
  assert.equal(await getRecord(db, 'd'), undefined);
  db.close();
});

test('saving again bumps the revision and clears a previous problem', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'));
  const first = await getRecord(db, 'a');
  await markContactSent(db, 'a', first.revision);
  await saveRecord(db, { ...first, state: PENDING, message: 'stale' });
  const second = await getRecord(db, 'a');
  assert.equal(second.revision, 2);
  assert.equal(second.contact_sent, false, 'an edited contact must be sent again');
  assert.equal(second.message, '');
});

test('finish removes a record and its photos only at the confirmed revision', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a')]);
  await saveRecord(db, record('a'));
  assert.equal(await finish(db, 'a', 1), false, 'a newer revision was saved meanwhile');
  assert.ok(await getRecord(db, 'a'));
  assert.equal(await finish(db, 'a', 2), true);
  assert.equal(await getRecord(db, 'a'), undefined);
  assert.deepEqual(await photosOf(db, 'a'), []);
});

test('meta values are kept and deleted', async () => {
  const db = await freshDb();
  await setMeta(db, 'token', 'abc');
  assert.equal(await getMeta(db, 'token'), 'abc');
  await setMeta(db, 'token', undefined);
  assert.equal(await getMeta(db, 'token'), undefined);
});

test('the state constants are distinct', () => {
  assert.notEqual(PENDING, ATTENTION);
});


test('a photo a pass has uploaded since the form showed it cannot be removed', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('sent', 'a'), photo('kept', 'a')]);
  await markPhotoUploaded(db, 'sent');  // a pass sent it while the form was open
  assert.equal(await removePhoto(db, 'sent'), 'sent', 'on the server: it stays on the phone');
  assert.equal(await removePhoto(db, 'kept'), 'removed');
  assert.deepEqual((await photosOf(db, 'a')).map((p) => p.id), ['sent']);
});

test('a photo cannot be removed while its upload is in flight, nor sent once removed', async () => {
  const db = await freshDb();
  await saveRecord(db, record('m'), [photo('p1', 'm'), photo('p2', 'm')]);
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const server = [];
  const api = { putContact: async () => ({ status: 201, body: {} }),
    putPhoto: async (id, p) => {
      if (p.id === 'p1') await gate;  // p1's request is on its way
      server.push(p.id);
      return { status: 201, body: {} };
    } };
  const pass = createSync({ owner: me, db, api }).run({ force: true });
  const sending = async () => (await photosOf(db, 'm')).find((p) => p.sending_at)?.id;
  for (let i = 0; i < 100 && !(await sending()); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(await sending(), 'p1');
  assert.equal(await removePhoto(db, 'p1'), 'sending', 'the server may keep it: it stays');
  assert.equal(await removePhoto(db, 'p2'), 'removed', 'not started yet: the juror may');
  release();
  assert.equal((await pass).sent, 1);
  assert.deepEqual(server, ['p1'], 'the photo removed before its turn never went');
});

test('a mark left by a page that died mid-upload lets the photo go after a while', async () => {
  const db = await freshDb();
  await saveRecord(db, record('m'), [photo('shot', 'm')]);
  await markPhotoSending(db, 'shot', 1_000);
  assert.equal(await removePhoto(db, 'shot', 1_000 + 60_000), 'sending');
  assert.equal(await removePhoto(db, 'shot', 1_000 + SENDING_STALE_MS), 'removed');
});

test('a closed edition\'s record goes whole, pending and with photos never tried', async () => {
  const db = await freshDb();
  await saveRecord(db, record('c'), [photo('unsent', 'c')]);
  const { revision } = await getRecord(db, 'c');
  await markContactSent(db, 'c', revision);
  const held = await getRecord(db, 'c');
  assert.equal(held.state, PENDING, 'never refused');
  assert.equal(await discardRefused(db, 'c', held.revision, true), 'removed');
  assert.deepEqual(await outbox(db), []);
  assert.deepEqual(await photosOf(db, 'c'), []);
});
