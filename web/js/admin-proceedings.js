// admin-proceedings.js — the organizers' page of one edition's memoria (/admin/e/{slug}/memoria):
// - publication: the state, "Vista previa (borrador)" (proceedings.pdf?draft=1 in a new tab),
//   "Publicar nueva versión" after an in-page confirmation (then its version and SHA-256), and the
//   published versions with their download links;
// - conclusions, recommendations and closing: add, edit (number, title, text with **negrita** and
//   "- " lists), delete after an in-page confirmation, and move up/down (PATCH sort_order of the
//   two items, which also swap their numbers so the numbering follows the order);
// - the team (credits): name, role and "firma certificados", added, removed and moved locally and
//   saved together (PUT …/credits); the credits heading and contact e-mail (PATCH the edition);
// - "Descargar todos los certificados" (certificates.pdf, or the API's message when nobody has
//   checked in yet).
// Without a session → /login?next=<this page> (admin-session.js).
import { $, h, replace } from './dom.js';
import { del, get, getFile, patch, path, post, put } from './api.js';
import { formatBytes, formatDateRange, formatDateTime } from './format.js';
import {
  EDITION_STATUS, PROCEEDINGS_SECTION, editionName, label, proceedingsHeading,
} from './labels.js';
import { announce, describeError, saveFile, setTitle } from './page.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';
import { richtext } from './richtext.js';
import { pdfUrl, versionFacts } from './proceedings-view.js';
import { failed, startSession, toLogin } from './admin-session.js';
import { pathPart } from './address.js';
import { t } from './i18n.js';

const status = $('#estado');
const CAN_EDIT = new Set(['admin', 'organizer']);
const TEXT_HINT = t('staff.proceedings.text_hint');

/** "/admin/e/pastaza-2025/memoria" → "pastaza-2025". */
const slug = pathPart(/^\/admin\/e\/([^/]+)\/memoria\/?$/);
const base = path('editions', slug);
const itemPath = (id) => path('proceedings', 'items', String(id));
let edition = null;
let data = { status: 'draft', items: [], credits: [] };  // the proceedings as the API last answered
let versions = [];                                        // newest first

const hidden = (text) => h('span', { class: 'visually-hidden' }, text);
const quoted = (it) => t('staff.proceedings.item_quoted', { title: it.title });

/** Reads the proceedings and the versions again. */
async function reload() {
  const [p, v] = await Promise.all([get(`${base}/proceedings`), get(`${base}/proceedings/versions`)]);
  data = p.body;
  versions = [...((v.body && v.body.items) || [])].sort((a, b) => b.version - a.version);
}

/* ---------- publication ---------- */

function showPublication() {
  const latest = versions[0];
  const published = data.status === 'published';
  replace($('#publicacion-resumen'),
    h('span', { class: `badge badge-memo badge-memo-${published ? 'published' : 'draft'}` }, published ? t('staff.proceedings.state_published') : t('staff.proceedings.state_draft')), ' ',
    latest ? t('staff.proceedings.latest_version', { version: latest.version, facts: versionFacts(latest) })
      : t('staff.proceedings.no_version_yet'));
  $('#pagina-publica').hidden = !latest;
  replace($('#versiones'), versions.length
    ? h('div', { class: 'table-wrap', role: 'group', 'aria-labelledby': 'versiones-titulo', tabindex: '0' },
      h('table', { class: 'data-table versions-table' },
        h('thead', {}, h('tr', {},
          [t('staff.proceedings.col_version'), t('staff.proceedings.col_published'), t('staff.proceedings.col_size'), 'SHA-256']
            .map((text) => h('th', { scope: 'col' }, text)),
          h('th', { scope: 'col' }, hidden(t('staff.proceedings.col_download'))))),
        h('tbody', {}, versions.map((v) => h('tr', {},
          h('th', { scope: 'row' }, h('span', { class: 'cell-title' }, t('staff.proceedings.version_n', { version: v.version }))),
          h('td', { 'data-label': t('staff.proceedings.col_published') }, formatDateTime(v.published_at, edition.timezone)),
          h('td', { 'data-label': t('staff.proceedings.col_size') }, formatBytes(v.bytes)),
          h('td', { 'data-label': 'SHA-256' }, h('code', { class: 'sha' }, v.sha256)),
          h('td', { class: 'cell-actions' },
            h('a', { class: 'button button-small', href: pdfUrl(slug, { version: v.version }), type: 'application/pdf' },
              t('staff.proceedings.download'), hidden(` ${t('staff.proceedings.download_version_hidden', { version: v.version })}`))))))))
    : h('p', { class: 'empty-note' }, t('staff.proceedings.no_versions')));
}

