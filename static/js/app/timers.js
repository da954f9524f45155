/**
 * Channel-specific widgets above the rubric's fields: the visit stopwatch, the call timer
 * with ring/transfer counters and hold time, the sent/reply times of e-mail and social media.
 * Each fills the contact's times and the rubric's measurement inputs; the juror can still
 * correct every value by hand.
 * @module app/timers
 */
import { h, t } from './dom.js';
import { fromLocalInput, hoursBetween, minutesBetween, rfc3339 } from '../time.js';

/** Value for a datetime-local input with seconds. */
export const localValue = (date) => (date ? rfc3339(date).slice(0, 19) : '');

/**
 * @param {object} form the capture state: {channel, times: {started, ended}, marks: {}}
 * @param {(key: string, value: number) => void} setMeasurement
 * @param {() => void} refresh re-renders the time inputs
 * @returns {HTMLElement|null}
 */
export function channelWidget(form, setMeasurement, refresh) {
  const now = () => new Date();
  const marks = form.marks;
  // Each press shows its time (or the new count) on the button: the juror, eyes on the
  // clerk, needs to see at a glance that the tap registered.
  const button = (key, onclick, show = () => now().toLocaleTimeString()) => {
    const note = h('small', { class: 'mark' });
    const el = h('button', { type: 'button', class: 'button big', 'data-action': key,
      onclick: (event) => { onclick(event); note.textContent = show(); el.classList.add('done'); },
    }, t(key), note);
    return el;
  };
  if (form.channel === 'visit') {
    return h('div', { class: 'stopwatch' },
      button('start_visit', () => { form.times.started = now(); refresh(); }),
      button('service_starts', () => {
        marks.service = now();
        if (form.times.started) setMeasurement('waiting_minutes', minutesBetween(form.times.started, marks.service));
      }),
      button('end_visit', () => {
        form.times.ended = now();
        if (marks.service) setMeasurement('service_minutes', minutesBetween(marks.service, form.times.ended));
        else if (form.times.started) setMeasurement('service_minutes', minutesBetween(form.times.started, form.times.ended));
        refresh();
      }));
  }
  if (form.channel === 'phone') {
    const count = (key) => () => setMeasurement(key, (form.measurement(key) || 0) + 1);
    const shown = (key) => () => `(${form.measurement(key)})`;
    const start = button('start_call', () => { form.times.started = now(); setMeasurement('rings', 0); refresh(); });
    return h('div', { class: 'stopwatch' },
      // Dialling from the form is the moment the call starts (unless the juror already did).
      form.dial ? h('a', { class: 'button big primary dial', href: `tel:${form.dial.replace(/\s+/g, '')}`,
        onclick: () => { if (!form.times.started) start.click(); } }, `${t('call')}: ${form.dial}`) : null,
      start,
      button('ring', count('rings'), shown('rings')),
      button('answered', () => { marks.answered = now(); }),
      button('transfer', count('transfers'), shown('transfers')),
      button('hold_on', () => { marks.hold = now(); }),
      button('hold_off', () => {
        if (!marks.hold) return;
        const seconds = Math.round((now() - marks.hold) / 1000);
        setMeasurement('hold_seconds', (form.measurement('hold_seconds') || 0) + seconds);
        marks.hold = null;
      }),
      button('end_call', () => {
        form.times.ended = now();
        const from = marks.answered || form.times.started;
        if (from) setMeasurement('call_seconds', Math.round((form.times.ended - from) / 1000));
        refresh();
      }));
  }
  return null;
}

/**
 * The started/ended inputs, labelled per channel ("sent"/"reply" for messages).
 * @returns {HTMLElement}
 */
export function timeFields(form, setMeasurement) {
  const messaging = form.channel === 'email' || form.channel === 'social_media';
  // Shown only while there is no reply: then saving keeps the contact as waiting for one.
  const hint = messaging ? h('p', { class: 'hint', id: 'reply-hint', hidden: Boolean(form.times.ended) },
    t('reply_pending')) : null;
  const update = () => {
    if (messaging && form.times.started && form.times.ended) {
      setMeasurement('reply_hours', hoursBetween(form.times.started, form.times.ended));
    }
    if (hint) hint.hidden = Boolean(form.times.ended);
    form.onTimes?.();
  };
  const input = (key, label) => h('div', { class: 'field' },
    h('label', { for: `time-${key}` }, t(label)),
    h('input', { id: `time-${key}`, name: `time-${key}`, type: 'datetime-local', step: '1',
      value: localValue(form.times[key]),
      oninput: (event) => { form.times[key] = fromLocalInput(event.target.value); update(); },
      onchange: (event) => { form.times[key] = fromLocalInput(event.target.value); update(); } }));
  return h('fieldset', { class: 'times' },
    input('started', messaging ? 'sent_at' : 'started_at'),
    input('ended', messaging ? 'reply_at' : 'ended_at'),
    hint);
}
