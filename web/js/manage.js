// manage.js — an attendee's own registration (/r/{code}?t=TOKEN): takes the token out of the
// address at once (history.replaceState to /r/{code}; the tab keeps it in sessionStorage, so a
// reload still works, and it never stays in the history or a Referer), reads the registration
// with it sent as X-Manage-Token, shows the code, status and data, lets the person correct
// their data (PATCH with only the changed fields) and cancel in two steps (DELETE). A wrong or
// replaced link (404) gets a kind explanation; too many attempts (429) say how long to wait.
// After check-in, "Descargar certificado de participación" saves certificate.pdf (read with the
// same header) through a blob URL.
// A confirmed registration also gets its badge: "Descargar credencial (PDF)" (badge.pdf with the
// same header, saved through a blob URL) and "Mostrar mi código QR" (the badge token drawn on a
// canvas by checkin-qr.js, to show at the door from the phone).
import { $, h, replace } from './dom.js';
import { del, get, getFile, patch, path } from './api.js';
import { formatDateRange } from './format.js';
import { editionName } from './labels.js';
import { announce, describeError, saveFile, setTitle, showProblem } from './page.js';
import { busy, clearFieldErrors } from './forms.js';
import { EDITABLE, changes, field, missing, showApiError, showProblems, values } from './registration-form.js';
import { codeDisplay, details, statusBadge } from './registration-view.js';
import { drawQr } from './checkin-qr.js';
import { t } from './i18n.js';
import { pathPart } from './address.js';

const root = $('#gestion');
const REQUIRED = ['full_name', 'email', 'organization'];

/** This tab's copy of the token of registration `code` (sessionStorage: gone with the tab). */
function keptToken(code) {
  const key = `asamblea.gestion.${code}`;
  return {
    get: () => { try { return sessionStorage.getItem(key) || ''; } catch { return ''; } },
    set: (value) => { try { sessionStorage.setItem(key, value); } catch { /* private mode: this page view only */ } },
    remove: () => { try { sessionStorage.removeItem(key); } catch { /* nothing kept */ } },
  };
}

/**
 * The token of ?t=, taken out of the address (the history entry becomes /r/{code}) and kept for
 * this tab; without ?t= (a reload), the one kept before.
 */
function takeToken(kept) {
  const address = new URL(location.href);
  const given = address.searchParams.get('t');
  if (given === null) return kept.get();
  address.searchParams.delete('t');
  history.replaceState(history.state, '', address.pathname + address.search + address.hash);
  if (given) kept.set(given);
  return given;
}

const code = pathPart(/^\/r\/([^/]+)\/?$/).trim().toUpperCase();
const kept = keptToken(code);
const token = takeToken(kept);
const withToken = { headers: { 'X-Manage-Token': token } };
const url = () => path('registrations', code);

let reg = null;       // the registration as the API last answered it
let edition = null;   // its edition ({slug} only if that could not be read)

/* ---------- views ---------- */

function hero(title, e) {
  return h('div', { class: 'hero edition-hero hero-compact' },
    h('div', { class: 'wrap form-page' },
      e ? h('nav', { class: 'breadcrumb', 'aria-label': t('edition.breadcrumb') },
        h('ol', {},
          h('li', {}, h('a', { href: '/' }, t('edition.assemblies'))),
          h('li', {}, h('a', { href: `/e/${encodeURIComponent(e.slug)}` }, editionName(e))),
          h('li', { 'aria-current': 'page' }, t('manage.yours')))) : null,
      h('h1', { id: 'titulo', tabindex: '-1' }, title),
      e && e.title ? h('p', { class: 'lead' }, e.title) : null,
      e && e.starts_on ? h('p', { class: 'hero-when' },
        [formatDateRange(e.starts_on, e.ends_on), [e.venue, e.city].filter(Boolean).join(', ')].filter(Boolean).join(' · ')) : null));
}

function contact(e) {
  return e && e.contact_email
    ? h('p', { class: 'contact' }, t('manage.questions'),
      h('a', { href: `mailto:${e.contact_email}` }, e.contact_email), '.')
    : null;
}

/** The contacts of the editions that are not over, for the "ask for a new link" advice. */
async function contacts() {
  try {
    const { body } = await get('/editions?limit=50');
    return ((body && body.items) || []).filter((e) => e.contact_email && (e.status === 'open' || e.status === 'closed'));
  } catch {
    return [];
  }
}

