// admin-programme.js — the organizers' programme page of one edition (/admin/e/{slug}/programa):
// checks the session (admin-session.js: without one → /login?next=<this page>), loads the
// edition, its sessions, rooms, people and stored conflicts, and draws every part: sessions and
// their editor (admin-programme-sessions.js), the day-by-room grid (admin-programme-grid.js),
// the people and their photos (admin-programme-people.js), and here the rooms (GET/POST
// /editions/{slug}/rooms, PATCH/DELETE /rooms/{id}), the "Conflictos" panel
// (GET /editions/{slug}/conflicts) and "Copiar de una edición anterior" (POST …/copy {from}).
// After any change everything is read again (prog.refresh).
import { $, h, replace } from './dom.js';
import { del, get, patch, path, post } from './api.js';
import { formatDateRange, formatNumber } from './format.js';
import { EDITION_STATUS, editionName, label } from './labels.js';
import { announce, describeError, setTitle } from './page.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';
import { showApiError } from './registration-form.js';
import { failed, startSession } from './admin-session.js';
import { pathPart } from './address.js';
import { t } from './i18n.js';
import { confirmBox, field, prog, refocus } from './admin-programme-shared.js';
import { renderSessions, syncEditor, wireSessions } from './admin-programme-sessions.js';
import { renderGrid } from './admin-programme-grid.js';
import { renderPeople, wirePeople } from './admin-programme-people.js';

const status = $('#estado');

/** "/admin/e/pastaza-2025/programa" → "pastaza-2025" ("" when the path is not a programme page). */
const items = (res) => (res && res.body && res.body.items) || [];

/* ---------- rooms ---------- */

const roomForm = $('#sala-form');
const roomStatus = $('#sala-estado');
const roomsStatus = $('#salas-estado');

/** "" → null; else a whole number ≥ 0, or NaN. */
function capacityValue(input) {
  const v = input.value.trim();
  if (v === '') return null;
  return /^\d+$/.test(v) && !input.validity.badInput ? Number(v) : Number.NaN;
}

function roomItem(r) {
  const li = h('li', { class: 'room-item', 'data-room': r.id });
  const show = () => replace(li,
    h('div', { class: 'room-body' },
      h('p', { class: 'room-name' }, r.name),
      h('p', { class: 'room-meta' }, [
        r.capacity == null ? t('staff.programme.room.capacity_unknown') : t('staff.programme.room.capacity', { n: formatNumber(r.capacity) }),
        r.sessions === 1 ? t('staff.programme.room.sessions.one') : t('staff.programme.room.sessions.other', { n: formatNumber(r.sessions || 0) }),
      ].join(' · '))),
    h('div', { class: 'room-actions' },
      h('button', { type: 'button', class: 'button button-small', 'data-act': 'rename', onclick: rename },
        t('staff.programme.room.rename'), h('span', { class: 'visually-hidden' }, t('staff.programme.quoted_hidden', { text: r.name }))),
      h('button', { type: 'button', class: 'button button-small button-danger', 'data-act': 'delete', onclick: remove },
        t('staff.programme.delete'), h('span', { class: 'visually-hidden' }, t('staff.programme.quoted_hidden', { text: r.name })))));

  function rename() {
    const prefix = `sala-${r.id}`;
    const region = h('p', { class: 'status', role: 'alert' });
    const form = h('form', { class: 'form room-edit', novalidate: true },
      h('div', { class: 'room-add-fields' },
        field(prefix, 'name', t('staff.programme.room.name_label'), { value: r.name, attrs: { maxlength: 120, required: true } }),
        h('div', { class: 'room-capacity' }, field(prefix, 'capacity', t('staff.programme.room.capacity_label'), {
          value: r.capacity ?? '', type: 'number', optional: true, attrs: { min: 0, step: 1, inputmode: 'numeric' },
        }))),
      region,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary button-small' }, t('staff.programme.save')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { show(); li.querySelector('[data-act="rename"]').focus(); } }, t('staff.programme.cancel'))));
    form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { show(); li.querySelector('[data-act="rename"]').focus(); } });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const name = form.elements.name.value.trim();
      const capacity = capacityValue(form.elements.capacity);
      if (!name) { showFieldError(form, 'name', t('staff.programme.room.name_missing')); return; }
      if (Number.isNaN(capacity)) { showFieldError(form, 'capacity', t('staff.programme.whole_number')); return; }
      const data = {};
      if (name !== r.name) data.name = name;
      if (capacity !== (r.capacity ?? null)) data.capacity = capacity;
      if (!Object.keys(data).length) { show(); li.querySelector('[data-act="rename"]').focus(); return; }
      try {
        await busy(form, patch(path('rooms', String(r.id)), data));
        await prog.refresh();
        announce(roomsStatus, t('staff.programme.room.saved', { name }), 'ok');
        refocus(`#salas-lista [data-room="${r.id}"] [data-act="rename"]`);
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        showApiError(form, region, err, t('staff.programme.not_saved'));
      }
    });
    replace(li, form);
    form.elements.name.focus();
  }

  function remove() {
    if (li.querySelector('.confirm-box')) return;
    li.querySelector('.room-actions').hidden = true;
    confirmBox(li, {
      question: t('staff.programme.room.delete_question', { name: r.name }),
      detail: !r.sessions ? '' : r.sessions === 1 ? t('staff.programme.room.delete_detail.one')
        : t('staff.programme.room.delete_detail.other', { n: formatNumber(r.sessions) }),
      confirm: t('staff.programme.room.delete_confirm'),
      onCancel: () => { li.querySelector('.room-actions').hidden = false; li.querySelector('[data-act="delete"]').focus(); },
      async onConfirm() {
        await del(path('rooms', String(r.id)));
        await prog.refresh();
        announce(roomsStatus, t('staff.programme.room.deleted', { name: r.name }), 'ok');
        roomForm.elements.name.focus();
      },
    });
  }

  show();
  return li;
}

