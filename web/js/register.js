// register.js — the public registration page (/e/{slug}/inscripcion): loads the edition; when
// it takes registrations shows the form (POST /editions/{slug}/registrations), otherwise a
// note saying why not (registration-state.js: ended on which day, opens from when, closed since
// when, or the edition's status). On 201 the form gives way to the
// confirmation: the code, the status and the private manage link /r/CODE?t=TOKEN — or, when the
// edition confirms e-mail addresses first (status pending_email), a note to open the link sent
// by e-mail. That link, /e/{slug}/confirmar?t=TOKEN, is this page too: one button sends the token
// (POST /editions/{slug}/registrations/confirm; a click, so that a mail scanner fetching the
// link confirms nothing) and the confirmation follows. The edition's own questions are asked
// after the usual fields (question-fields.js).
import { $, h, replace } from './dom.js';
import { get, newIdempotencyKey, path, postOnce } from './api.js';
import { formatDateRange } from './format.js';
import { closedExplanation } from './registration-state.js';
import { PUBLIC_ATTENDEE_TYPES, editionName } from './labels.js';
import { announce, describeError, setTitle, showEditionNotFound, showProblem } from './page.js';
import { busy, clearFieldErrors } from './forms.js';
import {
  attendeeTypeRadios, consentField, field, missing, showApiError, showProblems, values,
} from './registration-form.js';
import { codeDisplay, linkBox, manageUrl, statusBadge } from './registration-view.js';
import { answersFrom, missingAnswers, questionFields } from './question-fields.js';
import { pathPart } from './address.js';
import { LANG, t } from './i18n.js';