function publishConfirm(open) {
  const box = $('#publicar-confirmar');
  const start = $('#publicar-abrir');
  if (open) {
    const next = (versions[0] ? versions[0].version : 0) + 1;
    $('#publicar-pregunta').textContent = t('staff.proceedings.publish_question', { version: next });
    $('#publicar-si').textContent = t('staff.proceedings.publish_yes_version', { version: next });
    $('#publicar-aviso').hidden = (data.items || []).length > 0;  // the API publishes an empty memoria too
  }
  box.hidden = !open;
  start.setAttribute('aria-expanded', String(open));
  (open ? $('#publicar-pregunta') : start).focus();
}

function published(v) {
  const heading = h('p', { class: 'done-title', id: 'publicado-titulo', tabindex: '-1' }, t('staff.proceedings.published_version', { version: v.version }));
  replace($('#publicado'), h('div', { class: 'memo-published' },
    heading,
    h('dl', { class: 'reg-details' },
      h('div', { class: 'reg-detail' }, h('dt', {}, t('staff.proceedings.col_version')), h('dd', { id: 'publicado-version' }, String(v.version))),
      h('div', { class: 'reg-detail' }, h('dt', {}, t('staff.proceedings.col_published')), h('dd', {}, formatDateTime(v.published_at, edition.timezone))),
      h('div', { class: 'reg-detail' }, h('dt', {}, 'SHA-256'), h('dd', {}, h('code', { class: 'sha', id: 'publicado-sha' }, v.sha256)))),
    h('p', { class: 'memo-published-links' },
      h('a', { href: pdfUrl(slug, { version: v.version }), type: 'application/pdf' }, t('staff.proceedings.download_version', { version: v.version })),
      ' · ', h('a', { href: `/e/${encodeURIComponent(slug)}/memoria` }, t('staff.proceedings.view_public_page')))));
  heading.focus();
}

let publishing = false;  // not `disabled`: a disabled button would drop the keyboard focus
async function publish() {
  if (publishing) return;
  const region = $('#publicar-estado');
  const yes = $('#publicar-si');
  publishing = true;
  yes.setAttribute('aria-disabled', 'true');
  announce(region, t('staff.proceedings.publishing'));
  try {
    const { body: v } = await post(`${base}/proceedings/publish`, {});
    $('#publicar-confirmar').hidden = true;
    $('#publicar-abrir').setAttribute('aria-expanded', 'false');
    announce(region, t('staff.proceedings.published_version', { version: v.version }), 'ok');
    try { await reload(); } catch { /* the list stays as it was; the result below is what counts */ }
    showPublication();
    published(v);
  } catch (err) {
    failed(err, region, `${t('staff.proceedings.not_published')} `);
  } finally {
    publishing = false;
    yes.removeAttribute('aria-disabled');
  }
}

$('#publicar-abrir').addEventListener('click', () => publishConfirm(true));
$('#publicar-no').addEventListener('click', () => publishConfirm(false));
$('#publicar-si').addEventListener('click', publish);
$('#publicar-confirmar').addEventListener('keydown', (ev) => { if (ev.key === 'Escape') publishConfirm(false); });

/* ---------- conclusions, recommendations, closing ---------- */

/** The three editors; their headings and buttons use the words of labels.js. */
const KINDS = [
  {
    kind: 'conclusion', id: 'conclusiones', numbered: true, intro: t('staff.proceedings.intro_conclusion'),
    add: t('staff.proceedings.add_conclusion'), empty: t('staff.proceedings.empty_conclusion'),
  },
  {
    kind: 'recommendation', id: 'recomendaciones', numbered: true, intro: t('staff.proceedings.intro_recommendation'),
    add: t('staff.proceedings.add_recommendation'), empty: t('staff.proceedings.empty_recommendation'),
  },
  {
    kind: 'closing', id: 'cierre', numbered: false, single: true, intro: t('staff.proceedings.intro_closing'),
    add: t('staff.proceedings.add_closing'), empty: t('staff.proceedings.empty_closing'),
  },
].map((cfg) => ({ ...cfg, title: label(PROCEEDINGS_SECTION, cfg.kind) }));
const ofKind = (kind) => (data.items || []).filter((it) => it.kind === kind);  // in the API's order

