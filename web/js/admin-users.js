// admin-users.js — the accounts page (/admin/usuarios). Everyone signed in: change their own
// password (PUT /api/v1/session/password, current password required; the page says so when the
// password is temporary). Administrators also: the list of accounts (GET /api/v1/users), a new
// account with a temporary password (POST), and per account a role, a new temporary password
// and deactivation or reactivation (PATCH). Demoting, a new temporary password and deactivating
// are confirmed first in a dialog (confirm-dialog.js); the server refuses to leave no active admin.
import { $, h, replace } from './dom.js';
import { get, patch, post, put } from './api.js';
import { USER_ROLE, label } from './labels.js';
import { announce, describeError } from './page.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';
import { formatDateTimeShort } from './format.js';
import { startSession } from './admin-session.js';
import { confirmAction } from './confirm-dialog.js';
import { t } from './i18n.js';

const status = $('#estado');
const RANK = { staff: 1, organizer: 2, admin: 3 };
let accounts = [];
let me = null;
let managed = null; // the account open in #gestion

/** Shows a refusal of the API next to its field in form, or in the form's alert region. */
function showFailure(form, region, err) {
  announce(region, describeError(err), 'error');
  if (err.field) showFieldError(form, err.field, err.message);
}

// ---------- my password ----------

function setUpOwnPassword() {
  const form = $('#clave-form');
  const region = $('#clave-estado');
  $('#clave-usuario').value = me.email;
  $('#aviso-temporal').hidden = !me.must_change_password;
  $('#mi-contrasena').hidden = false;
  if (location.hash === '#mi-contrasena' || me.must_change_password) $('#mi-contrasena-titulo').focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const current = form.elements.current_password.value;
    const fresh = form.elements.password.value;
    if (!current) return showFieldError(form, 'current_password', t('staff.users.current_password_missing'));
    if (fresh.length < 10) return showFieldError(form, 'password', t('staff.users.new_password_short'));
    if (fresh !== form.elements.password_again.value) return showFieldError(form, 'password_again', t('staff.users.passwords_differ'));
    try {
      await busy(form, put('/session/password', { current_password: current, password: fresh }));
      form.reset();
      $('#clave-usuario').value = me.email;
      const wasTemporary = me.must_change_password;
      me.must_change_password = false;
      $('#aviso-temporal').hidden = true;
      announce(region, wasTemporary
        ? t('staff.users.password_changed_temporary')
        : t('staff.users.password_changed'), 'ok');
      if (wasTemporary) await showAccounts();
    } catch (err) {
      if (err.status === 400 && err.field === 'current_password') form.elements.current_password.value = '';
      showFailure(form, region, err);
    }
  });
}

// ---------- the list ----------

function roleOptions(select, selected) {
  replace(select, Object.keys(RANK).reverse().map((role) =>
    h('option', { value: role, selected: role === selected }, label(USER_ROLE, role))));
}

function stateCell(u) {
  if (!u.active) return h('span', { class: 'state state-off' }, t('staff.users.state_inactive'));
  return u.must_change_password ? h('span', { class: 'state' }, t('staff.users.state_temporary'))
    : h('span', { class: 'state state-on' }, t('staff.users.state_active'));
}

function row(u) {
  return h('tr', { 'data-id': u.id },
    h('th', { scope: 'row' }, h('span', { class: 'cell-main' }, u.name), h('span', { class: 'cell-sub' }, u.email)),
    h('td', { 'data-label': t('staff.users.col_role') }, label(USER_ROLE, u.role)),
    h('td', { 'data-label': t('staff.users.col_state') }, stateCell(u)),
    h('td', { 'data-label': t('staff.users.col_last_login') }, u.last_login_at ? formatDateTimeShort(u.last_login_at) : t('staff.users.never')),
    h('td', { class: 'cell-actions' },
      h('button', { type: 'button', class: 'button button-small', 'aria-controls': 'gestion', onclick: () => openManage(u.id) },
        t('staff.users.manage_button'), h('span', { class: 'visually-hidden' }, ` ${u.name}`))));
}

async function loadAccounts(message) {
  try {
    const { body } = await get('/users');
    accounts = body.items;
    replace($('#filas'), accounts.map(row));
    announce($('#lista-estado'), message || (accounts.length === 1 ? t('staff.users.count.one', { n: 1 })
      : t('staff.users.count.other', { n: accounts.length })));
    if (managed) fillManage(accounts.find((u) => u.id === managed.id));
  } catch (err) {
    announce($('#lista-estado'), describeError(err), 'error');
  }
}

// ---------- a new account ----------

function toggleNew(open) {
  const section = $('#nueva');
  section.hidden = !open;
  $('#nueva-abrir').setAttribute('aria-expanded', String(open));
  if (open) $('#nueva-titulo').focus();
  else $('#nueva-abrir').focus();
}

