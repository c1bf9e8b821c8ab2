// registration-view.js — how a registration is shown, the same on the confirmation
// (register.js), the attendee's page (manage.js) and the organizers' panel
// (admin-registrations.js): the code, big and spaced for reading aloud; the status badge;
// the data as a description list; and a private link with a "Copiar enlace" button.
import { h } from './dom.js';
import { formatDateTime } from './format.js';
import { ATTENDEE_TYPE, label, registrationStatus } from './labels.js';
import { FIELD } from './registration-form.js';
import { answerRows } from './question-fields.js';
import { announce } from './page.js';
import { t } from './i18n.js';

/** The private manage link of a registration on this site: /r/CODE?t=TOKEN. */
export const manageUrl = (code, token) =>
  `${location.origin}/r/${encodeURIComponent(code)}?t=${encodeURIComponent(token)}`;

/** The registration code as on the badge: "8AA7YD" in large, letter-spaced type. */
export function codeDisplay(code, caption = t('view.code')) {
  return h('div', { class: 'reg-code-box' },
    h('p', { class: 'reg-code-caption' }, caption),
    h('p', { class: 'reg-code', translate: 'no' }, code));
}

/** "Confirmada" / "En lista de espera (puesto 3)" / "Cancelada" as a badge (or `text` in its colours). */
export const statusBadge = (r, text = registrationStatus(r)) =>
  h('span', { class: `badge badge-reg badge-reg-${r.status}` }, text);

const NONE = t('view.none');

/**
 * The registration's data as a <dl>. options.timeZone formats the instants; options.admin
 * adds what only organizers need (code, dates of change).
 */
export function details(r, { timeZone, admin = false } = {}) {
  const rows = [
    [FIELD.full_name.label, r.full_name],
    [FIELD.email.label, r.email],
    [FIELD.organization.label, r.organization],
    [FIELD.position.label, r.position],
    [FIELD.municipality.label, r.municipality],
    [FIELD.phone.label, r.phone],
    [t('form.takes_part_as'), label(ATTENDEE_TYPE, r.attendee_type)],
    [FIELD.accessibility_needs.label, r.accessibility_needs],
    ...answerRows(r),
    [t('view.created_at'), r.created_at ? formatDateTime(r.created_at, timeZone) : ''],
  ];
  if (r.checked_in_at) rows.push([t('view.checkin'), t('view.checked_in_on', { when: formatDateTime(r.checked_in_at, timeZone) })]);
  if (admin && r.cancelled_at) rows.push([t('view.cancelled_on'), formatDateTime(r.cancelled_at, timeZone)]);
  if (admin && r.updated_at && r.updated_at !== r.created_at) rows.push([t('view.updated'), formatDateTime(r.updated_at, timeZone)]);
  return h('dl', { class: 'reg-details' },
    rows.map(([k, v]) => h('div', { class: 'reg-detail' },
      h('dt', {}, k),
      h('dd', { class: v ? null : 'empty' }, v || NONE))));
}

/** Copies text to the clipboard; falls back to selecting `input` and execCommand on plain http. */
async function copy(text, input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall through to the old way */ }
  input.focus();
  input.select();
  try { return document.execCommand('copy'); } catch { return false; }
}

/**
 * A private link in a read-only field, an "Abrir" link and a "Copiar enlace" button whose
 * result is announced in a polite live region. {id, label, url, hint?, open?}.
 */
export function linkBox({ id, label: text, url, hint = null, open = null }) {
  const input = h('input', {
    id, type: 'url', readonly: true, class: 'link-input', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': hint ? `${id}-ayuda` : null,
  });
  input.value = url;
  input.addEventListener('focus', () => input.select());
  const note = h('p', { class: 'copy-status', role: 'status', id: `${id}-copiado` });
  const button = h('button', { type: 'button', class: 'button' }, t('view.copy_link'));
  button.addEventListener('click', async () => {
    const ok = await copy(url, input);
    announce(note, ok ? t('view.copied') : t('view.copy_failed'), ok ? 'ok' : 'error');
    button.focus();
  });
  return h('div', { class: 'field link-box' },
    h('label', { for: id }, text),
    hint ? h('p', { class: 'hint', id: `${id}-ayuda` }, hint) : null,
    input,
    h('div', { class: 'link-actions' },
      button,
      open ? h('a', { class: 'button button-quiet', href: url }, open) : null),
    note);
}