function renderRooms() {
  announce(roomsStatus, prog.rooms.length ? '' : t('staff.programme.room.none'));
  replace($('#salas-lista'), prog.rooms.map(roomItem));
}

roomForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(roomForm);
  announce(roomStatus, '');
  const name = roomForm.elements.name.value.trim();
  const capacity = capacityValue(roomForm.elements.capacity);
  if (!name) { showFieldError(roomForm, 'name', t('staff.programme.room.name_missing')); return; }
  if (Number.isNaN(capacity)) { showFieldError(roomForm, 'capacity', t('staff.programme.whole_number')); return; }
  const data = { name, sort_order: prog.rooms.reduce((m, r) => Math.max(m, r.sort_order || 0), 0) + 1 };
  if (capacity !== null) data.capacity = capacity;
  try {
    await busy(roomForm, post(`${prog.base}/rooms`, data));
    roomForm.reset();
    await prog.refresh();
    announce(roomStatus, t('staff.programme.room.added', { name }), 'ok');
    roomForm.elements.name.focus();
  } catch (err) {
    if (err.status === 401) { failed(err, roomStatus); return; }
    showApiError(roomForm, roomStatus, err, t('staff.programme.not_added'));
  }
});

/* ---------- conflicts ---------- */

/** A catalogue text as nodes: each {name} placeholder becomes parts[name] (an element or a string). */
function withParts(text, parts) {
  return text.split(/\{(\w+)\}/).map((piece, i) => (i % 2 ? parts[piece] ?? `{${piece}}` : piece)).filter((x) => x !== '');
}

function conflictItem(c) {
  const [a, b] = c.sessions || [];
  const open = (s) => h('button', { type: 'button', class: 'button-link', onclick: (ev) => prog.openSession(s.id, ev.currentTarget) },
    t('staff.programme.quoted', { text: s.title }));
  if (!a || !b) {
    return h('li', {}, c.reason === 'person' ? t('staff.programme.conflict.person_plain', { person: c.person })
      : t('staff.programme.conflict.room_plain', { room: c.room }));
  }
  return h('li', { class: `conflict conflict-${c.reason}` },
    c.reason === 'person'
      ? withParts(t('staff.programme.conflict.person'), {
        person: h('strong', {}, c.person || t('staff.programme.conflict.someone')), a: open(a), b: open(b),
      })
      : withParts(t('staff.programme.conflict.room'), {
        a: open(a), b: open(b), room: h('strong', {}, c.room || t('staff.programme.conflict.same_room')),
      }));
}

function renderConflicts(list, error = null) {
  const region = $('#conflictos-estado');
  const box = $('#conflictos');
  if (error) { failed(error, region, t('staff.programme.conflict.check_failed')); return; }
  box.classList.toggle('has-conflicts', list.length > 0);
  announce(region, !list.length ? t('staff.programme.conflict.none')
    : list.length === 1 ? t('staff.programme.conflict.count.one') : t('staff.programme.conflict.count.other', { n: list.length }),
  list.length ? 'error' : 'ok');
  replace($('#conflictos-lista'), list.map(conflictItem));
}

/* ---------- copy from another edition ---------- */

const copyForm = $('#copiar-form');
const copyStatus = $('#copiar-estado');

