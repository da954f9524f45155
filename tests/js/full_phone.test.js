/** A phone whose storage refuses writes (full) while the outbox is sent. */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';

import { openDb } from '../../static/js/outbox/db.js';
import {
  finish, getMeta, getRecord, markContactSent, markPhotoUploaded, outbox, photosOf,
  saveRecord, unsentBytes,
} from '../../static/js/outbox/store.js';
import { createSync } from '../../static/js/outbox/sync.js';
import { freshDb, me, photo, record, scriptedApi } from './helpers.js';

const realPut = IDBObjectStore.prototype.put;
afterEach(() => { IDBObjectStore.prototype.put = realPut; });

/** From now on the phone refuses every write into the named stores (all when none named). */
function refuseWrites(...stores) {
  IDBObjectStore.prototype.put = function put(...args) {
    if (stores.length && !stores.includes(this.name)) return realPut.apply(this, args);
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}

test("marking a photo never rewrites its bytes: a phone that cannot store them again still sends", async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a', 5000), photo('p2', 'a', 5000)]);
  refuseWrites('photos');
  const api = scriptedApi(() => 201);
  const result = await createSync({ owner: me, db, api }).run();
  assert.equal(result.sent, 1, 'each photo marked sending, then uploaded, then the record left');
  assert.deepEqual(api.calls.map((c) => c.kind), ['contact', 'photo', 'photo']);
  assert.deepEqual(await outbox(db), []);
});

test('a record leaves the phone even when the answer kept for the work list cannot be written', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a')]);
  await markContactSent(db, 'a', 1, { client_id: 'a', status: 'submitted',
    updated_at: '2026-01-01T10:00:00Z', started_at: '2026-01-01T09:00:00Z' });
  await markPhotoUploaded(db, 'p1');
  refuseWrites('meta');
  assert.equal(await finish(db, 'a', 1), true);
  assert.equal(await getRecord(db, 'a'), undefined, 'deleted: space freed, never sent again');
  assert.deepEqual(await photosOf(db, 'a'), []);
  assert.equal(await getMeta(db, 'sent'), undefined, 'the list shows it once a fresh one comes');
});

test('a pass the phone cannot write down stops at once and says so, instead of throwing', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a')], 1);
  await saveRecord(db, record('b'), [photo('p2', 'b')], 2);
  refuseWrites();
  const api = scriptedApi(() => 201);
  const result = await createSync({ owner: me, db, api }).run();
  assert.equal(result.status, 'storage');
  assert.equal(result.error, 'QuotaExceededError');
  assert.deepEqual(api.calls.map((c) => c.clientId), ['a'], 'not the same contact again and again');
  assert.equal((await outbox(db)).length, 2, 'everything still on the phone');
});

test('photos an older release marked keep their marks after the upgrade', async () => {
  const factory = new IDBFactory();
  const old = await new Promise((resolve, reject) => {
    const request = factory.open('marked-phone', 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      const records = db.createObjectStore('records', { keyPath: 'client_id' });
      records.createIndex('state', 'state');
      records.createIndex('created_at', 'created_at');
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('client_id', 'client_id');
      db.createObjectStore('meta', { keyPath: 'key' });
      records.put({ ...record('a'), state: 'pending', revision: 1, created_at: 1,
        contact_sent: true });
      const photos = request.transaction.objectStore('photos');
      photos.put({ ...photo('up', 'a', 100), uploaded: true });
      photos.put({ ...photo('no', 'a', 200), uploaded: false, refused: 'Za duże.' });
      photos.put({ ...photo('go', 'a', 300), uploaded: false });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  old.close();
  const db = await openDb(factory, 'marked-phone');
  const byId = Object.fromEntries((await photosOf(db, 'a')).map((p) => [p.id, p]));
  assert.equal(byId.up.uploaded, true);
  assert.equal(byId.no.refused, 'Za duże.');
  assert.deepEqual([...(await unsentBytes(db))], [['a', 300]]);
  const api = scriptedApi(() => 201);
  await createSync({ owner: me, db, api }).run();
  assert.deepEqual(api.calls.map((c) => c.photoId), ['go'], 'the uploaded one is not sent again');
  db.close();
});
