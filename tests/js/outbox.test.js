import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  ATTENTION, DRAFT, PENDING, drafts, finish, getMeta, getRecord, markContactSent, outbox,
  photosOf, saveRecord, setMeta, stats,
} from '../../static/js/outbox/store.js';
import { freshDb, photo, record } from './helpers.js';

test('a saved record and its photos are stored together and counted', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a', 300), photo('p2', 'a', 200)], 1000);
  const stored = await getRecord(db, 'a');
  assert.equal(stored.state, PENDING);
  assert.equal(stored.revision, 1);
  assert.equal((await photosOf(db, 'a')).length, 2);
  assert.deepEqual(await stats(db),
    { count: 1, attention: 0, drafts: 0, oldest: 1000, bytes: 500 });
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

test('drafts stay out of the outbox until closed', async () => {
  const db = await freshDb();
  await saveRecord(db, record('d', { state: DRAFT }), [], 10);
  await saveRecord(db, record('x'), [], 20);
  assert.deepEqual((await outbox(db)).map((r) => r.client_id), ['x']);
  assert.deepEqual((await drafts(db)).map((r) => r.client_id), ['d']);
  await saveRecord(db, record('d', { state: PENDING }), [], 30);
  const ids = (await outbox(db)).map((r) => r.client_id);
  assert.deepEqual(ids, ['d', 'x'], 'keeps its first-save time, so it is the oldest');
  assert.equal((await stats(db)).count, 2);
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
  assert.equal(new Set([DRAFT, PENDING, ATTENTION]).size, 3);
});
