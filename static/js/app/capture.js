/**
 * The capture screen, driven by the edition's rubric: times, measurements, criteria as
 * large 0–max buttons (+ "nie dotyczy" where allowed), notes, photos. Saving puts the
 * contact into the outbox — the only capture path, online or not.
 * @module app/capture
 */
import { flash, h, t } from './dom.js';
import { photoField } from './photo_field.js';
import { channelWidget, timeFields } from './timers.js';
import { dueText } from './views.js';
import { positionOf } from '../position.js';
import { PENDING, photosOf, saveRecord } from '../outbox/store.js';
import { rfc3339 } from '../time.js';

const parseTime = (value) => (value ? new Date(value) : null);

/**
 * @param {object} ctx
 * @param {IDBDatabase} ctx.db
 * @param {object} ctx.assignment from /me/assignments
 * @param {object} ctx.channelSpec the rubric's channel
 * @param {string} ctx.channel
 * @param {object} [ctx.existing] an outbox record, or the work list's or the server's copy
 *   of a contact (app/existing.js), with `server_photo_ids`
 * @param {(waiting: boolean) => Promise<void>} ctx.onSaved
 * @param {number} [ctx.userId] the juror the record belongs to (phones may be shared)
 * @returns {Promise<HTMLElement>}
 */
export async function captureView({ db, assignment, channelSpec, channel, existing, onSaved,
  userId }) {
  const payload = existing?.payload || {};
  const clientId = existing?.client_id || crypto.randomUUID();
  const form = {
    channel,
    times: { started: parseTime(payload.started_at), ended: parseTime(payload.ended_at) },
    marks: {},
    newPhotos: [],
    oldPhotos: existing?.payload ? await photosOf(db, clientId) : [],
    serverPhotoIds: existing?.server_photo_ids || [], // they count towards the cap
    // Only a visit carries a position; editing keeps the one shared before.
    position: channel === 'visit' ? payload.position || null : null,
    locating: null,
    dial: channel === 'phone' ? assignment.participant.phone : null,
    measurement: (key) => numberOf(root.querySelector(`[name="m-${key}"]`)?.value),
  };
  // Website and messages usually start the moment the juror opens the form; editable.
  if (!existing && ['website', 'email', 'social_media'].includes(channel)) form.times.started = new Date();
  const setMeasurement = (key, value) => {
    const input = root.querySelector(`[name="m-${key}"]`);
    if (input) input.value = String(value);
  };
  const messaging = channel === 'email' || channel === 'social_media';
  // A message with no reply yet is saved as waiting for one; the button says which it does.
  const waiting = () => messaging && !form.times.ended;
  const saveButton = h('button', { type: 'submit', class: 'button primary big' });
  form.onTimes = () => { saveButton.textContent = t(waiting() ? 'save_waiting' : 'save'); };
  form.onTimes();
  const timesBox = h('div');
  const refreshTimes = () => timesBox.replaceChildren(timeFields(form, setMeasurement));

  const root = h('form', { class: 'capture', novalidate: true, 'data-client-id': clientId,
    'data-channel': channel,
    onsubmit: (event) => { event.preventDefault(); save(); } },
  h('h1', {}, assignment.participant.name),
  h('p', { class: 'channel-label' }, channelSpec.label || t(`channel_${channel}`)),
  existing?.review_comment ? h('p', { class: 'flash flash-error' },
    t('coordinator_comment', { comment: existing.review_comment })) : null,
  existing?.message ? h('p', { class: 'flash flash-error', role: 'alert' }, existing.message) : null,
  channelWidget(form, setMeasurement, refreshTimes),
  timesBox,
  measurementFields(channelSpec, payload.measurements || {}),
  criteriaFields(channelSpec, payload.scores || {}),
  h('div', { class: 'field' }, h('label', { for: 'notes' }, t('notes')),
    h('textarea', { id: 'notes', name: 'notes', rows: 3, value: payload.notes || '' })),
  photoField(db, form),
  channel === 'visit' ? geoField(form) : null,
  h('p', { id: 'form-error', class: 'field-error', role: 'alert' }),
  h('div', { class: 'actions' }, saveButton));
  refreshTimes();

  // A waiting message goes to the server at once (its send time is evidence there), as
  // 'awaiting_reply'; saved again with the reply time, the same contact goes to review.
  async function save() {
    const open = waiting();
    if (!form.times.ended && channel === 'website') form.times.ended = new Date();
    const body = {
      assignment_id: assignment.id, channel,
      started_at: form.times.started ? rfc3339(form.times.started) : null,
      ended_at: form.times.ended ? rfc3339(form.times.ended) : null,
      measurements: collectMeasurements(root, channelSpec),
      scores: collectScores(root, channelSpec),
      notes: root.querySelector('[name=notes]').value.trim(),
    };
    if (channel === 'visit') {
      await form.locating; // ticked just before saving: wait for the fix (or its failure)
      body.position = form.position;
    }
    const problem = (open ? (body.started_at ? '' : t('missing_times'))
      : validate(body, form.times, channelSpec)) || timeProblem(form.times, assignment);
    root.querySelector('#form-error').textContent = problem;
    if (problem) return;
    try {
      await saveRecord(db, {
        client_id: clientId, state: PENDING, assignment_id: assignment.id, channel,
        user_id: userId, participant_name: assignment.participant.name, payload: body,
      }, form.newPhotos);
    } catch (error) {
      // Storage full, or the database closed under this tab by a newer release: nothing
      // was stored (one transaction), so the form and its photos stay for another try.
      root.querySelector('#form-error').textContent = t('save_failed', {
        error: error?.name || String(error) });
      return;
    }
    flash(t(open ? 'saved_draft' : 'saved'), 'success', `saved:${clientId}`);
    await onSaved(open);
  }
  return root;
}