const root = $('#inscripcion');
const NAMES = ['full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'attendee_type', 'accessibility_needs', 'consent'];
const REQUIRED = ['full_name', 'email', 'organization', 'attendee_type', 'consent'];

/** "/e/pastaza-2025/inscripcion" → "pastaza-2025" ("" when the path is not one). */
const editionHref = (e) => `/e/${encodeURIComponent(e.slug)}`;
const where = (e) => [e.venue, e.city].filter(Boolean).join(', ');

/** The top band: breadcrumb, h1 and the edition's name, dates and place. */
function hero(e, title, { focus = false } = {}) {
  const heading = h('h1', { id: 'titulo', tabindex: focus ? '-1' : null }, title);
  return h('div', { class: 'hero edition-hero hero-compact' },
    h('div', { class: 'wrap form-page' },
      h('nav', { class: 'breadcrumb', 'aria-label': t('edition.breadcrumb') },
        h('ol', {},
          h('li', {}, h('a', { href: '/' }, t('edition.assemblies'))),
          h('li', {}, h('a', { href: editionHref(e) }, editionName(e))),
          h('li', { 'aria-current': 'page' }, t('register.title')))),
      heading,
      h('p', { class: 'lead' }, e.title || editionName(e)),
      h('p', { class: 'hero-when' }, [formatDateRange(e.starts_on, e.ends_on), where(e)].filter(Boolean).join(' · '))));
}

function contact(e) {
  return e.contact_email
    ? h('p', {}, t('register.questions'),
      h('a', { href: `mailto:${e.contact_email}` }, e.contact_email), '.')
    : null;
}

/** Instead of the form: why sign-up is closed (ended, not yet open: from when, closed, status). */
function closedNote(e) {
  const why = closedExplanation(e);
  const when = formatDateRange(e.starts_on, e.ends_on);
  setTitle(`${t('edition_badge.closed')} · ${editionName(e)}`);
  const over = why.reason === 'ended';
  const city = e.city ? t('register.in_city', { city: e.city }) : '';
  const note = [h('h2', { class: 'notice-title', id: 'aviso', tabindex: '-1' }, why.title),
    h('p', { class: 'notice-reason', 'data-reason': why.reason }, why.text),
    over
      ? h('p', {}, t('register.took_place', { name: editionName(e), when, where: city }))
      : h('p', {}, `${t('register.will_be', { when, where: city })} `,
        why.reason === 'not_yet_open' ? t('register.come_back') : t('register.no_more')),
    over ? null : contact(e),
    h('p', {}, h('a', { href: editionHref(e) }, over ? t('register.see_programme') : t('register.see_page')))];
  replace(root,
    hero(e, t('register.title')),
    h('div', { class: 'wrap page-body' }, h('div', { class: 'notice notice-closed', role: 'status' }, note)));
}

/** After a 409 registration_closed: the edition as it now stands says why (it may have just closed). */
async function closedNow(e) {
  let now = { ...e, registration_open: false, registration_closed_reason: 'status' };
  try {
    const { body } = await get(path('editions', e.slug));
    if (body && !body.registration_open) now = body;
  } catch { /* the note still says that sign-up is closed */ }
  closedNote(now);
  $('#aviso').focus();
}

/* ---------- the form ---------- */

function form(e) {
  const status = h('p', { id: 'inscripcion-estado', class: 'status', role: 'alert' });
  const policy = [
    t('register.policy_use'),
    h('a', { href: '/privacidad', target: '_blank', rel: 'noopener' }, t('register.policy_link')),
    t('register.new_tab'),
  ];
  const f = h('form', { class: 'form reg-form', id: 'inscripcion-form', method: 'post', novalidate: true, 'aria-labelledby': 'titulo' },
    h('p', { class: 'form-intro' }, t('register.intro')),
    status,
    h('fieldset', {}, h('legend', {}, t('register.your_data')),
      field('r', 'full_name'), field('r', 'email'), field('r', 'phone')),
    h('fieldset', {}, h('legend', {}, t('register.your_institution')),
      field('r', 'organization'), field('r', 'position'), field('r', 'municipality')),
    attendeeTypeRadios('r', PUBLIC_ATTENDEE_TYPES),
    field('r', 'accessibility_needs'),
    questionFields('r', e.questions),
    consentField('r', t('register.consent'), policy),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button button-primary button-large' }, t('register.submit'))));

  // One Idempotency-Key per submitted content: sending the same data again (after a lost answer)
  // gets the first answer back instead of a duplicate; changed data is a new sign-up.
  let submission = { key: '', data: '' };
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(f);
    announce(status, '');
    const problems = [...missing(f, REQUIRED), ...missingAnswers(f, e.questions)];
    if (problems.length) { showProblems(f, status, problems); return; }
    const data = { ...values(f, NAMES), language: LANG };
    for (const k of ['position', 'municipality', 'phone', 'accessibility_needs']) if (data[k] === '') delete data[k];
    if (e.questions && e.questions.length) data.answers = answersFrom(f, e.questions);
    announce(status, t('register.sending'));
    try {
      const sent = JSON.stringify(data);
      if (sent !== submission.data) submission = { key: newIdempotencyKey(), data: sent };
      const { body } = await busy(f, postOnce(`${path('editions', e.slug)}/registrations`, data, {
        key: submission.key,
        onRetry: () => announce(status, t('register.retrying')),
      }));
      if (body.status === 'pending_email') checkEmail(e, body);
      else confirmation(e, body, data);
    } catch (err) {
      if (err.code === 'registration_closed') { await closedNow(e); return; }
      if (err.status === 404) { showEditionNotFound(root, t('register.not_found_text')); return; }
      if (!showApiError(f, status, err, t('register.failed'))) status.scrollIntoView({ block: 'center' });
    }
  });

  setTitle(`${t('register.title')} · ${editionName(e)}`);
  replace(root,
    hero(e, t('register.title')),
    h('div', { class: 'wrap page-body form-page' }, h('div', { class: 'panel' }, f), contact(e)));
}

/* ---------- confirmation ---------- */

/** After a sign-up that waits for its address: where the link went and what to do with it. */
function checkEmail(e, r) {
  setTitle(`${t('register.check_email')} · ${editionName(e)}`);
  replace(root,
    hero(e, t('register.check_email'), { focus: true }),
    h('div', { class: 'wrap page-body form-page' },
      h('section', { class: 'panel confirmation', id: 'revise-correo', 'aria-labelledby': 'titulo' },
        h('p', { class: 'confirmation-thanks' }, t('register.link_sent', { email: r.email })),
        h('p', {}, t('register.open_link'),
          h('strong', {}, t('register.link_valid')), t('register.no_seat_yet')),
        h('p', {}, t('register.spam')),
        contact(e))));
  $('#titulo').focus();
  window.scrollTo(0, 0);
}