/** The form to add an item (it = null) or edit one. onDone(answer, values) after saving: the new
 * item when adding, the whole proceedings when editing. */
function itemForm(cfg, it, { onDone, onCancel }) {
  const key = it ? `p${it.id}` : `nuevo-${cfg.id}`;
  const region = h('p', { class: 'status', role: 'alert', id: `${key}-estado` });
  const number = cfg.numbered ? h('input', {
    id: `${key}-number`, name: 'number', type: 'number', min: '1', max: '999', step: '1', inputmode: 'numeric',
    class: 'input-number', 'aria-describedby': `${key}-number-ayuda`,
  }) : null;
  const title = h('input', { id: `${key}-title`, name: 'title', type: 'text', maxlength: '300', autocomplete: 'off', required: true });
  const text = h('textarea', { id: `${key}-body`, name: 'body', rows: '8', maxlength: '20000', 'aria-describedby': `${key}-body-ayuda` });
  if (number) {
    const used = ofKind(cfg.kind).map((x) => x.number || 0);
    number.value = it ? (it.number ?? '') : String(Math.max(0, ...used) + 1);
  }
  title.value = it ? it.title : '';
  text.value = it ? it.body || '' : '';
  const form = h('form', { class: 'form memo-item-form', novalidate: true, 'aria-label': it ? t('staff.proceedings.edit_item', { title: it.title }) : cfg.add },
    region,
    number ? h('div', { class: 'field' },
      h('label', { for: number.id }, t('staff.proceedings.number_label')),
      h('p', { class: 'hint', id: `${key}-number-ayuda` }, t('staff.proceedings.number_hint')),
      number) : null,
    h('div', { class: 'field' }, h('label', { for: title.id }, t('staff.proceedings.title_label')), title),
    h('div', { class: 'field' },
      h('label', { for: text.id }, t('staff.proceedings.body_label')),
      h('p', { class: 'hint', id: `${key}-body-ayuda` }, TEXT_HINT),
      text),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, it ? t('staff.proceedings.save_changes') : cfg.add),
      h('button', { type: 'button', class: 'button button-quiet', onclick: onCancel }, t('staff.proceedings.cancel'))));
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') onCancel(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const values = { title: title.value.trim(), body: text.value.replace(/\s+$/, '') };
    if (number) values.number = number.value.trim() === '' ? null : Number(number.value);
    if (number && (number.validity.badInput
      || (values.number !== null && !(Number.isInteger(values.number) && values.number >= 1 && values.number <= 999)))) {
      showFieldError(form, 'number', t('staff.proceedings.number_invalid'));
      return;
    }
    if (!values.title) { showFieldError(form, 'title', t('staff.proceedings.title_required')); return; }
    try {
      const request = it ? patch(itemPath(it.id), values) : post(`${base}/proceedings/items`, { kind: cfg.kind, ...values });
      const { body } = await busy(form, request);
      await onDone(body, values);
    } catch (err) {
      if (err.status === 401) { toLogin(); return; }
      if (!(err.field && showFieldError(form, err.field, err.message))) announce(region, `${t('staff.proceedings.not_saved')} ${describeError(err)}`, 'error');
    }
  });
  return form;
}

