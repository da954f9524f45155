import assert from 'node:assert/strict';
import { test } from 'node:test';

import { NetworkError, createApi, photoQuery } from '../../static/js/outbox/api.js';

const photo = { id: 'p1', bytes: new ArrayBuffer(10), type: 'image/jpeg', size: 10,
  captured_at: '2025-10-06T11:02:00+02:00', latitude: 50.06, longitude: 19.94 };

test('the contact PUT carries only the bearer token and JSON', async () => {
  const seen = [];
  const fetchImpl = async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify({ client_id: 'c1' }), { status: 201 });
  };
  const api = createApi({ getToken: async () => 'tok', fetchImpl, Xhr: null });
  const answer = await api.putContact('c1', { notes: 'x' });
  assert.deepEqual(answer, { status: 201, body: { client_id: 'c1' } });
  const [{ url, init }] = seen;
  assert.equal(url, '/api/v1/contacts/c1');
  assert.equal(init.method, 'PUT');
  assert.equal(init.headers.Authorization, 'Bearer tok');
  assert.equal(init.credentials, 'omit', 'no session cookie: the token alone');
  assert.deepEqual(JSON.parse(init.body), { notes: 'x' });
});

test('a failed network is a NetworkError; an HTTP error is an answer', async () => {
  const down = createApi({ getToken: async () => 't', fetchImpl: async () => { throw new TypeError('Failed to fetch'); } });
  await assert.rejects(down.putContact('c', {}), NetworkError);
  const html = createApi({ getToken: async () => 't', fetchImpl: async () => new Response('<html>', { status: 502 }) });
  assert.deepEqual(await html.putContact('c', {}), { status: 502, body: {} });
});

test('photo metadata travels as query parameters', () => {
  assert.equal(photoQuery(photo),
    'captured_at=2025-10-06T11%3A02%3A00%2B02%3A00&latitude=50.06&longitude=19.94'
    + '&capture_source=exif');
  assert.equal(photoQuery({ ...photo, captured_at: null, latitude: null }), '');
});

test('photo upload through XHR reports progress and parses the answer', async () => {
  class FakeXhr {
    constructor() { this.headers = {}; this.upload = {}; FakeXhr.last = this; }
    open(method, url) { this.method = method; this.url = url; }
    setRequestHeader(k, v) { this.headers[k] = v; }
    send(body) {
      this.body = body;
      this.upload.onprogress({ loaded: 4 });
      this.status = 201;
      this.responseText = '{"photo_id":"p1"}';
      this.onload();
    }
  }
  const progress = [];
  const api = createApi({ getToken: async () => 'tok', fetchImpl: null, Xhr: FakeXhr });
  const answer = await api.putPhoto('c1', photo, (n) => progress.push(n));
  assert.deepEqual(answer, { status: 201, body: { photo_id: 'p1' } });
  assert.deepEqual(progress, [4, 10]);
  assert.equal(FakeXhr.last.method, 'PUT');
  assert.match(FakeXhr.last.url, /^\/api\/v1\/contacts\/c1\/photos\/p1\?captured_at=/);
  assert.equal(FakeXhr.last.headers['Content-Type'], 'image/jpeg');
  assert.equal(FakeXhr.last.headers.Authorization, 'Bearer tok');
  assert.equal(FakeXhr.last.body, photo.bytes);
});

test('an XHR network failure is a NetworkError', async () => {
  class FailingXhr {
    constructor() { this.upload = {}; }
    open() {}
    setRequestHeader() {}
    send() { this.onerror(); }
  }
  const api = createApi({ getToken: async () => 't', Xhr: FailingXhr });
  await assert.rejects(api.putPhoto('c', photo), NetworkError);
});

test('a large original cut half-way resumes without sending its first half again', async () => {
  const { CHUNK_BYTES } = await import('../../static/js/outbox/api.js');
  const size = 2 * 1024 * 1024;
  const original = new Uint8Array(size).map((_, i) => i % 251);
  const big = { id: 'p2', bytes: original.buffer, type: 'image/heic', size, sha256: 'AAAA' };
  const stored = [];
  let received = 0;
  let cutAt = size / 2; // the connection drops once half has arrived
  const fetchImpl = async (url, init) => {
    const u = new URL(url, 'http://x');
    if (init.method === 'GET') {
      return new Response(JSON.stringify({ offset: stored.length, complete: false }), { status: 200 });
    }
    const offset = Number(u.searchParams.get('offset'));
    if (offset !== stored.length) {
      return new Response(JSON.stringify({ offset: stored.length }), { status: 409 });
    }
    if (stored.length >= cutAt) throw new TypeError('network cut');
    for (const byte of init.body) stored.push(byte);
    received += init.body.length;
    const done = stored.length === size;
    if (done) assert.equal(init.headers['Repr-Digest'], 'sha-256=:AAAA:', 'digest of the whole');
    return new Response(JSON.stringify(done ? { photo_id: 'p2' } : { offset: stored.length }),
      { status: done ? 201 : 202 });
  };
  const api = createApi({ getToken: async () => 't', fetchImpl, Xhr: null });
  await assert.rejects(api.putPhoto('c1', big), NetworkError);
  assert.equal(stored.length, size / 2);
  cutAt = Infinity;
  received = 0;
  const progress = [];
  const answer = await api.putPhoto('c1', big, (n) => progress.push(n));
  assert.equal(answer.status, 201);
  assert.equal(received, size / 2, 'only the second half went again');
  assert.equal(progress[0], size / 2);
  assert.deepEqual(new Uint8Array(stored), original);
  assert.ok(CHUNK_BYTES < size / 2);
});

test('a busy server (503) after the last chunk keeps the bytes: the retry only finishes', async () => {
  const size = 3 * 1024 * 1024;
  const big = { id: 'p3', bytes: new Uint8Array(size).buffer, type: 'image/jpeg', size, sha256: 'BBBB' };
  let stored = 0;
  let busy = true;
  const bodies = [];
  const fetchImpl = async (url, init) => {
    const offset = Number(new URL(url, 'http://x').searchParams.get('offset'));
    if (init.method === 'GET') {
      return new Response(JSON.stringify({ offset: stored, complete: false }), { status: 200 });
    }
    if (offset !== stored) return new Response(JSON.stringify({ offset: stored }), { status: 409 });
    bodies.push(init.body.length);
    stored += init.body.length;
    if (stored < size) return new Response(JSON.stringify({ offset: stored }), { status: 202 });
    assert.equal(init.headers['Repr-Digest'], 'sha-256=:BBBB:');
    if (busy) return new Response(JSON.stringify({ error: 'service_unavailable' }), { status: 503 });
    return new Response(JSON.stringify({ photo_id: 'p3' }), { status: 201 });
  };
  const api = createApi({ getToken: async () => 't', fetchImpl, Xhr: null });
  assert.equal((await api.putPhoto('c1', big)).status, 503);
  assert.equal(stored, size);
  busy = false;
  bodies.length = 0;
  assert.equal((await api.putPhoto('c1', big)).status, 201);
  assert.deepEqual(bodies, [0], 'one empty last chunk, with the digest');
});
