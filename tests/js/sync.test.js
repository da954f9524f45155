import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  BACKOFF_CAP_MS, backoffDelay, classify, createSync, describe, replayInBackground,
} from '../../static/js/outbox/sync.js';
import {
  ATTENTION, PENDING, getRecord, keepWorkList, markRetry, outbox, photosOf, saveRecord,
} from '../../static/js/outbox/store.js';
import { freshDb, me, photo, record, scriptedApi } from './helpers.js';

test('backoff grows exponentially, is capped and jittered', () => {
  assert.equal(backoffDelay(0, () => 0), 1000);
  assert.equal(backoffDelay(0, () => 1), 2000);
  assert.equal(backoffDelay(3, () => 1), 16000);
  assert.equal(backoffDelay(50, () => 1), BACKOFF_CAP_MS);
  assert.equal(backoffDelay(50, () => 0), BACKOFF_CAP_MS / 2);
  assert.ok(backoffDelay(2, () => 0.3) < backoffDelay(2, () => 0.7));
});

test('answers are classified', () => {
  assert.deepEqual([200, 201, 401, 500, 503, 429, 422, 409, 404, 413, 415].map(classify),
    ['ok', 'ok', 'auth', 'retry', 'retry', 'retry', 'attention', 'attention', 'attention',
      'attention', 'attention']);
  assert.equal(describe(422, { message: 'Źle', fields: { 'scores.a': 'Brak' } }), 'Źle (scores.a: Brak)');
  assert.equal(describe(502, {}), 'HTTP 502');
});

test('a record leaves only after its contact and every photo are confirmed', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a', 100), photo('p2', 'a', 300)]);
  const api = scriptedApi(() => 201);
  const seen = [];
  const sync = createSync({ owner: me, db, api, onProgress: (p) => seen.push(p) });
  const result = await sync.run();
  assert.deepEqual(result, { status: 'done', sent: 1, attention: 0 });
  assert.deepEqual(api.calls.map((c) => c.kind), ['contact', 'photo', 'photo']);
  assert.deepEqual(await outbox(db), []);
  const last = seen.at(-1);
  assert.deepEqual([last.records, last.done, last.bytes, last.sent], [1, 1, 400, 400]);
  assert.ok(seen.some((p) => p.photo === 'p2' && p.sent > 100 && p.sent < 400), 'per-photo progress');
});

test('a lost photo answer keeps the record; the retry sends only what is missing', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p1', 'a'), photo('p2', 'a')]);
  let failed = false;
  const api = scriptedApi((kind, id, photoId) => {
    if (photoId === 'p2' && !failed) { failed = true; return 'network'; }
    return 201;
  });
  let clock = 1_000;
  const sync = createSync({ owner: me, db, api, now: () => clock, random: () => 0 });
  assert.equal((await sync.run()).status, 'retry');
  const waiting = await getRecord(db, 'a');
  assert.equal(waiting.attempts, 1);
  assert.equal(waiting.next_attempt_at, 2_000, 'backoff with no jitter = 1 s');
  assert.equal(waiting.contact_sent, true);
  assert.deepEqual((await photosOf(db, 'a')).map((p) => p.uploaded), [true, false]);
  assert.deepEqual(await sync.run(), { status: 'done', sent: 0, attention: 0 }, 'not due yet');
  clock = 2_000;
  assert.equal((await sync.run()).sent, 1);
  assert.deepEqual(api.calls.map((c) => c.photoId || c.kind),
    ['contact', 'p1', 'p2', 'p2'], 'the contact and p1 are not sent twice');
});

test('a 422 marks only that record; the others still sync', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [], 1);
  await saveRecord(db, record('bad'), [], 2);
  await saveRecord(db, record('c'), [], 3);
  const api = scriptedApi((kind, id) => (id === 'bad' ? 422 : 201));
  const result = await createSync({ owner: me, db, api }).run();
  assert.deepEqual(result, { status: 'done', sent: 2, attention: 1 });
  const [left] = await outbox(db);
  assert.equal(left.client_id, 'bad');
  assert.equal(left.state, ATTENTION);
  assert.match(left.message, /niepoprawne.*scores\.greeting/);
  assert.deepEqual(left.fields, { 'scores.greeting': 'Brak oceny tego kryterium.' });
  await createSync({ owner: me, db, api }).run({ force: true });
  assert.equal(api.calls.filter((c) => c.clientId === 'bad').length, 1,
    'a record needing attention waits for the juror, even when forced');
});

