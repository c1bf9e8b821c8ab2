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
    if (!current) return showFieldError(form, 'current_password', 'Escriba su contraseña actual.');
    if (fresh.length < 10) return showFieldError(form, 'password', 'La contraseña nueva debe tener al menos 10 caracteres.');
    if (fresh !== form.elements.password_again.value) return showFieldError(form, 'password_again', 'Las dos contraseñas nuevas no coinciden.');
    try {
      await busy(form, put('/session/password', { current_password: current, password: fresh }));
      form.reset();
      $('#clave-usuario').value = me.email;
      const wasTemporary = me.must_change_password;
      me.must_change_password = false;
      $('#aviso-temporal').hidden = true;
      announce(region, wasTemporary
        ? 'Contraseña cambiada. Ya puede usar la administración; las demás sesiones de su cuenta se cerraron.'
        : 'Contraseña cambiada. Las demás sesiones de su cuenta se cerraron.', 'ok');
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
  if (!u.active) return h('span', { class: 'state state-off' }, 'Desactivada');
  return u.must_change_password ? h('span', { class: 'state' }, 'Activa · contraseña temporal') : h('span', { class: 'state state-on' }, 'Activa');
}

function row(u) {
  return h('tr', { 'data-id': u.id },
    h('th', { scope: 'row' }, h('span', { class: 'cell-main' }, u.name), h('span', { class: 'cell-sub' }, u.email)),
    h('td', { 'data-label': 'Rol' }, label(USER_ROLE, u.role)),
    h('td', { 'data-label': 'Estado' }, stateCell(u)),
    h('td', { 'data-label': 'Último ingreso' }, u.last_login_at ? formatDateTimeShort(u.last_login_at) : 'Nunca'),
    h('td', { class: 'cell-actions' },
      h('button', { type: 'button', class: 'button button-small', 'aria-controls': 'gestion', onclick: () => openManage(u.id) },
        'Gestionar', h('span', { class: 'visually-hidden' }, ` ${u.name}`))));
}

async function loadAccounts(message) {
  try {
    const { body } = await get('/users');
    accounts = body.items;
    replace($('#filas'), accounts.map(row));
    announce($('#lista-estado'), message || (accounts.length === 1 ? '1 cuenta.' : `${accounts.length} cuentas.`));
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
    if (!body.name) return showFieldError(form, 'name', 'Escriba el nombre.');
    if (!body.email) return showFieldError(form, 'email', 'Escriba el correo electrónico.');
    if (body.password.length < 10) return showFieldError(form, 'password', 'La contraseña temporal debe tener al menos 10 caracteres.');
    try {
      const { body: created } = await busy(form, post('/users', body));
      form.reset();
      roleOptions(form.elements.role, 'staff');
      toggleNew(false);
      await loadAccounts(`Cuenta de ${created.name} creada con contraseña temporal. Entréguesela por un medio seguro.`);
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
  $('#gestion-titulo').textContent = `Cuenta de ${u.name}`;
  roleOptions($('#g-role'), u.role);
  const toggle = $('#g-activar');
  toggle.textContent = u.active ? 'Desactivar cuenta' : 'Reactivar cuenta';
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
    if (role === managed.role) return announce($('#gestion-estado'), 'La cuenta ya tiene ese rol.');
    const lower = RANK[role] < RANK[managed.role];
    if (lower && !(await confirmAction({
      title: `¿Bajar el rol de ${managed.name}?`,
      consequence: `Pasará de ${label(USER_ROLE, managed.role)} a ${label(USER_ROLE, role)} y perderá los permisos de su rol actual.`,
      action: 'Cambiar rol',
    }))) return;
    await change(event.target, { role }, `${managed.name} ahora es ${label(USER_ROLE, role)}.`);
  });
  $('#temporal-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearFieldErrors(form);
    const password = form.elements.password.value;
    if (password.length < 10) return showFieldError(form, 'password', 'La contraseña temporal debe tener al menos 10 caracteres.');
    if (!(await confirmAction({
      title: `¿Poner una contraseña temporal a ${managed.name}?`,
      consequence: 'Su contraseña actual dejará de funcionar y se cerrarán sus sesiones abiertas. Deberá cambiarla al ingresar.',
      action: 'Poner contraseña temporal',
    }))) return;
    await change(form, { password }, `Contraseña temporal puesta a ${managed.name}. Entréguesela por un medio seguro.`);
    if (!form.querySelector('[aria-invalid="true"]')) form.reset();
  });
  $('#g-activar').addEventListener('click', async () => {
    const activate = !managed.active;
    if (!activate && !(await confirmAction({
      title: `¿Desactivar la cuenta de ${managed.name}?`,
      consequence: 'No podrá ingresar y se cerrarán sus sesiones abiertas. Puede reactivarla después; su historial se conserva.',
      action: 'Desactivar cuenta',
    }))) return;
    await change($('#rol-form'), { active: activate }, activate ? `Cuenta de ${managed.name} reactivada.` : `Cuenta de ${managed.name} desactivada.`);
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
  if (me.role !== 'admin') $('#titulo').textContent = 'Mi cuenta';
  setUpOwnPassword();
  await showAccounts();
}