function confirmation(e, r, data = {}) {
  const waitlisted = r.status === 'waitlisted';
  const url = manageUrl(r.code, r.manage_token);
  const first = (data.full_name || '').split(/\s+/)[0];
  setTitle(`${waitlisted ? t('registration_status.waitlisted') : t('register.confirmed')} · ${editionName(e)}`);
  replace(root,
    hero(e, waitlisted ? t('register.on_waitlist') : t('register.confirmed'), { focus: true }),
    h('div', { class: 'wrap page-body form-page' },
      h('section', { class: 'panel confirmation', 'aria-labelledby': 'titulo' },
        h('p', { class: 'confirmation-thanks' }, t('register.thanks', { name: first ? `, ${first}` : '', edition: editionName(e) })),
        codeDisplay(r.code, t('register.your_code')),
        h('p', { class: 'reg-status' }, h('span', { class: 'reg-status-label' }, t('register.status_label')), statusBadge(r)),
        waitlisted
          ? h('p', {}, t('register.full_now'))
          : h('p', {}, t('register.show_code')),
        h('h2', { class: 'confirmation-sub' }, t('register.your_link')),
        h('p', {}, t('register.link_use'),
          h('strong', {}, t('register.bookmark')),
          t('register.link_sent_to', { to: data.email ? t('register.to_email', { email: data.email }) : t('register.by_email') })),
        linkBox({ id: 'enlace', label: t('register.link_label'), url, open: t('register.open_mine') }),
        h('p', { class: 'confirmation-back' }, h('a', { href: editionHref(e) }, t('register.back_to', { name: editionName(e) }))))));
  $('#titulo').focus();
  window.scrollTo(0, 0);
}

/* ---------- page ---------- */

/* ---------- the link that confirms the e-mail address ---------- */

/** The link is unknown, used or past its 48 hours. */
function linkInvalid(e, message) {
  setTitle(`${t('register.link_invalid')} · ${editionName(e)}`);
  replace(root,
    hero(e, t('register.confirm_title')),
    h('div', { class: 'wrap page-body' }, h('div', { class: 'notice notice-error', role: 'status' },
      h('h2', { class: 'notice-title', id: 'aviso', tabindex: '-1' }, t('register.link_dead')),
      h('p', {}, message, t('register.link_dead_text')),
      h('p', {}, h('a', { href: `${editionHref(e)}/inscripcion` }, t('register.to_form'))))));
  $('#aviso').focus();
}

function confirmPage(e, token) {
  const status = h('p', { id: 'confirmar-estado', class: 'status', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'button button-primary button-large' }, t('register.confirm_button'));
  const f = h('form', { class: 'form', id: 'confirmar-form', method: 'post', novalidate: true, 'aria-labelledby': 'titulo' },
    h('p', {}, t('register.press_to_confirm', { name: editionName(e) })),
    status, h('div', { class: 'form-actions' }, button));
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    announce(status, t('register.confirming'));
    try {
      const { body } = await busy(f, postOnce(`${path('editions', e.slug)}/registrations/confirm`, { token }, {
        onRetry: () => announce(status, t('register.busy_retrying')),
      }));
      confirmation(e, body);
    } catch (err) {
      if (err.status === 404) { linkInvalid(e, err.message); return; }
      if (err.code === 'registration_closed') { await closedNow(e); return; }
      announce(status, t('register.confirm_failed', { why: describeError(err) }), 'error');
    }
  });
  setTitle(`${t('register.confirm_title')} · ${editionName(e)}`);
  replace(root,
    hero(e, t('register.confirm_title')),
    h('div', { class: 'wrap page-body form-page' }, h('div', { class: 'panel' }, f), contact(e)));
}

async function load() {
  const confirming = /\/confirmar\/?$/.test(location.pathname);
  const slug = pathPart(/^\/e\/([^/]+)\/(?:inscripcion|confirmar)\/?$/);
  const token = new URLSearchParams(location.search).get('t') || '';
  root.setAttribute('aria-busy', 'true');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { root.removeAttribute('aria-busy'); showEditionNotFound(root, t('register.not_found_text')); return; }
  try {
    const { body } = await get(path('editions', slug));
    if (confirming) confirmPage(body, token);
    else if (body.registration_open) form(body);
    else closedNote(body);
  } catch (err) {
    if (err.status === 404) { showEditionNotFound(root, t('register.not_found_text')); return; }
    setTitle(t('error'));
    replace(root, h('div', { class: 'wrap page-body' }));
    showProblem(root.firstChild, {
      title: t('register.load_failed'), message: describeError(err), retry: load, headingLevel: 1,
    });
  } finally {
    root.removeAttribute('aria-busy');
  }
}

load();