test('a 401 stops the pass and keeps every record', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [photo('p', 'a')], 1);
  await saveRecord(db, record('b'), [], 2);
  const api = scriptedApi(() => 401);
  const result = await createSync({ owner: me, db, api }).run();
  assert.equal(result.status, 'auth');
  assert.equal(api.calls.length, 1, 'no further requests once the token is refused');
  const left = await outbox(db);
  assert.deepEqual(left.map((r) => [r.client_id, r.state]), [['a', PENDING], ['b', PENDING]]);
  assert.equal((await photosOf(db, 'a')).length, 1);
});

test('5xx backs off and stops the pass; forcing retries at once', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [], 1);
  await saveRecord(db, record('b'), [], 2);
  let status = 503;
  const api = scriptedApi(() => status);
  const sync = createSync({ owner: me, db, api, now: () => 0, random: () => 1 });
  assert.equal((await sync.run()).status, 'retry');
  assert.equal(api.calls.length, 1);
  assert.equal((await getRecord(db, 'a')).next_attempt_at, 2_000);
  assert.equal((await getRecord(db, 'a')).message, 'HTTP 503');
  status = 201;
  assert.deepEqual(await sync.run({ force: true }), { status: 'done', sent: 2, attention: 0 });
});

test('a record edited during its upload is not removed by the older confirmation', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'));
  const api = scriptedApi(() => 201);
  const original = api.putContact;
  api.putContact = async (id) => {
    await saveRecord(db, record('a', { payload: { notes: 'poprawione' } }));
    return original(id);
  };
  const sync = createSync({ owner: me, db, api });
  assert.equal((await sync.run()).sent, 0);
  const kept = await getRecord(db, 'a');
  assert.equal(kept.revision, 2);
  assert.equal(kept.contact_sent, false, 'the newer body still has to be sent');
});

test('two passes at once never replay the same record twice', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'));
  const api = scriptedApi(() => 201);
  const sync = createSync({ owner: me, db, api });
  const [one, two] = await Promise.all([sync.run(), sync.run()]);
  assert.deepEqual([one.status, two.status].sort(), ['busy', 'done']);
  assert.equal(api.calls.length, 1);
});

test('on a shared phone only the logged-in juror\'s records are sent', async () => {
  const db = await freshDb();
  await saveRecord(db, record('mine', { user_id: 7 }), [], 1);
  await saveRecord(db, record('theirs', { user_id: 8 }), [], 2);
  await saveRecord(db, record('old', { user_id: undefined }), [], 3);
  const api = scriptedApi(() => 201);
  const result = await createSync({ db, api, owner: async () => 7 }).run();
  assert.equal(result.sent, 1);
  assert.deepEqual(api.calls.map((c) => c.clientId), ['mine'],
    'a record with no owner is not sent under whoever is logged in');
  assert.deepEqual((await outbox(db)).map((r) => r.client_id), ['theirs', 'old']);
  await replayInBackground({ db, api, owner: async () => 7 }); // nothing of juror 7's left
  assert.equal(api.calls.length, 1, 'nor by the worker');
});

test('a record queued with no owner is claimed by the work list holding its assignment', async () => {
  const db = await freshDb();
  // Queued by a release before records carried their juror: assignment 1 is juror 8's.
  await saveRecord(db, record('old', { user_id: undefined, assignment_id: 1 }), [], 1);
  const api = scriptedApi(() => 201);
  await keepWorkList(db, { user: { id: 7 }, assignments: [{ id: 2, contacts: [] }] });
  assert.equal((await getRecord(db, 'old')).user_id, undefined, 'not juror 7\'s to take');
  assert.equal((await createSync({ db, api, owner: async () => 7 }).run()).sent, 0);
  await keepWorkList(db, { user: { id: 8 }, assignments: [{ id: 1, contacts: [] }] });
  assert.equal((await getRecord(db, 'old')).user_id, 8);
  assert.equal((await createSync({ db, api, owner: async () => 8 }).run()).sent, 1);
  assert.deepEqual(api.calls.map((c) => c.clientId), ['old']);
});