function itemRow(cfg, it, index, count) {
  const li = h('li', { class: 'memo-edit-item', id: `punto-${it.id}` });
  const region = $(`#${cfg.id}-estado`);
  const heading = h('h3', { class: 'memo-edit-title', id: `punto-${it.id}-titulo`, tabindex: '-1' }, proceedingsHeading(it));
  const preview = it.body
    ? h('details', { class: 'memo-edit-body' }, h('summary', {}, t('staff.proceedings.view_text'), hidden(` ${t('staff.proceedings.view_text_hidden', { title: it.title })}`)), h('div', { class: 'prose' }, richtext(it.body)))
    : h('p', { class: 'empty-note' }, t('staff.proceedings.no_text'));
  const slot = h('div', { class: 'memo-edit-slot' });
  const button = (text, action, onclick, extra = {}) => h('button', {
    type: 'button', class: `button button-small${extra.danger ? ' button-danger' : ''}`, 'data-action': action,
    disabled: extra.disabled || false, onclick,
  }, text, hidden(` ${quoted(it)}`));
  const actions = h('div', { class: 'memo-edit-actions' },
    button(t('staff.proceedings.edit'), 'edit', () => openEdit()),
    count > 1 ? button(t('staff.proceedings.move_up'), 'up', () => move(cfg, it, -1), { disabled: index === 0 }) : null,
    count > 1 ? button(t('staff.proceedings.move_down'), 'down', () => move(cfg, it, +1), { disabled: index === count - 1 }) : null,
    button(t('staff.proceedings.delete'), 'delete', () => askDelete(), { danger: true }));

  const showView = (focus) => {
    replace(slot);
    preview.hidden = false;
    actions.hidden = false;
    if (focus) actions.querySelector(`[data-action="${focus}"]`).focus();
  };
  function openEdit() {
    preview.hidden = true;
    actions.hidden = true;
    replace(slot, itemForm(cfg, it, {
      onCancel: () => showView('edit'),
      onDone: (body, values) => {
        data = body;
        renderKind(cfg);
        announce(region, t('staff.proceedings.item_saved', { title: values.title }), 'ok');
        focusItem(it.id, 'edit');
      },
    }));
    slot.querySelector('input[name="title"]').focus();
  }
  function askDelete() {
    actions.hidden = true;
    const question = h('p', { class: 'confirm-question', id: `punto-${it.id}-pregunta`, tabindex: '-1' },
      t('staff.proceedings.delete_question', { title: it.title }));
    const yes = h('button', { type: 'button', class: 'button button-danger-solid' }, t('staff.proceedings.delete_yes'));
    const no = h('button', { type: 'button', class: 'button' }, t('staff.proceedings.delete_no'));
    const box = h('div', { class: 'confirm-box', role: 'group', 'aria-labelledby': question.id },
      question, h('div', { class: 'form-actions' }, yes, no));
    no.addEventListener('click', () => showView('delete'));
    box.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') showView('delete'); });
    let working = false;
    yes.addEventListener('click', async () => {
      if (working) return;
      working = true;
      yes.setAttribute('aria-disabled', 'true');
      try {
        await del(itemPath(it.id));
        await reload();
        renderKind(cfg);
        announce(region, t('staff.proceedings.item_deleted', { title: it.title }), 'ok');
        $(`#${cfg.id}-titulo`).focus();
      } catch (err) {
        failed(err, region, `${t('staff.proceedings.not_deleted')} `);
        working = false;
        yes.removeAttribute('aria-disabled');
      }
    });
    replace(slot, box);
    question.focus();
  }

  li.append(heading, preview, actions, slot);
  return li;
}

/** Puts the focus on an item's button (or, when that one is disabled, on the other move button). */
function focusItem(id, action) {
  const li = $(`#punto-${id}`);
  if (!li) return;
  const other = { up: 'down', down: 'up' }[action];
  const target = [action, other, 'edit'].map((a) => a && li.querySelector(`[data-action="${a}"]`)).find((b) => b && !b.disabled);
  (target || li.querySelector('h3')).focus();
}

let moving = false;
/**
 * Moves an item one place up (-1) or down (+1) within its kind: the two items exchange their
 * sort_order (and their numbers, so "1." stays first). When both have the same sort_order, the
 * whole kind is renumbered 1..n in the new order so that the order is exact.
 */
