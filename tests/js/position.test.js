import assert from 'node:assert/strict';
import { test } from 'node:test';

import { positionOf } from '../../static/js/position.js';

test('a browser fix becomes the contact position, rounded to what a phone knows', () => {
  assert.deepEqual(positionOf({ latitude: 50.061412345, longitude: 19.93661987, accuracy: 12.345 }),
    { latitude: 50.061412, longitude: 19.93662, accuracy_m: 12.3 });
  assert.deepEqual(positionOf({ latitude: -33.8688, longitude: 151.2093 }),
    { latitude: -33.8688, longitude: 151.2093, accuracy_m: null });
});

test('an unknown or impossible accuracy is left out, not sent as a bad number', () => {
  for (const accuracy of [Infinity, NaN, -5, undefined, null]) {
    assert.equal(positionOf({ latitude: 50, longitude: 19, accuracy }).accuracy_m, null);
  }
});

test('no usable fix is no position', () => {
  for (const coords of [null, undefined, {}, { latitude: 50 }, { latitude: NaN, longitude: 19 },
    { latitude: 91, longitude: 19 }, { latitude: 50, longitude: -181 }]) {
    assert.equal(positionOf(coords), null, JSON.stringify(coords));
  }
});
