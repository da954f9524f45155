/**
 * The capture form's photos: camera and gallery buttons, a row per photo with a thumbnail
 * from the bytes on the phone, and the server's cap on photos per contact.
 * @module app/photo_field
 */
import { flash, formatBytes, h, t } from './dom.js';
import { preparePhoto } from '../photos.js';
import { removePhoto } from '../outbox/store.js';
import { serverPhotos } from './server_photos.js';

/** Long edge and JPEG quality set on the server (data attributes of the shell). */
function photoOptions() {
  const { photoEdge, photoQuality } = document.body.dataset;
  const longEdge = Number(photoEdge);
  const quality = Number(photoQuality);
  return { longEdge: longEdge > 0 ? longEdge : undefined,
    quality: quality > 0 && quality <= 1 ? quality : undefined };
}

/**
 * The most photos one contact may hold (the server's PHOTO_MAX_PER_CONTACT, in the shell's
 * data-photo-max): one more is refused with a 422, so the form stops offering more.
 */
export function photoCap(dataset = document.body.dataset) {
  const cap = Number(dataset.photoMax);
  return Number.isInteger(cap) && cap > 0 ? cap : Infinity;
}

/**
 * Photos the contact holds: already on the server (ids from the work list), kept on the
 * phone, new in this form. One uploaded from this phone is in the first two, counted once.
 */
export function photoCount(form) {
  return new Set([...(form.serverPhotoIds || []), ...form.oldPhotos.map((p) => p.id),
    ...form.newPhotos.map((p) => p.id)]).size;
}

/**
 * @param {IDBDatabase} db
 * @param {object} form the capture state: oldPhotos, newPhotos, serverPhotoIds
 * @returns {HTMLElement}
 */
export function photoField(db, form) {
  const list = h('ul', { class: 'photo-list' });
  const capNote = h('p', { class: 'hint', id: 'photo-cap', role: 'status', hidden: true });
  const buttons = [];
  const render = () => {
    list.replaceChildren(...photoItems(db, form, render));
    const full = photoCount(form) >= photoCap();
    for (const { input, label } of buttons) {
      input.disabled = full;
      label.setAttribute('aria-disabled', String(full));
    }
    capNote.hidden = !full;
    // Only the photos on the server (none of the form's own rows removable): none can go.
    const removable = form.newPhotos.length || form.oldPhotos.some((p) => !p.uploaded);
    capNote.textContent = full ? t(removable ? 'photo_cap' : 'photo_cap_sent', { max: photoCap() }) : '';
  };
  buttons.push(photoInput('camera', true, form, render), photoInput('gallery', false, form, render));
  render();
  return h('fieldset', { class: 'photos' }, h('legend', {}, t('photos')), serverPhotos(db, form),
    h('div', { class: 'photo-buttons' }, buttons.map((b) => b.label)), capNote, list);
}

function photoInput(kind, camera, form, render) {
  const input = h('input', { type: 'file', accept: 'image/*', class: 'visually-hidden',
    id: `photo-${kind}`, name: `photo-${kind}`, capture: camera ? 'environment' : false,
    multiple: !camera, 'aria-describedby': 'photo-cap',
    onchange: async (event) => {
      const picked = [...event.target.files];
      event.target.value = '';
      // A gallery pick past the cap: the first ones fit, the rest would only be refused.
      const files = picked.slice(0, Math.max(0, photoCap() - photoCount(form)));
      for (const file of files) {
        flash(t('photo_processing'));
        form.newPhotos.push(await preparePhoto(file, photoOptions()));
        render();
      }
      if (files.length < picked.length) {
        flash(t('photo_cap_skipped', { added: files.length, picked: picked.length, max: photoCap() }),
          'error');
      } else {
        flash('');
      }
    } });
  const label = h('label', { class: 'button big', for: `photo-${kind}` },
    t(camera ? 'take_photo' : 'choose_photo'), input);
  return { input, label };
}

/** A preview made from the bytes on the phone; the old previews' URLs are let go. */
function thumbnail(form, photo) {
  const url = URL.createObjectURL(new Blob([photo.bytes], { type: photo.type }));
  form.previews.push(url);
  return h('img', { class: 'thumb', src: url, alt: t('thumbnail', { name: photo.name || '' }).trim(),
    width: 56, height: 56, decoding: 'async',
    // A HEIC the browser cannot draw: an empty frame instead of a broken-image icon.
    onerror: (event) => event.target.classList.add('undrawable') });
}

function photoItems(db, form, render) {
  (form.previews || []).forEach((url) => URL.revokeObjectURL(url));
  form.previews = [];
  const item = (photo, onRemove) => h('li', { 'data-photo-id': photo.id },
    thumbnail(form, photo),
    h('span', { class: 'photo-info' },
      h('span', { class: 'photo-name' }, photo.name || t('photo')),
      h('span', { class: 'small' }, formatBytes(photo.size),
        photo.original_size && !photo.shrunk && photo.type !== 'image/jpeg' ? ` · ${t('photo_original')}` : ''),
      photo.captured_at ? h('span', { class: 'small photo-date' },
        photo.captured_at.slice(0, 16).replace('T', ' ')) : null,
      photo.refused && !photo.uploaded ? h('span', { class: 'small field-error photo-refused' },
        t('photo_refused', { reason: photo.refused })) : null),
    onRemove ? h('button', { type: 'button', class: 'button', onclick: onRemove }, t('remove')) : null);
  return [
    ...form.oldPhotos.map((p) => item(p, p.uploaded ? null : async () => {
      const outcome = await removePhoto(db, p.id);
      if (outcome === 'removed') {
        form.oldPhotos = form.oldPhotos.filter((x) => x !== p);
      } else if (outcome === 'sending') {
        flash(t('photo_sending'), 'error');  // the server may keep it: ask again after
      } else {
        p.uploaded = true;  // sent since the form opened: it stays, on the server and here
        flash(t('photo_already_sent'), 'error');
      }
      render();
    })),
    ...form.newPhotos.map((p) => item(p, () => {
      form.newPhotos = form.newPhotos.filter((x) => x !== p);
      render();
    })),
  ];
}
