// edition-form.js — the admin form that edits an edition (PATCH with only the changed fields)
// or creates one (POST). Client checks cover empty required fields only; everything else,
// like the order of the dates, is the API's to judge, and its field errors are shown in place.
// The registration window is typed as local date and 24-hour time in the edition's zone, in a
// text field ("2025-11-20 14:30"): a datetime-local control would show AM/PM in an English browser.
// The custom questions of the sign-up form are edited in place (questions-editor.js).
import { post, patch, path } from './api.js';
import { announce, describeError } from './page.js';
import { busy, clearFieldErrors, control, showFieldError } from './forms.js';
import { editionName } from './labels.js';
import { localParts, parseLocalDateTime } from './format.js';
import { organizerExplanation } from './registration-state.js';
import { questionsEditor } from './questions-editor.js';
import { t } from './i18n.js';

const FIELDS = ['slug', 'title', 'short_title', 'city', 'venue', 'starts_on', 'ends_on', 'timezone', 'status', 'capacity',
  'registration_opens_at', 'registration_closes_at', 'confirm_email', 'description'];
/** The registration window: instants shown and typed as "YYYY-MM-DD HH:MM" in the edition's zone (24 h). */
const WINDOW = ['registration_opens_at', 'registration_closes_at'];
const REQUIRED = ['slug', 'title', 'city', 'starts_on', 'ends_on'];
const DEFAULTS = { status: 'draft', timezone: 'America/Guayaquil', confirm_email: false };

/** A field's value as the form shows it ('' for null). */
const shown = (value) => (value === null || value === undefined ? '' : String(value));

/** An edition's value for a field as the form holds it: a window instant as "YYYY-MM-DDTHH:MM" in its zone. */
function formValue(edition, name) {
  const v = edition[name] ?? DEFAULTS[name];
  if (!WINDOW.includes(name) || !v) return v;
  const { date, time } = localParts(v, edition.timezone || DEFAULTS.timezone);
  return date ? `${date}T${time}` : '';
}

/** A list of questions in one canonical text, to tell whether the editor changed it. */
const questionsText = (qs) => JSON.stringify((qs || []).map((q) =>
  [q.id, q.label, q.label_en || '', q.kind, q.options || [], Boolean(q.required)]));

/** The text of the label of a control, for messages like "Revise «Fecha de fin»". */
const labelOf = (form, el) => {
  const lab = el && form.querySelector(`label[for="${el.id}"]`);
  return lab ? lab.textContent.trim() : '';
};

/**
 * Wires the form. parts: {section, form, heading, status, onSaved(edition, mode), onUnauthorized()}.
 * Returns {openEdit(edition), openCreate(), close()}.
 */
