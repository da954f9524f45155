// The photos of a sync pass: refusals named per photo, discards, one record's bytes at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { IDBIndex } from 'fake-indexeddb';

import { createSync } from '../../static/js/outbox/sync.js';
import {
  ATTENTION, PENDING, discardRefused, getRecord, markAttention, markContactSent, outbox,
  photosOf, saveRecord,
} from '../../static/js/outbox/store.js';
import { freshDb, me, photo, record, scriptedApi } from './helpers.js';

test('a 422 for too many photos reaches the record with the server\'s words', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a'), photo('p31', 'a')]);
  const cap = { status: 422, body: { error: 'unprocessable_entity', fields: {},
    message: 'Ten kontakt ma już 30 zdjęć — więcej nie można dodać.' } };
  const api = scriptedApi((kind, id, photoId) => (photoId === 'p31' ? cap : 201));
  assert.deepEqual(await createSync({ owner: me, db, api }).run(), { status: 'done', sent: 0, attention: 1 });
  const held = await getRecord(db, 'a');
  assert.equal(held.state, ATTENTION);
  assert.equal(held.message, '„p31”: Ten kontakt ma już 30 zdjęć — więcej nie można dodać.');
  assert.deepEqual((await photosOf(db, 'a')).map((p) => p.uploaded), [true, false]);
});

test('a refused photo is named and kept apart; the others still go, and only it is discarded', async () => {
  const db = await freshDb();
  const named = (id) => ({ ...photo(id, 'a'), name: `IMG_${id}.jpg` });
  await saveRecord(db, record('a'), [named('p1'), named('p2'), named('p3')]);
  const refusal = { status: 415, body: { error: 'unsupported_media_type',
    message: 'Nieobsługiwany format zdjęcia.' } };
  const api = scriptedApi((kind, id, photoId) => (photoId === 'p2' ? refusal : 201));
  assert.deepEqual(await createSync({ owner: me, db, api }).run(), { status: 'done', sent: 0, attention: 1 });
  assert.deepEqual(api.calls.map((c) => c.photoId || c.kind), ['contact', 'p1', 'p2', 'p3'],
    'the photo after the refused one is sent too');
  const held = await getRecord(db, 'a');
  assert.equal(held.state, ATTENTION);
  assert.equal(held.message, '„IMG_p2.jpg”: Nieobsługiwany format zdjęcia.');
  assert.deepEqual((await photosOf(db, 'a')).map((p) => [p.id, p.uploaded, p.refused || '']),
    [['p1', true, ''], ['p2', false, 'Nieobsługiwany format zdjęcia.'], ['p3', true, '']]);
  assert.equal(await discardRefused(db, 'a', held.revision), 'removed', 'nothing else unsent');
  assert.deepEqual(await outbox(db), []);
});

test('a refusal outlives a retry; discarding never deletes a photo not tried yet', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('bad', 'a'), photo('later', 'a')]);
  let cut = true;
  const api = scriptedApi((kind, id, photoId) => {
    if (photoId === 'bad') return 415;
    if (photoId === 'later' && cut) { cut = false; return 'network'; }
    return 201;
  });
  const sync = createSync({ owner: me, db, api });
  assert.equal((await sync.run()).status, 'retry', 'the network went before "later" was sent');
  assert.equal((await getRecord(db, 'a')).state, PENDING);
  assert.equal((await sync.run({ force: true })).attention, 1, 'then the refusal waits for the juror');
  assert.deepEqual(api.calls.map((c) => c.photoId || c.kind), ['contact', 'bad', 'later', 'later'],
    'the refused photo is not sent again');
  const { revision } = await getRecord(db, 'a');
  // Held by an earlier version: a contact on the server, in attention, its photo not sent.
  await saveRecord(db, record('old'), [photo('unsent', 'old')]);
  const old = await getRecord(db, 'old');
  await markContactSent(db, 'old', old.revision);
  await markAttention(db, 'old', old.revision, 'HTTP 415');
  assert.equal(await discardRefused(db, 'old', old.revision), 'pending');
  assert.deepEqual((await photosOf(db, 'old')).map((p) => p.id), ['unsent'], 'it goes out next');
  assert.equal((await getRecord(db, 'old')).state, PENDING);
  assert.equal(await discardRefused(db, 'a', revision + 1), false, 'only at the revision shown');
  assert.equal(await discardRefused(db, 'a', revision), 'removed');
});


test('a pass reads each record\'s photos only when it sends that record', async () => {
  const db = await freshDb();
  for (const id of ['r0', 'r1', 'r2']) {
    await saveRecord(db, record(id), [photo(`${id}-a`, id), photo(`${id}-b`, id)]);
  }
  const log = [];
  const getAll = IDBIndex.prototype.getAll;
  IDBIndex.prototype.getAll = function spied(query, ...rest) {
    if (this.name === 'client_id') log.push(`photos ${query}`);
    return getAll.call(this, query, ...rest);
  };
  try {
    const api = scriptedApi((kind, id) => { log.push(`${kind} ${id}`); return 201; });
    assert.equal((await createSync({ owner: me, db, api }).run()).sent, 3);
  } finally {
    IDBIndex.prototype.getAll = getAll;
  }
  const first = (entry) => log.indexOf(entry);
  assert.equal(log[0], 'contact r0', 'no photo bytes held before the first request');
  for (const id of ['r1', 'r2']) {
    assert.ok(first(`photos ${id}`) > first(`contact ${id}`), `${id}'s photos: ${log.join(', ')}`);
  }
});