function setUpNew() {
  const form = $('#nueva-form');
  const region = $('#nueva-estado');
  roleOptions(form.elements.role, 'staff');
  $('#nueva-abrir').addEventListener('click', () => toggleNew($('#nueva').hidden));
  $('#nueva-cancelar').addEventListener('click', () => toggleNew(false));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const body = {
      name: form.elements.name.value.trim(),
      email: form.elements.email.value.trim(),
      role: form.elements.role.value,
      password: form.elements.password.value,
    };
    if (!body.name) return showFieldError(form, 'name', t('staff.users.name_missing'));
    if (!body.email) return showFieldError(form, 'email', t('staff.users.email_missing'));
    if (body.password.length < 10) return showFieldError(form, 'password', t('staff.users.temporary_password_short'));
    try {
      const { body: created } = await busy(form, post('/users', body));
      form.reset();
      roleOptions(form.elements.role, 'staff');
      toggleNew(false);
      await loadAccounts(t('staff.users.created', { name: created.name }));
    } catch (err) {
      showFailure(form, region, err);
    }
  });
}

// ---------- one account ----------

function fillManage(u) {
  managed = u || null;
  const section = $('#gestion');
  section.hidden = !u;
  if (!u) return;
  $('#gestion-titulo').textContent = t('staff.users.manage_title', { name: u.name });
  roleOptions($('#g-role'), u.role);
  const toggle = $('#g-activar');
  toggle.textContent = u.active ? t('staff.users.deactivate_button') : t('staff.users.reactivate_button');
  toggle.className = u.active ? 'button button-danger' : 'button';
}

function openManage(id) {
  announce($('#gestion-estado'), '');
  clearFieldErrors($('#rol-form'));
  clearFieldErrors($('#temporal-form'));
  fillManage(accounts.find((u) => u.id === id));
  $('#gestion-titulo').focus();
}

/** PATCHes the managed account and reloads the list, saying `done` (or the refusal) in #gestion-estado. */
async function change(form, body, done) {
  const region = $('#gestion-estado');
  clearFieldErrors(form);
  try {
    await busy(form, patch(`/users/${managed.id}`, body));
    await loadAccounts(done);
    announce(region, done, 'ok');
  } catch (err) {
    showFailure(form, region, err);
  }
}

function setUpManage() {
  $('#g-cerrar').addEventListener('click', () => {
    const id = managed && managed.id;
    fillManage(null);
    const back = id && $(`#filas tr[data-id="${id}"] button`);
    if (back) back.focus();
  });
  $('#rol-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const role = $('#g-role').value;
    if (role === managed.role) return announce($('#gestion-estado'), t('staff.users.same_role'));
    const lower = RANK[role] < RANK[managed.role];
    if (lower && !(await confirmAction({
      title: t('staff.users.demote_title', { name: managed.name }),
      consequence: t('staff.users.demote_consequence', { from: label(USER_ROLE, managed.role), to: label(USER_ROLE, role) }),
      action: t('staff.users.change_role_button'),
    }))) return;
    await change(event.target, { role }, t('staff.users.role_changed', { name: managed.name, role: label(USER_ROLE, role) }));
  });
  $('#temporal-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearFieldErrors(form);
    const password = form.elements.password.value;
    if (password.length < 10) return showFieldError(form, 'password', t('staff.users.temporary_password_short'));
    if (!(await confirmAction({
      title: t('staff.users.reset_title', { name: managed.name }),
      consequence: t('staff.users.reset_consequence'),
      action: t('staff.users.set_temporary_button'),
    }))) return;
    await change(form, { password }, t('staff.users.reset_done', { name: managed.name }));
    if (!form.querySelector('[aria-invalid="true"]')) form.reset();
  });
  $('#g-activar').addEventListener('click', async () => {
    const activate = !managed.active;
    if (!activate && !(await confirmAction({
      title: t('staff.users.deactivate_title', { name: managed.name }),
      consequence: t('staff.users.deactivate_consequence'),
      action: t('staff.users.deactivate_button'),
    }))) return;
    await change($('#rol-form'), { active: activate }, activate ? t('staff.users.reactivated', { name: managed.name })
      : t('staff.users.deactivated', { name: managed.name }));
    $('#g-activar').focus();
  });
}

// ---------- start ----------

/** The administrators' part, once the password is not temporary any more. */
async function showAccounts() {
  if (me.role !== 'admin' || me.must_change_password || !$('#cuentas').hidden) return;
  $('#cuentas').hidden = false;
  setUpNew();
  setUpManage();
  await loadAccounts();
}

me = await startSession(status);
if (me) {
  announce(status, '');
  if (me.role !== 'admin') $('#titulo').textContent = t('staff.users.my_account');
  setUpOwnPassword();
  await showAccounts();
}