function fillCopy(editions) {
  const others = editions.filter((e) => e.slug !== prog.slug).sort((a, b) => b.starts_on.localeCompare(a.starts_on));
  const select = copyForm.elements.from;
  replace(select, others.map((e) => h('option', { value: e.slug }, `${editionName(e)} (${formatDateRange(e.starts_on, e.ends_on)})`)));
  const earlier = others.find((e) => e.starts_on < prog.edition.starts_on);
  if (earlier) select.value = earlier.slug;
  copyForm.querySelector('button[type="submit"]').disabled = !others.length;
  if (!others.length) announce(copyStatus, t('staff.programme.copy.no_others'));
}

copyForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearFieldErrors(copyForm);
  const from = copyForm.elements.from.value;
  if (!from) { showFieldError(copyForm, 'from', t('staff.programme.copy.choose_source')); return; }
  const name = copyForm.elements.from.selectedOptions[0].textContent;
  try {
    const { body: r } = await busy(copyForm, post(`${prog.base}/copy`, { from }));
    await prog.refresh();
    const rooms = r.rooms === 1 ? t('staff.programme.copy.rooms.one') : t('staff.programme.copy.rooms.other', { n: formatNumber(r.rooms || 0) });
    const people = r.people === 1 ? t('staff.programme.copy.people.one') : t('staff.programme.copy.people.other', { n: formatNumber(r.people || 0) });
    announce(copyStatus, !r.rooms && !r.people
      ? t('staff.programme.copy.nothing_new', { name })
      : t('staff.programme.copy.copied', { rooms, people, name }), 'ok');
  } catch (err) {
    if (err.status === 401) { failed(err, copyStatus); return; }
    showApiError(copyForm, copyStatus, err, t('staff.programme.copy.not_copied'));
  }
});

/* ---------- loading ---------- */

let loadSeq = 0;
/** Reads sessions, rooms, people and conflicts again and redraws every part. */
async function refresh() {
  const seq = ++loadSeq;
  const [sessions, rooms, people, conflicts] = await Promise.allSettled([
    get(`${prog.base}/sessions?limit=500`), get(`${prog.base}/rooms?limit=500`),
    get(`${prog.base}/people?limit=500`), get(`${prog.base}/conflicts?limit=500`)]);
  if (seq !== loadSeq) return;
  const firstError = [sessions, rooms, people].find((r) => r.status === 'rejected');
  if (firstError) {
    failed(firstError.reason, status, t('staff.programme.refresh_failed'));
    return;
  }
  prog.sessions = items(sessions.value);
  prog.rooms = items(rooms.value);
  prog.people = items(people.value);
  renderSessions();
  renderGrid($('#cuadricula-dias'));
  renderRooms();
  renderPeople();
  renderConflicts(conflicts.status === 'fulfilled' ? items(conflicts.value) : [], conflicts.status === 'rejected' ? conflicts.reason : null);
  syncEditor();
}
prog.refresh = refresh;

function showEdition() {
  const e = prog.edition;
  const name = editionName(e);
  const editionPath = `/e/${encodeURIComponent(e.slug)}`;
  setTitle(t('staff.programme.page_title', { name }));
  $('#titulo').textContent = t('staff.programme.page_title', { name });
  replace($('#miga-edicion'), h('a', { href: editionPath }, name));
  $('#zona-horaria').textContent = e.timezone || 'America/Guayaquil';
  replace($('#subtitulo'),
    [formatDateRange(e.starts_on, e.ends_on), e.city].filter(Boolean).join(' · '), ' · ',
    h('span', { class: `badge badge-${e.status}` }, label(EDITION_STATUS, e.status)), ' · ',
    h('a', { href: editionPath }, t('staff.programme.view_public')));
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  prog.slug = pathPart(/^\/admin\/e\/([^/]+)\/programa\/?$/);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(prog.slug)) { announce(status, t('staff.programme.bad_address'), 'error'); return; }
  prog.base = path('editions', prog.slug);
  announce(status, t('staff.programme.loading'));
  let editions;
  try {
    [prog.edition, editions] = await Promise.all([
      get(prog.base).then((r) => r.body),
      get('/editions?limit=500').then(items).catch(() => []),
    ]);
  } catch (err) {
    if (err.status === 404) { announce(status, t('staff.programme.no_edition'), 'error'); return; }
    failed(err, status, t('staff.programme.edition_load_failed'));
    return;
  }
  showEdition();
  fillCopy(editions);
  wireSessions();
  wirePeople();
  $('#conflictos-actualizar').addEventListener('click', async () => {
    announce($('#conflictos-estado'), t('staff.programme.conflict.checking'));
    await refresh();
  });
  try {
    await refresh();
  } catch (err) {
    announce(status, describeError(err), 'error');
    return;
  }
  $('#consola').hidden = false;
  if (status.dataset.tone !== 'error') announce(status, '');
}

start();