test('after three identical unexpected 500s a record waits for the juror; the queue moves on', async () => {
  const db = await freshDb();
  await saveRecord(db, record('bug'), [], 1);
  await saveRecord(db, record('b'), [], 2);
  const crash = { status: 500, body: { error: 'unexpected_error', message: 'Coś poszło nie tak.' } };
  const api = scriptedApi((kind, id) => (id === 'bug' ? crash : 201));
  const sync = createSync({ owner: me, db, api, now: () => 0, random: () => 1 });
  assert.equal((await sync.run({ force: true })).status, 'retry', 'first 500: retried later');
  assert.equal((await sync.run({ force: true })).status, 'retry', 'second: still retried');
  assert.equal((await getRecord(db, 'bug')).repeats, 2);
  assert.deepEqual(await sync.run({ force: true }), { status: 'done', sent: 1, attention: 1 });
  const kept = await getRecord(db, 'bug');
  assert.equal(kept.state, ATTENTION, 'kept, marked for attention');
  assert.equal(kept.message, 'Coś poszło nie tak.');
  assert.equal(api.calls.filter((c) => c.clientId === 'bug').length, 3);
});

test('a proxy 500 or a changing 500 is retried without limit', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'), [], 1);
  let n = 0;
  const answers = [{ status: 500, body: {} }, { status: 500, body: {} }, { status: 500, body: {} },
    { status: 500, body: { error: 'unexpected_error', message: 'Raz' } },
    { status: 500, body: { error: 'unexpected_error', message: 'Dwa' } },
    { status: 500, body: { error: 'unexpected_error', message: 'Dwa' } }];
  const api = scriptedApi(() => answers[n++]);
  const sync = createSync({ owner: me, db, api, now: () => 0, random: () => 1 });
  for (let i = 0; i < answers.length; i += 1) {
    assert.equal((await sync.run({ force: true })).status, 'retry');
  }
  assert.equal((await getRecord(db, 'a')).state, PENDING);
});

test('a clock set back past the longest backoff does not hold a record back', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'));
  const { revision } = await getRecord(db, 'a');
  const clock = 1_000_000_000;
  await markRetry(db, 'a', revision, clock + 60_000, 'offline');
  const api = scriptedApi(() => 201);
  const sync = createSync({ owner: me, db, api, now: () => clock });
  assert.equal((await sync.run()).sent, 0, 'a minute of backoff is honoured');
  // NTP pulls the clock back a day: the stored retry time is now a day ahead.
  const backADay = createSync({ owner: me, db, api, now: () => clock - 24 * 3600_000 });
  assert.equal((await backADay.run()).sent, 1);
});

test('the background replay keeps the backoff but rejects while anything is left', async () => {
  const db = await freshDb();
  await saveRecord(db, record('a'));
  await saveRecord(db, record('b'));
  let clock = 1_000_000;
  const { revision } = await getRecord(db, 'b');
  await markRetry(db, 'b', revision, clock + 60_000, 'offline');  // backoff set by the page
  const api = scriptedApi(() => 201);
  const told = [];
  await assert.rejects(
    replayInBackground({ owner: me, db, api, now: () => clock }, (r) => { told.push(r.sent); }),
    /1 waiting/, 'b waits out its backoff: the browser must fire sync again');
  assert.deepEqual(told, [1], 'a went, and the pages heard of it');
  clock += 60_000;
  assert.equal((await replayInBackground({ owner: me, db, api, now: () => clock })).sent, 1);
  const down = scriptedApi(() => 'network');
  await saveRecord(db, record('c'));
  await assert.rejects(replayInBackground({ owner: me, db, api: down, now: () => clock }), /retry/);
  const busy = async () => null;  // the page's pass holds the lock
  await assert.rejects(replayInBackground({ owner: me, db, api: down, lock: busy }), /busy/);
});
