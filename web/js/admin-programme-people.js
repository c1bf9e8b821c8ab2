// admin-programme-people.js — "Personas del programa" on the organizers' programme page: the
// edition's speakers and moderators (GET /editions/{slug}/people), and the editor of one
// person: the fields (GET /people/{id} with email and phone, PATCH /people/{id}) and the photo
// (PUT /people/{id}/photo with the file's bytes as image/jpeg or image/png; the API's 413, 415
// and 400 messages appear next to the file input; DELETE removes it).
import { $, h, replace } from './dom.js';
import { del, get, patch, path } from './api.js';
import { PARTICIPANT_ROLE, initials, label, personName } from './labels.js';
import { formatBytes } from './format.js';
import { announce } from './page.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';
import { changes, missing, showApiError, showProblems, values } from './registration-form.js';
import { PERSON_NAMES, personFields, photoPath, prog, putPhoto } from './admin-programme-shared.js';
import { failed } from './admin-session.js';
import { t } from './i18n.js';

const panel = $('#editor-persona');
const heading = $('#editor-persona-titulo');
const body = $('#editor-persona-cuerpo');
const listStatus = $('#personas-estado');
const MAX_PHOTO = 2 * 1024 * 1024;
let opener = null;
let currentId = null;
/**
 * Photos uploaded on this page, as blob: URLs: the photo's address does not change with the
 * photo (and takes no query string), so an <img> of it could show the copy the browser kept.
 */
const fresh = new Map();

const post2 = (p) => [p.position, p.organization].filter(Boolean).join(' · ');

function thumb(p, cls = 'pp-thumb') {
  return p.photo_url
    ? h('img', { class: cls, src: fresh.get(p.id) || p.photo_url, alt: personName(p), width: 64, height: 64, loading: 'lazy' })
    : h('span', { class: `${cls} person-initials`, 'aria-hidden': 'true' }, initials(p.name));
}

/** Reads the new photo past the browser's cache (which it also updates) and keeps it as a blob: URL. */
async function reloadPhoto(id) {
  try {
    const res = await fetch(photoPath(id), { cache: 'reload', credentials: 'same-origin' });
    if (!res.ok) return;
    const url = URL.createObjectURL(await res.blob());
    if (fresh.has(id)) URL.revokeObjectURL(fresh.get(id));
    fresh.set(id, url);
  } catch {
    // Only the preview is affected: it shows the address as it is.
  }
}

/** Draws the edition's people into #personas-lista. */
export function renderPeople() {
  const people = prog.people;
  announce(listStatus, people.length
    ? (people.length === 1 ? t('staff.programme.people.count.one') : t('staff.programme.people.count.other', { n: people.length }))
    : t('staff.programme.people.none'));
  replace($('#personas-lista'), people.map((p) => h('li', { class: 'pp-item' },
    thumb(p),
    h('div', { class: 'pp-body' },
      h('p', { class: 'pp-name' }, personName(p)),
      post2(p) ? h('p', { class: 'pp-post' }, post2(p)) : null,
      h('p', { class: 'pp-sessions' }, (p.sessions || []).length
        ? (p.sessions || []).map((s) => `${s.title} (${label(PARTICIPANT_ROLE, s.role)})`).join('; ')
        : t('staff.programme.people.no_sessions'))),
    h('button', { type: 'button', class: 'button button-small', 'data-person': p.id, onclick: (ev) => openPerson(p.id, ev.currentTarget) },
      t('staff.programme.edit'), h('span', { class: 'visually-hidden' }, t('staff.programme.people.edit_hidden', { name: personName(p) }))))));
}

/* ---------- the person's fields ---------- */

function personForm(p) {
  const region = h('p', { class: 'status', role: 'alert', id: 'pp-estado' });
  const form = h('form', { class: 'form', id: 'pp-form', novalidate: true },
    personFields('pp', p),
    region,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, t('staff.programme.save_changes')),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => closePerson() }, t('staff.programme.close'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const problems = missing(form, ['name'], { name: t('staff.programme.person.name_missing') });
    if (problems.length) { showProblems(form, region, problems); return; }
    const data = changes(p, values(form, PERSON_NAMES));
    if (!Object.keys(data).length) { announce(region, t('staff.programme.no_changes')); return; }
    try {
      const { body: saved } = await busy(form, patch(path('people', String(p.id)), data));
      Object.assign(p, saved || data);
      heading.textContent = personName(p);
      await prog.refresh();
      announce($('#pp-estado'), t('staff.programme.changes_saved'), 'ok');
    } catch (err) {
      if (err.status === 401) { failed(err, region); return; }
      showApiError(form, region, err, t('staff.programme.not_saved'));
    }
  });
  return form;
}

