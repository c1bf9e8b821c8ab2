// reset.js — the forgotten-password page (/restablecer). Without a link: the e-mail form, POST
// /api/v1/password-reset, and the same neutral sentence whatever the address (the server answers
// 202 either way). With the e-mailed link (?t=TOKEN): the token leaves the address at once
// (history.replaceState; the tab keeps it in sessionStorage so a reload still works, and the page
// sends no Referer), then the new-password form, POST /api/v1/password-reset/{token}: 204 → done,
// 404 → the link is no longer good and the e-mail form is offered again, 400 → next to the field.
import { $ } from './dom.js';
import { path, post } from './api.js';
import { announce, describeError } from './page.js';
import { t } from './i18n.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';

const KEY = 'asamblea.restablecer';
const kept = {
  get: () => { try { return sessionStorage.getItem(KEY) || ''; } catch { return ''; } },
  set: (value) => { try { sessionStorage.setItem(KEY, value); } catch { /* private mode: this page view only */ } },
  remove: () => { try { sessionStorage.removeItem(KEY); } catch { /* nothing kept */ } },
};

/** The token of ?t=, taken out of the address; without ?t= (a reload), the one kept before. */
function takeToken() {
  const address = new URL(location.href);
  const given = address.searchParams.get('t');
  if (given === null) return kept.get();
  address.searchParams.delete('t');
  history.replaceState(history.state, '', address.pathname + address.search + address.hash);
  if (given) kept.set(given);
  return given;
}

/** Shows one of the page's steps and moves the focus to the page's heading. */
function show(step) {
  for (const id of ['pedir', 'enviado', 'elegir', 'hecho']) $(`#${id}`).hidden = id !== step;
  $('#titulo').focus();
}

function setUpRequest() {
  const form = $('#pedir-form');
  const region = $('#pedir-estado');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const email = form.elements.email.value.trim();
    if (!email) return showFieldError(form, 'email', t('staff.reset.email_missing'));
    try {
      const { body } = await busy(form, post('/password-reset', { email }));
      $('#enviado-texto').textContent = (body && body.message) || t('staff.reset.sent');
      show('enviado');
    } catch (err) {
      announce(region, describeError(err), 'error');
      if (err.status === 400 && err.field) showFieldError(form, err.field, err.message);
    }
  });
}

function setUpChoose(token) {
  const form = $('#elegir-form');
  const region = $('#elegir-estado');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(region, '');
    const password = form.elements.password.value;
    if (password.length < 10) return showFieldError(form, 'password', t('staff.reset.too_short'));
    if (password !== form.elements.password_again.value) return showFieldError(form, 'password_again', t('staff.reset.mismatch'));
    try {
      await busy(form, post(path('password-reset', token), { password }));
      kept.remove();
      show('hecho');
    } catch (err) {
      if (err.status === 404) {
        kept.remove();
        show('pedir');
        announce($('#pedir-estado'), t('staff.reset.link_invalid'), 'error');
        return;
      }
      announce(region, describeError(err), 'error');
      if (err.status === 400 && err.field) showFieldError(form, err.field, err.message);
    }
  });
}

const token = takeToken();
setUpRequest();
if (token) {
  setUpChoose(token);
  $('#elegir').hidden = false;
} else {
  $('#pedir').hidden = false;
}
