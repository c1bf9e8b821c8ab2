// edition-form.js — the admin form that edits an edition (PATCH with only the changed fields)
// or creates one (POST). Client checks cover empty required fields only; everything else,
// like the order of the dates, is the API's to judge, and its field errors are shown in place.
import { post, patch, path } from './api.js';
import { announce, describeError } from './page.js';
import { busy, clearFieldErrors, control, showFieldError } from './forms.js';
import { editionName } from './labels.js';

const FIELDS = ['slug', 'title', 'short_title', 'city', 'venue', 'starts_on', 'ends_on', 'timezone', 'status', 'capacity', 'confirm_email', 'description'];
const REQUIRED = ['slug', 'title', 'city', 'starts_on', 'ends_on'];
const DEFAULTS = { status: 'draft', timezone: 'America/Guayaquil', confirm_email: false };

/** A field's value as the form shows it ('' for null). */
const shown = (value) => (value === null || value === undefined ? '' : String(value));

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

  function fill(values) {
    for (const name of FIELDS) {
      const el = form.elements.namedItem(name);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = Boolean(values[name] ?? DEFAULTS[name]);
      else el.value = shown(values[name] ?? DEFAULTS[name]);
    }
  }

  function open(newMode, edition, title, button) {
    mode = newMode;
    original = edition;
    opener = button || null;
    clearFieldErrors(form);
    announce(status, '');
    slugField.hidden = mode !== 'create';
    form.elements.slug.disabled = mode !== 'create';
    submit.textContent = mode === 'create' ? 'Crear edición' : 'Guardar cambios';
    heading.textContent = title;
    fill(edition);
    section.hidden = false;
    heading.focus();
    section.scrollIntoView({ block: 'start' });
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
    return name === 'description' ? el.value : el.value.trim();
  }

  /** First client-side problem: an empty required field or a capacity that is not a number. */
  function check() {
    for (const name of REQUIRED) {
      const el = control(form, name);
      if (el && !el.value.trim()) return { field: name, message: 'Este campo es obligatorio.' };
    }
    const cap = control(form, 'capacity');
    if (cap && (cap.validity.badInput || (cap.value !== '' && !/^\d+$/.test(cap.value)))) {
      return { field: 'capacity', message: 'Escriba un número entero, o deje el campo vacío para no limitar el cupo.' };
    }
    return null;
  }

  function payload() {
    const out = {};
    for (const name of FIELDS) {
      const v = value(name);
      if (v === undefined) continue;
      if (mode === 'create') {
        if (v !== '' && v !== false) out[name] = v;
      } else if (name !== 'slug' && shown(v) !== shown(original[name] ?? DEFAULTS[name])) {
        out[name] = v;
      }
    }
    return out;
  }

  function showError(err) {
    if (err.status === 401) { onUnauthorized(); return; }
    const el = err.field && (err.status === 400 || err.status === 409) ? showFieldError(form, err.field, err.message) : null;
    const message = el
      ? `No se guardó: revise el campo «${labelOf(form, el)}».`
      : `No se guardó: ${describeError(err)}`;
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
      announce(status, `Revise el campo «${labelOf(form, el)}».`, 'error');
      return;
    }
    const data = payload();
    if (mode === 'edit' && !Object.keys(data).length) {
      announce(status, 'No hay cambios que guardar.', 'info');
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
    openEdit: (edition, button) => open('edit', edition, `Editar: ${editionName(edition)}`, button),
    openCreate: (button) => open('create', {}, 'Nueva edición', button),
    close,
  };
}