/* ---------- the photo ---------- */

function photoBlock(p) {
  const region = h('p', { class: 'status', role: 'status', id: 'pf-estado' });
  const preview = h('div', { class: 'pf-preview' });
  const drawPreview = () => replace(preview, thumb(p, 'pf-img'),
    h('p', { class: 'pf-caption' }, p.photo_url ? t('staff.programme.photo.current') : t('staff.programme.photo.none')));
  const remove = h('button', { type: 'button', class: 'button button-small button-danger', id: 'pf-quitar' }, t('staff.programme.photo.remove'));
  const form = h('form', { class: 'form pf-form', id: 'pf-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'pf-file' }, t('staff.programme.photo.new_label')),
      h('p', { class: 'hint', id: 'pf-file-ayuda' }, t('staff.programme.photo.hint')),
      h('input', { id: 'pf-file', name: 'photo', type: 'file', accept: 'image/jpeg,image/png', 'aria-describedby': 'pf-file-ayuda' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, t('staff.programme.photo.upload')),
      remove));
  const syncRemove = () => { remove.hidden = !p.photo_url; };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const file = form.elements.photo.files[0];
    if (!file) { showFieldError(form, 'photo', t('staff.programme.photo.choose_file')); return; }
    try {
      const saved = await busy(form, putPhoto(p.id, file));
      Object.assign(p, saved || {});
      await reloadPhoto(p.id);
      form.reset();
      drawPreview();
      syncRemove();
      await prog.refresh();
      announce(region, t('staff.programme.photo.saved'), 'ok');
    } catch (err) {
      if (err.status === 401) { failed(err, region); return; }
      if ([400, 413, 415].includes(err.status)) {
        showFieldError(form, 'photo', err.status === 413
          ? t('staff.programme.photo.too_big_after', { message: err.message, size: formatBytes(file.size) }) : err.message);
      } else if (err.status === 0 && file.size > MAX_PHOTO) {
        // A very large body may see the connection closed before the 413 arrives.
        showFieldError(form, 'photo', t('staff.programme.photo.too_big', { size: formatBytes(file.size) }));
      } else {
        failed(err, region, t('staff.programme.photo.upload_failed'));
      }
    }
  });
  remove.addEventListener('click', async () => {
    clearFieldErrors(form);
    try {
      await del(path('people', String(p.id), 'photo'));
      p.photo_url = null;
      if (fresh.has(p.id)) { URL.revokeObjectURL(fresh.get(p.id)); fresh.delete(p.id); }
      drawPreview();
      syncRemove();
      await prog.refresh();
      announce(region, t('staff.programme.photo.removed'), 'ok');
      form.elements.photo.focus();
    } catch (err) {
      failed(err, region, t('staff.programme.photo.remove_failed'));
    }
  });
  drawPreview();
  syncRemove();
  return h('section', { class: 'pf', 'aria-labelledby': 'pf-titulo' },
    h('h4', { id: 'pf-titulo' }, t('staff.programme.photo.heading')), preview, form, region);
}

/* ---------- the panel ---------- */

/** Opens the editor of person `id` (with email and phone, which only organizers see). */
export async function openPerson(id, from = null) {
  opener = from;
  announce(listStatus, t('staff.programme.people.loading'));
  try {
    const { body: p } = await get(path('people', String(id)));
    announce(listStatus, '');
    currentId = p.id;
    heading.textContent = personName(p);
    replace(body, h('div', { class: 'pp-editor' }, photoBlock(p), h('div', { class: 'pp-fields' }, personForm(p))));
    panel.hidden = false;
    panel.scrollIntoView({ block: 'start' });
    heading.focus();
  } catch (err) {
    failed(err, listStatus, t('staff.programme.people.open_failed'));
  }
}

export function closePerson() {
  panel.hidden = true;
  replace(body);
  const again = opener && opener.isConnected ? opener
    : (currentId ? $(`#personas-lista button[data-person="${currentId}"]`) : null);
  currentId = null;
  if (again) again.focus();
}

export function wirePeople() {
  $('#editor-persona-cerrar').addEventListener('click', () => closePerson());
  panel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !ev.target.matches('input, textarea, select')) closePerson();
  });
  prog.openPerson = openPerson;
}
