/**
 * The photos a contact already has on the server, in its correction form: listed (with
 * their thumbnails when the phone can fetch them) so the juror does not add them again,
 * and never offered for removal — the server keeps them whatever the form says.
 * @module app/server_photos
 */
import { getMeta } from '../outbox/store.js';
import { h, t } from './dom.js';

/** Ids on the server and not kept on this phone (those the form's own rows show). */
export function serverOnlyIds(form) {
  const here = new Set(form.oldPhotos.map((p) => p.id));
  return (form.serverPhotoIds || []).filter((id) => !here.has(id));
}

/**
 * @param {IDBDatabase} db
 * @param {object} form the capture state: oldPhotos, serverPhotoIds
 * @returns {HTMLElement|null} nothing when the server holds no other photo
 */
export function serverPhotos(db, form) {
  const ids = serverOnlyIds(form);
  if (!ids.length) return null;
  return h('div', { class: 'server-photos' },
    h('p', { class: 'hint' }, t('photos_on_server', { count: ids.length })),
    h('ul', { class: 'server-photo-list' }, ids.map((id, i) => {
      const img = h('img', { class: 'thumb undrawable', alt: '', width: 56, height: 56 });
      loadThumb(db, id, img);
      return h('li', { 'data-photo-id': id }, img, h('span', { class: 'photo-info' },
        h('span', { class: 'photo-name' }, t('photo_on_server', { n: i + 1 })),
        h('span', { class: 'small' }, id.slice(0, 8))));
    })));
}

/**
 * The API serves a juror their own photos' thumbnails, under the device token (an <img>
 * cannot send it): fetched into a blob URL. Offline or refused, the row stays without one.
 */
async function loadThumb(db, id, img) {
  try {
    const token = await getMeta(db, 'token');
    const res = await fetch(`/api/v1/photos/${id}/thumb`,
      { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!res.ok) return;
    const url = URL.createObjectURL(await res.blob());
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    img.src = url;
    img.alt = t('thumbnail', { name: id.slice(0, 8) });
    img.classList.remove('undrawable');
  } catch { /* no connection: the row names the photo without its picture */ }
}
