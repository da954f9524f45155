/**
 * The visit's position, shared by the juror with consent: what the Geolocation API gives
 * → the contact's `position` field of the sync API. No DOM, so it is unit-tested in node.
 * @module position
 */

/**
 * @typedef {object} Position
 * @property {number} latitude decimal degrees, south negative
 * @property {number} longitude decimal degrees, west negative
 * @property {number|null} accuracy_m radius of the browser's estimate, in metres
 */

const round = (value, places) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * GeolocationCoordinates → Position; null when the browser gave no usable fix.
 * Six decimals (~0.1 m) are more than any phone knows; fewer digits keep resends stable.
 * @param {GeolocationCoordinates|{latitude:number, longitude:number, accuracy?:number}} coords
 * @returns {Position|null}
 */
export function positionOf(coords) {
  const { latitude, longitude, accuracy } = coords || {};
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude: round(latitude, 6), longitude: round(longitude, 6),
    accuracy_m: Number.isFinite(accuracy) && accuracy >= 0 ? round(accuracy, 1) : null };
}
