import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import { exifTime, readExif } from '../../static/js/exif.js';
import { ageText, hoursBetween, minutesBetween, rfc3339 } from '../../static/js/time.js';

const PHOTOS = new URL('../../../shared/photos/', import.meta.url);
const fixed = (wall) => `${wall}+01:00`;

function load(name) {
  const url = new URL(name, PHOTOS);
  if (!existsSync(url)) return null;
  const bytes = readFileSync(url);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

const skipPhotos = !existsSync(PHOTOS) && !process.env.CI;

test('GPS and capture time with the camera\'s own offset (Nokia 8.3)', { skip: skipPhotos }, () => {
  const meta = readExif(load('mobile_HMD_Nokia_8.3_5G.jpg'), fixed);
  assert.equal(meta.captured_at, '2022-08-14T14:12:31+03:00');
  assert.equal(meta.latitude, 60.146706);
  assert.equal(meta.longitude, 24.906772);
});

test('no offset in EXIF: the given zone is assumed', { skip: skipPhotos }, () => {
  const meta = readExif(load('gps_DSCN0010.jpg'), fixed);
  assert.equal(meta.captured_at, '2008-10-22T16:28:39+01:00');
  assert.equal(meta.latitude, 43.467448);
  assert.equal(meta.longitude, 11.885127);
});

test('falls back to the file date; no GPS means no position', { skip: skipPhotos }, () => {
  assert.deepEqual(readExif(load('xmp_no_exif.jpg'), fixed),
    { captured_at: '2014-09-22T10:56:35+01:00', latitude: null, longitude: null });
});

test('not a JPEG, or broken bytes: empty metadata, no exception', { skip: skipPhotos }, () => {
  assert.deepEqual(readExif(load('iphone_IMG_5195.heic')),
    { captured_at: null, latitude: null, longitude: null });
  assert.deepEqual(readExif(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 40, 0x45, 0x78, 0x69, 0x66]).buffer),
    { captured_at: null, latitude: null, longitude: null });
  assert.deepEqual(readExif(new ArrayBuffer(0)), { captured_at: null, latitude: null, longitude: null });
});

test('device times carry the local offset', () => {
  process.env.TZ = 'Europe/Warsaw';
  assert.equal(rfc3339(new Date('2025-10-06T09:02:00Z')), '2025-10-06T11:02:00+02:00');
  assert.equal(rfc3339(new Date('2025-12-06T09:02:00Z')), '2025-12-06T10:02:00+01:00');
});

test('durations and ages', () => {
  const t = new Date('2025-10-06T09:00:00Z');
  assert.equal(minutesBetween(t, new Date('2025-10-06T09:07:30Z')), 7.5);
  assert.equal(minutesBetween(t, new Date('2025-10-06T08:00:00Z')), 0);
  assert.equal(hoursBetween(t, new Date('2025-10-08T09:30:00Z')), 48.5);
  assert.equal(ageText(0), 'przed chwilą');
  assert.equal(ageText(59_000), 'przed chwilą', 'never "0 min"');
  assert.equal(ageText(5 * 60_000), '5 min temu');
  assert.equal(ageText(30 * 3_600_000), '30 godz. temu');
  assert.equal(ageText(4 * 86_400_000), '4 dni temu');
  const english = { now: 'just now', minutes: '{n} min ago', hours: '{n} h ago', days: '{n} days ago' };
  assert.equal(ageText(10_000, english), 'just now');
  assert.equal(ageText(30 * 3_600_000, english), '30 h ago');
  assert.equal(ageText(4 * 86_400_000, english), '4 days ago');
});

test('photo types are sniffed from the bytes, not the name', async () => {
  const { sniffType } = await import('../../static/js/photos.js');
  const bytes = (...b) => new Uint8Array([...b, ...new Array(12).fill(0)]).buffer;
  assert.equal(sniffType(bytes(0xff, 0xd8, 0xff)), 'image/jpeg');
  assert.equal(sniffType(bytes(0x89, 0x50, 0x4e, 0x47)), 'image/png');
  const heic = new Uint8Array(12);
  heic.set([...'ftypheic'].map((c) => c.charCodeAt(0)), 4);
  assert.equal(sniffType(heic.buffer, ''), 'image/heic');
  assert.equal(sniffType(bytes(1, 2, 3), 'image/gif'), 'image/gif');
  assert.equal(sniffType(bytes(1, 2, 3)), 'application/octet-stream');
  if (!skipPhotos) assert.equal(sniffType(load('iphone_IMG_5195.heic')), 'image/heic');
});

test('an EXIF time that is no real moment is left out, never sent to be refused', () => {
  assert.equal(exifTime('2025:10:06 10:58:12', '+02:00', fixed), '2025-10-06T10:58:12+02:00');
  assert.equal(exifTime('2025:10:06 10:58:12', '-09:30', fixed), '2025-10-06T10:58:12-09:30');
  assert.equal(exifTime('2024:02:29 23:59:59', undefined, fixed), '2024-02-29T23:59:59+01:00');
  for (const odd of ['0000:00:00 00:00:00', '0001:01:01 00:00:00', '1970:01:01 00:00:00',
    '2025:02:30 10:00:00', '2023:02:29 10:00:00', '2025:13:01 10:00:00', '2025:10:06 24:00:00',
    '2025:10:06 10:60:00', '2101:01:01 00:00:00', 'garbage']) {
    assert.equal(exifTime(odd, '+02:00', fixed), null, odd);
  }
  // An impossible zone is replaced by the phone's own, the time kept.
  assert.equal(exifTime('2025:10:06 10:58:12', '+99:99', fixed), '2025-10-06T10:58:12+01:00');
  assert.equal(exifTime('2025:10:06 10:58:12', '+15:00', fixed), '2025-10-06T10:58:12+01:00');
});