function numberOf(value) {
  if (value === '' || value === undefined || value === null) return null;
  const n = Number(String(value).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function measurementFields(spec, values) {
  if (!spec.measurements?.length) return null;
  return h('fieldset', { class: 'measurements' }, h('legend', {}, t('measurements')),
    spec.measurements.map((m) => h('div', { class: 'field' },
      h('label', { for: `m-${m.key}` }, m.label, m.unit ? ` (${m.unit})` : ''),
      h('input', { id: `m-${m.key}`, name: `m-${m.key}`, type: 'number', inputmode: 'decimal',
        min: m.min ?? 0, max: m.max ?? null, step: 'any', value: values[m.key] ?? '' }))));
}

function criteriaFields(spec, scores) {
  return h('fieldset', { class: 'criteria' }, h('legend', {}, t('criteria')),
    spec.criteria.map((c) => {
      if (c.rule) {
        return h('div', { class: 'criterion computed' }, h('p', {}, c.label),
          h('p', { class: 'hint' }, `${t('computed')}: ${measurementLabel(spec, c.measurement)}`));
      }
      const options = [...Array(c.max_points + 1).keys()].map((points) => [String(points), points]);
      if (c.allow_na) options.push(['na', t('not_applicable')]);
      const current = c.key in scores ? (scores[c.key] === null ? 'na' : String(scores[c.key])) : '';
      return h('div', { class: 'criterion', role: 'radiogroup', 'aria-label': c.label },
        h('p', {}, c.label),
        h('div', { class: 'segmented' }, options.map(([value, label]) => h('label', {},
          h('input', { type: 'radio', name: `s-${c.key}`, value, checked: current === value }),
          h('span', {}, label)))));
    }));
}

function measurementLabel(spec, key) {
  return spec.measurements.find((m) => m.key === key)?.label || key;
}

function collectMeasurements(root, spec) {
  const out = {};
  for (const m of spec.measurements || []) {
    const value = numberOf(root.querySelector(`[name="m-${m.key}"]`).value);
    if (value !== null) out[m.key] = value;
  }
  return out;
}

function collectScores(root, spec) {
  const out = {};
  for (const c of spec.criteria) {
    if (c.rule) continue; // computed on the server from the measurement
    const picked = root.querySelector(`[name="s-${c.key}"]:checked`);
    if (picked) out[c.key] = picked.value === 'na' ? null : Number(picked.value);
  }
  return out;
}

/** The juror's own checks before the record goes out; the server checks again. */
function validate(body, times, spec) {
  if (!times.started || !times.ended) return t('missing_times');
  if (times.ended < times.started) return t('times_order');
  const missing = spec.criteria.filter((c) => !c.rule && !(c.key in body.scores))
    .map((c) => c.label);
  const unmeasured = spec.criteria.filter((c) => c.rule && !(c.measurement in body.measurements))
    .map((c) => measurementLabel(spec, c.measurement));
  const all = [...missing, ...unmeasured];
  return all.length ? t('missing_scores', { labels: all.join(', ') }) : '';
}

const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * A time the server would refuse (juror_app/sync/window.py): later than now, or on a day
 * outside the edition's fieldwork. Said here first, so the juror can fix it on the spot.
 */
export function timeProblem(times, assignment, now = new Date()) {
  const { fieldwork_from: first, fieldwork_until: last } = assignment;
  for (const moment of [times.started, times.ended]) {
    if (!moment) continue;
    if (moment - now > CLOCK_TOLERANCE_MS) return t('time_future');
    const day = rfc3339(moment).slice(0, 10); // the day on the phone's own calendar
    if (first && last && (day < first || day > last)) {
      return t('time_outside', { first: dueText(first), last: dueText(last) });
    }
  }
  return '';
}

/**
 * The juror's consent to share where the visit took place: ticking asks the browser for
 * one fix, which becomes the contact's `position`; unticking drops it. Photos keep only
 * their own EXIF position, so a review never mistakes this one for where a photo was taken.
 */
function geoField(form) {
  const fail = (box) => {
    box.checked = false;
    form.position = null;
    flash(t('geolocation_failed'), 'error');
  };
  return h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'geolocation', checked: Boolean(form.position),
      onchange: (event) => {
        const box = event.target;
        form.position = null;
        form.locating = null;
        if (!box.checked) return;
        if (!navigator.geolocation) { fail(box); return; }
        // Only the latest tick counts: an answer to an earlier one (unticked since) is ignored.
        const current = new Promise((resolve) => navigator.geolocation.getCurrentPosition(
          (pos) => {
            if (form.locating === current) form.position = positionOf(pos.coords);
            if (form.locating === current && !form.position) fail(box);
            resolve();
          },
          () => { if (form.locating === current) fail(box); resolve(); },
          { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 }));
        form.locating = current;
      } }),
    ' ', t('geolocation'));
}
