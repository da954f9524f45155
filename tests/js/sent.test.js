import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CACHED_HEADER, createApi } from '../../static/js/outbox/api.js';
import { withSent } from '../../static/js/outbox/sent.js';
import {
  allRecords, getMeta, keepWorkList, saveRecord, setMeta,
} from '../../static/js/outbox/store.js';
import { createSync } from '../../static/js/outbox/sync.js';
import { freshDb, me, photo, record, scriptedApi } from './helpers.js';

// views.js reads the page's language at import; node has no page.
globalThis.document = { documentElement: { lang: 'pl' }, body: { dataset: {} } };
const { channelState } = await import('../../static/js/app/views.js');
const { fromList } = await import('../../static/js/app/existing.js');

const STARTED = '2025-10-07T09:15:00+02:00';

/** The server's answer to a contact PUT (shapes.Contact), as far as the phone reads it. */
function answer(clientId, status, extra = {}) {
  return { status: status === 'awaiting_reply' ? 201 : 200, body: {
    client_id: clientId, channel: 'email', status, review_comment: '', started_at: STARTED,
    ended_at: status === 'awaiting_reply' ? null : '2025-10-07T12:00:00+02:00',
    updated_at: '2025-10-07T07:15:40.500000+00:00', measurements: {},
    scores: { form: 4, reply: null }, notes: 'pytanie', position: null, photos: [], ...extra } };
}

const listWith = (contacts) => ({ user: { id: 7 }, server_time: 'x',
  assignments: [{ id: 1, channels: ['email'], contacts }] });

async function sendAll(db, api) {
  return createSync({ owner: me, db, api }).run({ force: true });
}

test('a waiting message sent with the list not refreshed stays waiting, reopened from its copy', async () => {
  const db = await freshDb();
  const kept = listWith([]);  // fetched before the send
  await setMeta(db, 'assignments', { body: kept, at: 1 });
  const waiting = record('m', { channel: 'email' });
  waiting.payload = { ...waiting.payload, channel: 'email', started_at: STARTED, ended_at: null };
  await saveRecord(db, waiting, [photo('shot', 'm')]);
  const api = scriptedApi((kind) => (kind === 'contact' ? answer('m', 'awaiting_reply') : 201));
  assert.equal((await sendAll(db, api)).sent, 1);
  assert.deepEqual(await allRecords(db), [], 'the record has left the outbox');

  const shown = withSent(kept, await getMeta(db, 'sent'));
  assert.equal(channelState(shown.assignments[0], 'email', []), 'waiting_reply',
    'not "todo": a reply would go in as a second contact');
  const reopened = fromList(shown.assignments[0].contacts[0]);
  assert.equal(reopened.client_id, 'm', 'the reply completes the same contact');
  assert.deepEqual(reopened.payload.scores, { form: 4 }, 'unscored criteria are asked for');
  assert.deepEqual(reopened.server_photo_ids, ['shot'], 'its photo counts towards the cap');
  assert.deepEqual(kept.assignments[0].contacts, [], 'the kept list itself is not changed');
});

test('a corrected returned contact no longer offers its old values once sent', async () => {
  const db = await freshDb();
  const returned = { client_id: 'c1', channel: 'email', status: 'returned',
    review_comment: 'Brak oceny', started_at: STARTED, ended_at: null,
    updated_at: '2025-10-07T06:00:00+00:00',
    editable: { measurements: {}, scores: {}, notes: 'old', position: null, photo_ids: [] } };
  const kept = listWith([returned]);
  await saveRecord(db, record('c1', { channel: 'email' }));
  const api = scriptedApi(() => answer('c1', 'resubmitted', { notes: 'corrected' }));
  assert.equal((await sendAll(db, api)).sent, 1);
  const shown = withSent(kept, await getMeta(db, 'sent'));
  assert.equal(channelState(shown.assignments[0], 'email', []), 'done');
  assert.equal(shown.assignments[0].contacts[0].editable, null, 'no "Popraw" with the old copy');
});

test('a list that does not show the send yet keeps it; a list that does lets it go', async () => {
  const db = await freshDb();
  await saveRecord(db, record('m', { channel: 'email' }));
  await sendAll(db, scriptedApi(() => answer('m', 'awaiting_reply')));
  // Asked for before the PUT, stored after it: the entry must survive it.
  const before = listWith([]);
  let left = await keepWorkList(db, before);
  assert.deepEqual(Object.keys(left), ['m']);
  assert.equal(withSent(before, left).assignments[0].contacts[0].status, 'awaiting_reply');
  // The server's list now has it, approved later by the coordinator: the list wins.
  const later = { ...answer('m', 'approved').body, updated_at: '2025-10-07T08:00:00Z', editable: null };
  left = await keepWorkList(db, listWith([later]));
  assert.deepEqual(left, {});
  assert.deepEqual(await getMeta(db, 'sent'), {});
  assert.equal((await getMeta(db, 'assignments')).body.assignments[0].contacts[0].status, 'approved');
});

test('the worker\'s cached work list is marked as old', async () => {
  const fetchImpl = async () => new Response('{"assignments": []}',
    { status: 200, headers: { [CACHED_HEADER]: '1' } });
  const api = createApi({ getToken: async () => 't', fetchImpl, Xhr: null });
  assert.deepEqual(await api.assignments(), { status: 200, body: { assignments: [] }, cached: true });
  const fresh = createApi({ getToken: async () => 't', Xhr: null,
    fetchImpl: async () => new Response('{}', { status: 200 }) });
  assert.deepEqual(await fresh.assignments(), { status: 200, body: {} });
});
