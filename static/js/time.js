/**
 * Device times as RFC 3339 with the phone's own UTC offset (2025-10-06T11:02:00+02:00),
 * so the server keeps both the instant and the local clock the juror saw.
 * @module time
 */

const pad = (n) => String(Math.abs(Math.trunc(n))).padStart(2, '0');

/**
 * @param {Date} date
 * @returns {string}
 */
export function rfc3339(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** Value for an <input type="datetime-local"> (local wall clock, minutes). */
export function toLocalInput(date) {
  return rfc3339(date).slice(0, 16);
}

/** Date from an <input type="datetime-local"> value, or null when empty/invalid. */
export function fromLocalInput(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whole minutes between two dates, never negative, one decimal. */
export function minutesBetween(start, end) {
  return Math.max(0, Math.round((end - start) / 6_000) / 10);
}

/** Hours between two dates, never negative, one decimal (reply delay of an e-mail). */
export function hoursBetween(start, end) {
  return Math.max(0, Math.round((end - start) / 360_000) / 10);
}

/**
 * Units for ageText, {n} the number: Polish by default, the app passes translated ones.
 * Under a minute is "przed chwilą", never "0 min".
 */
export const AGE_UNITS = { now: 'przed chwilą', minutes: '{n} min temu', hours: '{n} godz. temu',
  days: '{n} dni temu' };

/** "przed chwilą", "12 min temu", "5 godz. temu", "3 dni temu" — how long ago, in words. */
export function ageText(ms, units = AGE_UNITS) {
  const say = (unit, n) => units[unit].replace('{n}', String(n));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return units.now;
  if (minutes < 60) return say('minutes', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return say('hours', hours);
  return say('days', Math.floor(hours / 24));
}
