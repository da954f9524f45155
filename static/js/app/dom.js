/**
 * Small DOM helpers for the app pages and the translated texts from the shell.
 * @module app/dom
 */

let messages = null;

/** The units "how long ago" is told in (time.js ageText), in the page's language. */
export const ageUnits = () => ({ now: t('age_now'), minutes: t('age_minutes'), hours: t('age_hours'),
  days: t('age_days') });

/** A text from the shell's JSON block, with {name} placeholders filled. */
export function t(key, params = {}) {
  if (!messages) messages = JSON.parse(document.getElementById('messages')?.textContent || '{}');
  return Object.entries(params).reduce(
    (text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), messages[key] || key);
}

/**
 * Build an element: h('button', {class: 'button', onclick}, 'Tekst').
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value' || key === 'checked' || key === 'disabled') el[key] = value;
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** "1,2 MB" */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  const megabytes = (n / 1024 / 1024).toLocaleString(document.documentElement.lang || 'pl',
    { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${megabytes} MB`;
}

/** "12 lis 2026, 14:05" in the phone's time zone, from an RFC 3339 time. */
export function whenText(iso) {
  return new Intl.DateTimeFormat(document.documentElement.lang || 'pl', { day: 'numeric',
    month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/**
 * Show a short message under the status bar. `key` says what it is about, so the app can
 * take it away once it no longer describes the present (a "saved" note after the sync).
 */
export function flash(text, kind = 'info', key = '') {
  const el = document.getElementById('flash');
  el.textContent = text;
  el.className = `flash flash-${kind}`;
  el.dataset.key = text ? key : '';
  el.hidden = !text;
}

/** What the shown message is about ('' when none). */
export const flashKey = () => document.getElementById('flash').dataset.key || '';
