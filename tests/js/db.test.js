/** The outbox database across releases: a newer release's upgrade, and a rollback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { IDBFactory } from 'fake-indexeddb';

import { DB_VERSION, openDb, reopening } from '../../static/js/outbox/db.js';
import { getRecord, outbox, saveRecord } from '../../static/js/outbox/store.js';
import { record } from './helpers.js';

/** What a newer release does to the phone's database: one more version, one more index. */
function upgradeAsANewerRelease(factory, name) {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DB_VERSION + 1);
    request.onupgradeneeded = () => {
      request.transaction.objectStore('records').createIndex('user_id', 'user_id');
    };
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked: the older page held on'));
  });
}

test("a page's connection closed by a newer release's upgrade reopens, and the save goes through", async () => {
  const factory = new IDBFactory();
  const newer = [];
  const db = reopening(() => openDb(factory, 'phone'), (version) => newer.push(version));
  await saveRecord(db, record('before'));
  await upgradeAsANewerRelease(factory, 'phone');
  assert.deepEqual(newer, [DB_VERSION + 1], 'the page hears of the newer release');
  await saveRecord(db, record('typed during the update'));
  assert.ok(await getRecord(db, 'typed during the update'), 'saved, not InvalidStateError');
  assert.deepEqual((await outbox(db)).map((r) => r.client_id).sort(),
    ['before', 'typed during the update']);
  assert.equal((await db.get()).version, DB_VERSION + 1, 'at the version the phone has now');
  (await db.get()).close();
});

/** The phone's database as a later release left it: one version higher, `stores` in it. */
function newerDatabase(factory, name, stores) {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, DB_VERSION + 1);
    request.onupgradeneeded = () => {
      for (const store of stores) {
        const keyPath = { records: 'client_id', meta: 'key' }[store] || 'id';
        const created = request.result.createObjectStore(store, { keyPath });
        if (store === 'records') {
          created.createIndex('state', 'state');
          created.createIndex('created_at', 'created_at');
          created.put({ ...record('waiting'), state: 'pending', revision: 1, created_at: 1 });
        }
        if (store === 'photos') created.createIndex('client_id', 'client_id');
      }
    };
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  });
}

test('a release rolled back below the phone\'s database opens it as it is and goes on', async () => {
  const factory = new IDBFactory();
  await newerDatabase(factory, 'phone', ['records', 'photos', 'meta', 'photo_marks']);
  const db = await openDb(factory, 'phone');
  assert.equal(db.version, DB_VERSION + 1);
  assert.deepEqual((await outbox(db)).map((r) => r.client_id), ['waiting'], 'the record is there');
  db.close();
});

test('a database this release cannot use is refused with a reason, not a hang', async () => {
  const factory = new IDBFactory();
  await newerDatabase(factory, 'phone', ['records', 'meta']);
  await assert.rejects(openDb(factory, 'phone'), { name: 'OutboxTooNewError' });
});
