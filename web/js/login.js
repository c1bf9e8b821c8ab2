// login.js — the sign-in form (/login): POST /api/v1/session, then go to ?next= (only an
// address on this site's own origin) or /admin — or, for an account whose password is temporary,
// to the form that changes it. Errors appear in the form's alert region and next to the field.
import { $ } from './dom.js';
import { post } from './api.js';
import { announce, describeError } from './page.js';
import { t } from './i18n.js';
import { busy, clearFieldErrors, showFieldError } from './forms.js';

const form = $('#login-form');
const status = $('#login-estado');

/**
 * Where to go after signing in: ?next= read the way the browser reads an address (tabs and
 * newlines dropped, a backslash taken as a slash), kept only when it stays on this origin, and
 * then only its path, query and fragment. Anything else (another host in any spelling, another
 * scheme such as javascript:) → /admin.
 */
function nextPath(next = new URLSearchParams(location.search).get('next')) {
  if (!next) return '/admin';
  let url;
  try { url = new URL(next, location.origin); } catch { return '/admin'; }
  return url.origin === location.origin ? url.pathname + url.search + url.hash : '/admin';
}

function fail(field, message) {
  announce(status, message, 'error');
  if (!field || !showFieldError(form, field, message)) form.querySelector('button[type="submit"]').focus();
}

/** After a 429, keeps the button disabled until Retry-After has passed. */
function lockFor(seconds) {
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  setTimeout(() => { button.disabled = false; }, Math.max(1, seconds || 30) * 1000);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearFieldErrors(form);
  announce(status, '');
  const email = form.elements.email.value.trim();
  const password = form.elements.password.value;
  if (!email) return fail('email', t('staff.login.email_missing'));
  if (!password) return fail('password', t('staff.login.password_missing'));

  try {
    const { body } = await busy(form, post('/session', { email, password }));
    location.assign(body && body.user && body.user.must_change_password ? '/admin/usuarios#mi-contrasena' : nextPath());
  } catch (err) {
    if (err.status === 401) {
      form.elements.password.value = '';
      fail('password', t('staff.login.wrong'));
    } else if (err.status === 429) {
      announce(status, describeError(err), 'error');
      lockFor(err.retryAfter);
    } else if (err.status === 400 && err.field) {
      fail(err.field, err.message);
    } else {
      fail(null, describeError(err));
    }
  }
});
