// admin-session.js — what every organizers' page does about the session: check it
// (GET /api/v1/session; without one → /login?next=<this page>), show who is signed in in the
// header with the sections their role can use (admin-nav.js), and the "Cerrar sesión" button.
// Used by every page of web/admin/ and the door scanner, which clears what it keeps on the
// device through the beforeSignOut and onExpired hooks. An account whose password is temporary
// is sent to the accounts page (/admin/usuarios#mi-contrasena) to change it first.
import { $ } from './dom.js';
import { del, get } from './api.js';
import { USER_ROLE, label } from './labels.js';
import { announce, describeError, showProblem } from './page.js';
import { showAdminNav } from './admin-nav.js';
import { t } from './i18n.js';

export const OWN_PASSWORD_PAGE = '/admin/usuarios';

/** Goes to the login form, which comes back here afterwards. */
export function toLogin() {
  const here = location.pathname + location.search;
  location.replace(`/login?next=${encodeURIComponent(here).replace(/%2F/g, '/')}`);
}

/** A failed call of a staff page: a 401 goes to the login form; anything else is said in region, after prefix. */
export function failed(err, region, prefix = '') {
  if (err && err.status === 401) { toLogin(); return; }
  announce(region, `${prefix}${describeError(err)}`, 'error');
}

function showUser(user) {
  $('#cuenta-nombre').textContent = user.name || user.email;
  $('#cuenta-rol').textContent = label(USER_ROLE, user.role);
  $('#cuenta').hidden = false;
}

/**
 * Checks the session and shows the user; resolves to the user, or to null when the page
 * is leaving for /login or could not check (then a problem notice with "Reintentar" is shown
 * in #problema). `status` is the page's live region. beforeSignOut() runs when "Cerrar sesión"
 * is pressed (resolving false keeps the session); onExpired() runs before a page without a
 * valid session leaves for /login.
 */
export async function startSession(status, { beforeSignOut = async () => true, onExpired = async () => {} } = {}) {
  $('#cerrar-sesion').addEventListener('click', async () => {
    if (!(await beforeSignOut())) return;
    try {
      await del('/session');
    } catch (err) {
      if (err.status !== 401) { announce(status, describeError(err), 'error'); return; }
    }
    location.assign('/login');
  });
  try {
    const { body } = await get('/session');
    const user = (body && body.user) || body;
    if (user.must_change_password && location.pathname !== OWN_PASSWORD_PAGE) {
      location.replace(`${OWN_PASSWORD_PAGE}#mi-contrasena`);
      return null;
    }
    showUser(user);
    showAdminNav(user.role);
    return user;
  } catch (err) {
    if (err.status === 401) { await onExpired(); toLogin(); return null; }
    announce(status, '');
    showProblem($('#problema'), { title: t('staff.header.session_check_failed'), message: describeError(err), retry: () => location.reload() });
    return null;
  }
}