async function move(cfg, it, dir) {
  if (moving) return;
  const region = $(`#${cfg.id}-estado`);
  const list = ofKind(cfg.kind);
  const i = list.findIndex((x) => x.id === it.id);
  const j = i + dir;
  if (i < 0 || j < 0 || j >= list.length) return;
  const a = list[i];
  const b = list[j];
  const changes = new Map();
  const change = (x, values) => changes.set(x.id, { ...(changes.get(x.id) || {}), ...values });
  if (a.sort_order !== b.sort_order) {
    change(a, { sort_order: b.sort_order });
    change(b, { sort_order: a.sort_order });
  } else {
    const order = [...list];
    [order[i], order[j]] = [b, a];
    order.forEach((x, k) => { if (x.sort_order !== k + 1) change(x, { sort_order: k + 1 }); });
  }
  if (cfg.numbered && a.number != null && b.number != null && a.number !== b.number) {
    change(a, { number: b.number });
    change(b, { number: a.number });
  }
  moving = true;
  announce(region, t('staff.proceedings.moving'));
  try {
    for (const [id, values] of changes) data = (await patch(itemPath(id), values)).body;
    renderKind(cfg);
    const moved = ofKind(cfg.kind);
    announce(region, t('staff.proceedings.item_moved', {
      title: it.title, position: moved.findIndex((x) => x.id === it.id) + 1, count: moved.length,
    }), 'ok');
    focusItem(it.id, dir < 0 ? 'up' : 'down');
  } catch (err) {
    failed(err, region, `${t('staff.proceedings.not_moved')} `);
    try { await reload(); renderKind(cfg); } catch { /* keep what is shown */ }
  } finally {
    moving = false;
  }
}

/** Redraws one kind's list; the add button hides when a single-item kind has its item. */
function renderKind(cfg) {
  const list = ofKind(cfg.kind);
  replace($(`#${cfg.id}-lista`), list.map((it, i) => itemRow(cfg, it, i, list.length)));
  $(`#${cfg.id}-vacio`).hidden = list.length > 0;
  const full = cfg.single && list.length > 0;
  $(`#${cfg.id}-anadir`).hidden = full || !$(`#${cfg.id}-nuevo`).hidden;
}

function kindSection(cfg) {
  const region = h('p', { id: `${cfg.id}-estado`, class: 'status', role: 'status' });
  const host = h('div', { id: `${cfg.id}-nuevo`, class: 'panel editor memo-new', hidden: true });
  const open = h('button', {
    type: 'button', id: `${cfg.id}-anadir`, class: 'button button-primary', 'aria-expanded': 'false', 'aria-controls': host.id,
  }, cfg.add);
  const close = (focusButton) => {
    host.hidden = true;
    replace(host);
    open.setAttribute('aria-expanded', 'false');
    renderKind(cfg);
    if (focusButton && !open.hidden) open.focus();
  };
  open.addEventListener('click', () => {
    replace(host,
      h('h3', { class: 'memo-new-title' }, cfg.add),
      itemForm(cfg, null, {
        onCancel: () => close(true),
        onDone: async (added, values) => {
          data = (await get(`${base}/proceedings`)).body; // a create answers the new item alone
          close(false);
          announce(region, t('staff.proceedings.item_added', { title: values.title }), 'ok');
          focusItem(added.id, 'edit');
        },
      }));
    host.hidden = false;
    open.hidden = true;
    open.setAttribute('aria-expanded', 'true');
    host.querySelector('input[name="title"]').focus();
  });
  return h('section', { id: cfg.id, class: 'panel admin-section memo-kind', 'aria-labelledby': `${cfg.id}-titulo` },
    h('h2', { id: `${cfg.id}-titulo`, tabindex: '-1' }, cfg.title),
    h('p', { class: 'section-intro' }, cfg.intro),
    region,
    h('ol', { id: `${cfg.id}-lista`, class: 'memo-edit-list', 'aria-labelledby': `${cfg.id}-titulo` }),
    h('p', { id: `${cfg.id}-vacio`, class: 'empty-note', hidden: true }, cfg.empty),
    host,
    open);
}

/* ---------- team (credits) ---------- */

let credits = [];   // [{uid, name, role_title, signs_certificates}] as being edited
let nextUid = 1;

function creditsChanged(changed) {
  $('#equipo-cambios').hidden = !changed;
}

function setCredits(list) {
  credits = (list || []).map((c) => ({ uid: nextUid++, name: c.name, role_title: c.role_title, signs_certificates: !!c.signs_certificates }));
  renderCredits();
  creditsChanged(false);
}

