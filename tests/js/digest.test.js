import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

import { createApi } from '../../static/js/outbox/api.js';
import { digestField, sha256Base64 } from '../../static/js/outbox/digest.js';
import { photosOf, saveRecord } from '../../static/js/outbox/store.js';
import { createSync } from '../../static/js/outbox/sync.js';
import { preparePhoto } from '../../static/js/photos.js';
import { freshDb, me, record } from './helpers.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3, 4, 5, 0xff, 0xd9]);
const b64 = (bytes) => createHash('sha256').update(bytes).digest('base64');

test('the digest is base64 SHA-256 in RFC 9530 form', async () => {
  assert.equal(await sha256Base64(new TextEncoder().encode('abc')),
    'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  assert.equal(digestField('AA=='), 'sha-256=:AA==:');
});

test('a captured photo is hashed as it will be sent, kept in the outbox and sent with it', async () => {
  // No createImageBitmap in Node: the original bytes are what the phone will upload.
  const prepared = await preparePhoto(new File([JPEG], 'a.jpg', { type: 'image/jpeg' }));
  assert.equal(prepared.sha256, b64(JPEG));
  const db = await freshDb();
  await saveRecord(db, record('c1'), [prepared]);
  const [stored] = await photosOf(db, 'c1');
  assert.equal(stored.sha256, b64(JPEG), 'the outbox keeps the digest taken at capture');

  const seen = [];
  const fetchImpl = async (url, init) => {
    seen.push({ url, headers: init.headers, body: init.body });
    return new Response('{}', { status: 201 });
  };
  const api = createApi({ getToken: async () => 't', fetchImpl, Xhr: null });
  const result = await createSync({ owner: me, db, api }).run();
  assert.equal(result.sent, 1);
  const [contact, photo] = seen;
  assert.equal(contact.headers['Content-Digest'],
    `sha-256=:${b64(Buffer.from(contact.body))}:`, 'the contact body is hashed as sent');
  assert.equal(photo.headers['Repr-Digest'], `sha-256=:${b64(JPEG)}:`);
  assert.deepEqual(new Uint8Array(photo.body), JPEG);
});

test('the XHR upload sends the digest too; a photo queued without one sends none', async () => {
  class FakeXhr {
    constructor() { this.headers = {}; this.upload = {}; FakeXhr.last = this; }
    open() {}
    setRequestHeader(k, v) { this.headers[k] = v; }
    send() { this.status = 201; this.responseText = '{}'; this.onload(); }
  }
  const api = createApi({ getToken: async () => 't', fetchImpl: null, Xhr: FakeXhr });
  const photo = { id: 'p', bytes: JPEG.buffer, type: 'image/jpeg', size: JPEG.length };
  await api.putPhoto('c', { ...photo, sha256: b64(JPEG) });
  assert.equal(FakeXhr.last.headers['Repr-Digest'], `sha-256=:${b64(JPEG)}:`);
  await api.putPhoto('c', photo);
  assert.equal(FakeXhr.last.headers['Repr-Digest'], undefined);
});