export function editionForm({ section, form, heading, status, onSaved, onUnauthorized }) {
  let mode = 'edit';
  let original = {};
  let opener = null;  // the button that opened the form, to return focus on cancel
  const slugField = form.querySelector('#campo-slug');
  const submit = form.querySelector('button[type="submit"]');
  const questions = questionsEditor(form.querySelector('#f-preguntas'));

  function fill(values) {
    for (const name of FIELDS) {
      const el = form.elements.namedItem(name);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = Boolean(formValue(values, name));
      else if (WINDOW.includes(name)) el.value = shown(formValue(values, name)).replace('T', ' ');
      else el.value = shown(formValue(values, name));
    }
    questions.fill(values.questions);
  }

  function open(newMode, edition, title, button) {
    mode = newMode;
    original = edition;
    opener = button || null;
    clearFieldErrors(form);
    announce(status, '');
    slugField.hidden = mode !== 'create';
    form.elements.slug.disabled = mode !== 'create';
    submit.textContent = mode === 'create' ? t('staff.editions.create_button') : t('staff.editions.save_button');
    heading.textContent = title;
    fill(edition);
    showPublicState(mode === 'edit' ? edition : null);
    section.hidden = false;
    heading.focus();
    section.scrollIntoView({ block: 'start' });
  }

  /** Under "Inscripciones": whether the public can sign up now, and if not why (null: nothing, when creating). */
  function showPublicState(edition) {
    const line = form.querySelector('#f-estado-publico');
    if (!line) return;
    line.hidden = !edition;
    if (!edition) return;
    const why = organizerExplanation(edition);
    line.textContent = why ? t('staff.editions.closed_now', { why: why.replace(/\.$/, '') }) : t('staff.editions.open_now');
  }

  function close({ restoreFocus = false } = {}) {
    section.hidden = true;
    clearFieldErrors(form);
    announce(status, '');
    if (restoreFocus && opener && opener.isConnected) opener.focus();
  }

  /** The form's value for one field, typed for the API. */
  function value(name) {
    const el = control(form, name);
    if (!el) return undefined;
    if (el.type === 'checkbox') return el.checked;
    if (name === 'capacity') return el.value === '' ? null : Number(el.value);
    // no offset: the server reads it in the edition's zone; what is not a date and time goes as typed (check() stops it)
    if (WINDOW.includes(name)) return el.value.trim() === '' ? null : parseLocalDateTime(el.value) || el.value.trim();
    return name === 'description' ? el.value : el.value.trim();
  }

  /** First client-side problem: an empty required field or a capacity that is not a number. */
  function check() {
    for (const name of REQUIRED) {
      const el = control(form, name);
      if (el && !el.value.trim()) return { field: name, message: t('staff.editions.required') };
    }
    for (const name of WINDOW) {
      const el = control(form, name);
      if (el && el.value.trim() && !parseLocalDateTime(el.value)) {
        return { field: name, message: t('staff.editions.window_format') };
      }
    }
    const cap = control(form, 'capacity');
    if (cap && (cap.validity.badInput || (cap.value !== '' && !/^\d+$/.test(cap.value)))) {
      return { field: 'capacity', message: t('staff.editions.capacity_integer') };
    }
    return null;
  }

  function payload() {
    const out = {};
    for (const name of FIELDS) {
      const v = value(name);
      if (v === undefined) continue;
      if (mode === 'create') {
        if (v !== '' && v !== false && !(v === null && WINDOW.includes(name))) out[name] = v;
      } else if (name !== 'slug' && shown(v) !== shown(formValue(original, name))) {
        out[name] = v;
      }
    }
    const qs = questions.value();
    if (mode === 'create' ? qs.length : questionsText(qs) !== questionsText(original.questions)) out.questions = qs;
    return out;
  }

  function showError(err) {
    if (err.status === 401) { onUnauthorized(); return; }
    const el = err.field && (err.status === 400 || err.status === 409) ? showFieldError(form, err.field, err.message) : null;
    const message = el
      ? t('staff.editions.not_saved_field', { field: labelOf(form, el) })
      : t('staff.editions.not_saved', { error: describeError(err) });
    announce(status, message, 'error');
    if (!el) heading.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    announce(status, '');
    const problem = check();
    if (problem) {
      const el = showFieldError(form, problem.field, problem.message);
      announce(status, t('staff.editions.check_field', { field: labelOf(form, el) }), 'error');
      return;
    }
    const data = payload();
    if (mode === 'edit' && !Object.keys(data).length) {
      announce(status, t('staff.editions.no_changes'), 'info');
      return;
    }
    try {
      const res = await busy(form, mode === 'create'
        ? post('/editions', data)
        : patch(path('editions', original.slug), data));
      const saved = { ...original, ...data, ...((res.body && res.body.slug) ? res.body : {}) };
      close();
      onSaved(saved, mode);
    } catch (err) {
      showError(err);
    }
  });

  form.querySelector('#editor-cancelar').addEventListener('click', () => close({ restoreFocus: true }));
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close({ restoreFocus: true });
  });

  return {
    openEdit: (edition, button) => open('edit', edition, t('staff.editions.edit_title', { name: editionName(edition) }), button),
    openCreate: (button) => open('create', {}, t('staff.editions.new_title'), button),
    close,
  };
}