/** Redraws the list; `focus` is {uid, action} (a button) or {uid, field} to focus afterwards. */
function renderCredits(focus = null) {
  replace($('#creditos'), credits.map((c, i) => creditRow(c, i)));
  $('#creditos-vacio').hidden = credits.length > 0;
  if (!focus) return;
  const row = $(`#cr${focus.uid}`);
  if (!row) return;
  if (focus.field) { row.querySelector(`[name="cr${focus.uid}-${focus.field}"]`).focus(); return; }
  const other = { up: 'down', down: 'up' }[focus.action];
  const target = [focus.action, other, 'remove'].map((a) => a && row.querySelector(`[data-action="${a}"]`)).find((b) => b && !b.disabled);
  if (target) target.focus();
}

function creditRow(c, i) {
  const id = `cr${c.uid}`;
  const who = ` ${t('staff.proceedings.person_hidden', { n: i + 1 })}`;
  const input = (field, attrs = {}) => {
    const el = h('input', { id: `${id}-${field}`, name: `${id}-${field}`, ...attrs });
    if (attrs.type === 'checkbox') {
      el.checked = c[field];
      el.addEventListener('change', () => { c[field] = el.checked; creditsChanged(true); });
    } else {
      el.value = c[field] || '';
      el.addEventListener('input', () => { c[field] = el.value; creditsChanged(true); });
    }
    return el;
  };
  const moveTo = (j, action) => {
    [credits[i], credits[j]] = [credits[j], credits[i]];
    creditsChanged(true);
    renderCredits({ uid: c.uid, action });
    const where = { name: c.name, position: j + 1, count: credits.length };
    announce($('#equipo-estado'), c.name ? t('staff.proceedings.person_moved', where) : t('staff.proceedings.person_moved_unnamed', where));
  };
  const button = (text, action, onclick, disabled = false) => h('button', {
    type: 'button', class: `button button-small${action === 'remove' ? ' button-danger' : ''}`, 'data-action': action, disabled, onclick,
  }, text, hidden(who));
  return h('li', { class: 'credit-edit', id },
    h('fieldset', {},
      h('legend', {}, t('staff.proceedings.person_legend', { n: i + 1 })),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: `${id}-name` }, t('staff.proceedings.name_label')),
          input('name', { type: 'text', maxlength: '200', autocomplete: 'off', required: true })),
        h('div', { class: 'field' }, h('label', { for: `${id}-role_title` }, t('staff.proceedings.role_label')),
          input('role_title', { type: 'text', maxlength: '200', autocomplete: 'off', required: true }))),
      h('div', { class: 'field field-check' },
        input('signs_certificates', { type: 'checkbox' }),
        h('label', { for: `${id}-signs_certificates` }, t('staff.proceedings.signs_label'))),
      h('div', { class: 'credit-actions' },
        button(t('staff.proceedings.move_up'), 'up', () => moveTo(i - 1, 'up'), i === 0),
        button(t('staff.proceedings.move_down'), 'down', () => moveTo(i + 1, 'down'), i === credits.length - 1),
        button(t('staff.proceedings.remove'), 'remove', () => {
          credits.splice(i, 1);
          creditsChanged(true);
          const next = credits[Math.min(i, credits.length - 1)];
          renderCredits(next ? { uid: next.uid, field: 'name' } : null);
          if (!next) $('#credito-anadir').focus();
          announce($('#equipo-estado'), c.name ? t('staff.proceedings.person_removed', { name: c.name }) : t('staff.proceedings.person_removed_unnamed'));
        }))));
}

$('#credito-anadir').addEventListener('click', () => {
  const c = { uid: nextUid++, name: '', role_title: '', signs_certificates: false };
  credits.push(c);
  creditsChanged(true);
  renderCredits({ uid: c.uid, field: 'name' });
});

$('#equipo-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.currentTarget;
  const region = $('#equipo-estado');
  clearFieldErrors(form);
  announce(region, '');
  const wrong = [];
  for (const c of credits) {
    c.name = (c.name || '').trim();
    c.role_title = (c.role_title || '').trim();
    if (!c.name) wrong.push(showFieldError(form, `cr${c.uid}-name`, t('staff.proceedings.name_required'), { focus: false }));
    if (!c.role_title) wrong.push(showFieldError(form, `cr${c.uid}-role_title`, t('staff.proceedings.role_required'), { focus: false }));
  }
  if (wrong.length) {
    announce(region, t('staff.proceedings.team_incomplete'), 'error');
    wrong[0].focus();
    return;
  }
  const body = { credits: credits.map(({ name, role_title, signs_certificates }) => ({ name, role_title, signs_certificates })) };
  try {
    const { body: saved } = await busy(form, put(`${base}/credits`, body));
    data = saved;
    setCredits(saved.credits);
    const n = saved.credits.length;
    announce(region, n === 1 ? t('staff.proceedings.team_saved.one', { count: n }) : t('staff.proceedings.team_saved.other', { count: n }), 'ok');
  } catch (err) {
    failed(err, region, `${t('staff.proceedings.team_not_saved')} `);
  }
});