async function notFound() {
  kept.remove(); // a wrong or replaced link: nothing worth keeping for a reload
  setTitle(t('manage.not_found_title'));
  const box = h('div', { class: 'notice notice-error' },
    h('h1', { class: 'notice-title', id: 'titulo', tabindex: '-1' }, t('manage.not_found')),
    h('p', {}, t('manage.not_found_why')),
    h('p', {}, t('manage.not_found_what')));
  replace(root, h('div', { class: 'wrap page-body form-page' }, box));
  const list = await contacts();
  if (list.length) {
    box.append(h('ul', { class: 'contact-list' }, list.map((e) => h('li', {},
      `${editionName(e)}: `, h('a', { href: `mailto:${e.contact_email}` }, e.contact_email)))));
  }
  box.append(h('p', {}, h('a', { href: '/' }, t('manage.see_assemblies'))));
}

/** After a 429: the wait in words, and "Reintentar" usable only once it has passed. */
function tooMany(err) {
  setTitle(t('manage.wait'));
  replace(root, h('div', { class: 'wrap page-body form-page' }));
  const box = showProblem(root.firstChild, { title: t('manage.too_many'), message: describeError(err), retry: load, headingLevel: 1 });
  const button = box.querySelector('button');
  button.disabled = true;
  setTimeout(() => { button.disabled = false; }, Math.max(1, err.retryAfter || 30) * 1000);
}

/** The note under the status: what it means for the person. */
function statusNote(r, e) {
  if (r.status === 'waitlisted') {
    return h('p', {}, r.waitlist_position
      ? t('manage.waitlist_position', { position: r.waitlist_position })
      : t('manage.waitlisted'),
    t('manage.waitlist_note'));
  }
  if (r.status === 'cancelled') {
    return h('p', {}, t('manage.is_cancelled'),
      e && e.registration_open
        ? [t('manage.change_mind'), h('a', { href: `/e/${encodeURIComponent(e.slug)}/inscripcion` }, t('manage.register_again')), '.']
        : null);
  }
  return h('p', {}, t('manage.show_code'));
}

function summary(r, e) {
  return [
    h('h2', { id: 'resumen-titulo', class: 'visually-hidden' }, t('manage.data')),
    h('div', { class: 'reg-head' },
      codeDisplay(r.code),
      h('div', {},
        h('p', { class: 'reg-status' }, h('span', { class: 'reg-status-label' }, t('register.status_label')), statusBadge(r)),
        statusNote(r, e))),
    details(r, { timeZone: e && e.timezone }),
  ];
}

/* ---------- correcting ---------- */

function editSection(r, onSaved) {
  const status = h('p', { id: 'corregir-estado', class: 'status', role: 'alert' });
  const form = h('form', { id: 'corregir-form', class: 'form', novalidate: true },
    h('p', { class: 'form-intro' }, t('manage.edit_intro')),
    status,
    EDITABLE.map((name) => field('m', name, r[name])),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary' }, t('manage.save')),
      h('button', { type: 'button', class: 'button button-quiet', id: 'corregir-cerrar' }, t('manage.close_unsaved'))));
  const section = h('section', { id: 'corregir', class: 'panel editor', 'aria-labelledby': 'corregir-titulo', hidden: true },
    h('h2', { id: 'corregir-titulo', tabindex: '-1' }, t('manage.edit_title')), form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(status, '');
    const problems = missing(form, REQUIRED);
    if (problems.length) { showProblems(form, status, problems); return; }
    const data = changes(reg, values(form, EDITABLE));
    if (!Object.keys(data).length) { announce(status, t('manage.no_changes')); return; }
    try {
      const { body } = await busy(form, patch(url(), data, withToken));
      onSaved(body);
    } catch (err) {
      if (err.status === 404) { notFound(); return; }
      showApiError(form, status, err, t('manage.not_saved'));
    }
  });
  return section;
}

/* ---------- cancelling ---------- */