/* ---------- heading and contact (the edition's organizer_unit and contact_email) ---------- */

const CONTACT_FIELDS = ['organizer_unit', 'contact_email'];

function fillContact() {
  for (const name of CONTACT_FIELDS) $(`#c-${name}`).value = edition[name] || '';
}

$('#contacto-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.currentTarget;
  const region = $('#contacto-estado');
  clearFieldErrors(form);
  announce(region, '');
  const changes = {};
  for (const name of CONTACT_FIELDS) {
    const value = $(`#c-${name}`).value.trim();
    if (value !== (edition[name] || '')) changes[name] = value;
  }
  if (!Object.keys(changes).length) { announce(region, t('staff.proceedings.no_changes')); return; }
  try {
    const { body } = await busy(form, patch(base, changes));
    edition = body;
    fillContact();
    announce(region, t('staff.proceedings.contact_saved'), 'ok');
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    if (!(err.field && showFieldError(form, err.field, err.message))) announce(region, `${t('staff.proceedings.not_saved')} ${describeError(err)}`, 'error');
  }
});

/* ---------- certificates ---------- */

$('#certificados-descargar').addEventListener('click', async (ev) => {
  const button = ev.currentTarget;
  if (button.getAttribute('aria-disabled')) return;
  const region = $('#certificados-estado');
  button.setAttribute('aria-disabled', 'true');
  announce(region, t('staff.proceedings.certificates_preparing'));
  try {
    saveFile(await getFile(`${base}/certificates.pdf`));
    announce(region, t('staff.proceedings.certificates_done'), 'ok');
  } catch (err) {
    if (err.status === 404) {
      announce(region, t('staff.proceedings.certificates_none', { message: err.message || t('staff.proceedings.certificates_nobody') }));
    } else {
      failed(err, region, `${t('staff.proceedings.certificates_failed')} `);
    }
  } finally {
    button.removeAttribute('aria-disabled');
  }
});

/* ---------- page ---------- */

function showEdition() {
  const name = editionName(edition);
  setTitle(t('staff.proceedings.page_title', { edition: name }));
  $('#titulo').textContent = t('staff.proceedings.page_title', { edition: name });
  replace($('#miga-edicion'), h('a', { href: `/e/${encodeURIComponent(edition.slug)}` }, name));
  replace($('#subtitulo'),
    [formatDateRange(edition.starts_on, edition.ends_on), edition.city].filter(Boolean).join(' · '), ' · ',
    h('span', { class: `badge badge-${edition.status}` }, label(EDITION_STATUS, edition.status)));
  $('#vista-previa').href = pdfUrl(slug, { draft: 1 });
  $('#pagina-publica').href = `/e/${encodeURIComponent(slug)}/memoria`;
}

async function start() {
  const user = await startSession(status);
  if (!user) return;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { announce(status, t('staff.proceedings.bad_address'), 'error'); return; }
  if (!CAN_EDIT.has(user.role)) {
    announce(status, t('staff.proceedings.no_permission'), 'error');
    return;
  }
  announce(status, t('staff.proceedings.loading'));
  try {
    edition = (await get(base)).body;
    await reload();
  } catch (err) {
    if (err.status === 404) { announce(status, t('staff.proceedings.edition_not_found'), 'error'); return; }
    failed(err, status, `${t('staff.proceedings.load_failed')} `);
    return;
  }
  showEdition();
  replace($('#puntos'), KINDS.map(kindSection));
  KINDS.forEach(renderKind);
  showPublication();
  fillContact();
  setCredits(data.credits);
  $('#consola').hidden = false;
  announce(status, '');
}

start();