function cancelSection(onCancelled) {
  const question = h('p', { id: 'cancelar-pregunta', class: 'confirm-question', tabindex: '-1' },
    t('manage.cancel_question'));
  const status = h('p', { id: 'cancelar-estado', class: 'status', role: 'alert' });
  const start = h('button', { type: 'button', class: 'button button-danger', 'aria-expanded': 'false', 'aria-controls': 'cancelar-confirmar' }, t('manage.cancel_mine'));
  const yes = h('button', { type: 'button', class: 'button button-danger-solid' }, t('manage.cancel_yes'));
  const no = h('button', { type: 'button', class: 'button' }, t('manage.cancel_no'));
  const confirmBox = h('div', { id: 'cancelar-confirmar', class: 'confirm-box', role: 'group', 'aria-labelledby': 'cancelar-pregunta', hidden: true },
    question, h('div', { class: 'form-actions' }, yes, no));

  const toggle = (open) => {
    confirmBox.hidden = !open;
    start.setAttribute('aria-expanded', String(open));
    start.hidden = open;
    (open ? question : start).focus();
  };
  start.addEventListener('click', () => toggle(true));
  no.addEventListener('click', () => toggle(false));
  confirmBox.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') toggle(false); });
  let working = false;  // not `disabled`: a disabled button would drop the keyboard focus
  yes.addEventListener('click', async () => {
    if (working) return;
    working = true;
    yes.setAttribute('aria-disabled', 'true');
    announce(status, t('manage.cancelling'));
    try {
      const { body } = await del(url(), withToken);
      onCancelled(body);
    } catch (err) {
      if (err.status === 404) { notFound(); return; }
      announce(status, `${t('manage.cancel_failed')} ${describeError(err)}`, 'error');
    } finally {
      working = false;
      yes.removeAttribute('aria-disabled');
    }
  });

  return h('section', { id: 'cancelar', class: 'panel danger-zone', 'aria-labelledby': 'cancelar-titulo' },
    h('h2', { id: 'cancelar-titulo' }, t('manage.cancel_title')),
    h('p', {}, t('manage.cancel_intro')),
    status, start, confirmBox);
}

/* ---------- certificate of participation (after check-in) ---------- */

/** "Descargar certificado de participación": certificate.pdf read with the token, saved via a blob URL. */
function certificateSection() {
  const status = h('p', { id: 'certificado-estado', class: 'status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button-primary', id: 'certificado-descargar' },
    t('manage.cert_download'));
  let working = false;  // not `disabled`: a disabled button would drop the keyboard focus
  button.addEventListener('click', async () => {
    if (working) return;
    working = true;
    button.setAttribute('aria-disabled', 'true');
    announce(status, t('manage.cert_preparing'));
    try {
      saveFile(await getFile(`${url()}/certificate.pdf`, withToken));
      announce(status, t('manage.cert_done'), 'ok');
    } catch (err) {
      if (err.status === 404) { notFound(); return; }
      announce(status, err.code === 'not_checked_in' ? err.message : `${t('manage.cert_failed')} ${describeError(err)}`, 'error');
    } finally {
      working = false;
      button.removeAttribute('aria-disabled');
    }
  });
  return h('section', { id: 'certificado', class: 'panel cert-download', 'aria-labelledby': 'certificado-titulo' },
    h('h2', { id: 'certificado-titulo' }, t('manage.cert_title')),
    h('p', {}, t('manage.cert_intro')),
    button, status);
}

/* ---------- badge: the PDF and the QR on screen (confirmed registrations) ---------- */

/** "Descargar credencial (PDF)" and "Mostrar mi código QR", both read with the manage token. */
function badgeSection(r) {
  const status = h('p', { id: 'credencial-estado', class: 'status', role: 'status' });
  const download = h('button', { type: 'button', class: 'button button-primary', id: 'credencial-descargar' },
    t('manage.badge_download'));
  const toggle = h('button', {
    type: 'button', class: 'button', id: 'credencial-qr-boton', 'aria-expanded': 'false', 'aria-controls': 'credencial-qr',
  }, t('manage.qr_show'));
  const canvas = h('canvas', { id: 'credencial-qr-canvas', class: 'qr-canvas', role: 'img', 'aria-label': t('manage.qr_label', { name: r.full_name }) });
  const box = h('div', { id: 'credencial-qr', class: 'qr-box', hidden: true },
    canvas,
    h('p', { class: 'qr-name' }, r.full_name),
    h('p', { class: 'qr-hint' }, t('manage.qr_hint')));
  let working = false;  // not `disabled`: a disabled button would drop the keyboard focus
  const run = async (button, task) => {
    if (working) return;
    working = true;
    button.setAttribute('aria-disabled', 'true');
    try {
      await task();
    } catch (err) {
      if (err.status === 404) { notFound(); return; }
      announce(status, err.status === 409 ? err.message : `${t('manage.badge_failed')} ${describeError(err)}`, 'error');
    } finally {
      working = false;
      button.removeAttribute('aria-disabled');
    }
  };
  download.addEventListener('click', () => run(download, async () => {
    announce(status, t('manage.badge_preparing'));
    saveFile(await getFile(`${url()}/badge.pdf?layout=a6`, withToken));
    announce(status, t('manage.badge_done'), 'ok');
  }));
  toggle.addEventListener('click', () => run(toggle, async () => {
    if (!box.hidden) {
      box.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.textContent = t('manage.qr_show');
      return;
    }
    const { body } = await get(`${url()}/badge`, withToken);
    drawQr(canvas, body.token);
    box.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    toggle.textContent = t('manage.qr_hide');
    announce(status, '');
    box.scrollIntoView({ block: 'nearest' });
  }));
  return h('section', { id: 'credencial', class: 'panel badge-download', 'aria-labelledby': 'credencial-titulo' },
    h('h2', { id: 'credencial-titulo' }, t('manage.badge_title')),
    h('p', {}, t('manage.badge_intro')),
    h('div', { class: 'form-actions' }, download, toggle),
    status, box);
}

/* ---------- page ---------- */

function render() {
  const e = edition;
  setTitle(`${t('manage.yours')}${e && e.title ? ` · ${editionName(e)}` : ''}`);
  const pageStatus = h('p', { id: 'gestion-estado', class: 'status', role: 'status' });
  const summaryBox = h('section', { class: 'panel reg-summary', 'aria-labelledby': 'resumen-titulo' });
  const live = reg.status !== 'cancelled';
  const editButton = live ? h('button', {
    type: 'button', class: 'button', id: 'corregir-abrir', 'aria-expanded': 'false', 'aria-controls': 'corregir',
  }, t('manage.edit_open')) : null;
  const showSummary = () => replace(summaryBox, summary(reg, e), editButton ? h('div', { class: 'form-actions' }, editButton) : null);

  const edit = live ? editSection(reg, (saved) => {
    reg = saved;
    showSummary();
    closeEdit();
    announce(pageStatus, t('manage.saved'), 'ok');
    editButton.focus();
  }) : null;
  function openEdit() {
    edit.hidden = false;
    editButton.setAttribute('aria-expanded', 'true');
    edit.querySelector('h2').focus();
  }
  function closeEdit() {
    edit.hidden = true;
    editButton.setAttribute('aria-expanded', 'false');
  }
  if (live) {
    editButton.addEventListener('click', () => (edit.hidden ? openEdit() : closeEdit()));
    edit.querySelector('#corregir-cerrar').addEventListener('click', () => { closeEdit(); editButton.focus(); });
  }

  const badge = reg.status === 'confirmed' ? badgeSection(reg) : null;
  const cancel = live ? cancelSection((cancelled) => {
    reg = cancelled;
    edit.remove();
    cancel.remove();
    if (badge) badge.remove();
    replace(summaryBox, summary(reg, e));
    announce(pageStatus, t('manage.cancelled'), 'ok');
    pageStatus.setAttribute('tabindex', '-1');
    pageStatus.focus();
  }) : null;

  showSummary();
  replace(root,
    hero(t('manage.yours'), e),
    h('div', { class: 'wrap page-body form-page' }, pageStatus, summaryBox,
      reg.checked_in_at ? certificateSection() : null, badge, edit, cancel, contact(e)));
}

async function load() {
  root.setAttribute('aria-busy', 'true');
  try {
    if (!code || !token) { await notFound(); return; }
    try {
      reg = (await get(url(), withToken)).body;
    } catch (err) {
      if (err.status === 404) { await notFound(); return; }
      if (err.status === 429) { tooMany(err); return; }
      setTitle(t('error'));
      replace(root, h('div', { class: 'wrap page-body form-page' }));
      showProblem(root.firstChild, { title: t('manage.load_failed'), message: describeError(err), retry: load, headingLevel: 1 });
      return;
    }
    try {
      edition = (await get(path('editions', reg.edition))).body;
    } catch {
      edition = { slug: reg.edition };
    }
    render();
  } finally {
    root.removeAttribute('aria-busy');
  }
}

load();
