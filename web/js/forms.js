// forms.js — showing and clearing errors next to form fields (login, admin, registration forms).
// An error marks the control aria-invalid, adds its message element to aria-describedby
// (keeping any hint already there) and can move the focus to it. A group of radio buttons (or
// of checkboxes sharing a name) takes the error on its <fieldset role="radiogroup"> (or
// role="group"), which needs an id; the focus then goes to the checked one, or the first.
import { h } from './dom.js';

const errorId = (control) => `${control.id || control.name}-error`;

/** The form control named `name`, or null. */
export function control(form, name) {
  const el = name ? form.elements.namedItem(name) : null;
  return el && !(el instanceof RadioNodeList) && !el.disabled ? el : null;
}

const GROUP = '[role="radiogroup"], [role="group"]';

/** Where the error of field `name` goes: its control, or the group of its radios or checkboxes. */
function errorTarget(form, name) {
  const el = name ? form.elements.namedItem(name) : null;
  const member = el instanceof RadioNodeList ? el[0] : (el && el.type === 'radio' ? el : null);
  const group = member ? member.closest(GROUP) : (el && el.type === 'checkbox' ? el.closest('[role="group"]') : null);
  if (!member && !group) return control(form, name);
  return group && !group.disabled ? group : null;
}

/** What takes the focus for an error on `target`. */
function focusable(target) {
  if (!target.matches(GROUP)) return target;
  return target.querySelector('input:checked') || target.querySelector('input');
}

/** Removes every field error inside the form. */
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((id) => id && id !== errorId(el));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const msg of form.querySelectorAll('.field-error')) msg.remove();
}

/**
 * Shows message next to the control named `name`; returns the control, or null when the
 * form has no such field (the caller then shows the message at form level).
 */
export function showFieldError(form, name, message, { focus = true } = {}) {
  const el = errorTarget(form, name);
  if (!el) return null;
  const id = errorId(el);
  let msg = document.getElementById(id);
  if (!msg) {
    msg = h('p', { id, class: 'field-error' });
    (el.matches(GROUP) ? el : (el.closest('.field') || el.parentElement)).append(msg);
  }
  msg.textContent = message;
  el.setAttribute('aria-invalid', 'true');
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) el.setAttribute('aria-describedby', [...ids, id].join(' '));
  if (focus) focusable(el).focus();
  return el;
}

/** Disables the form's submit buttons while `promise` runs (marking the form busy). */
export async function busy(form, promise) {
  const buttons = form.querySelectorAll('button[type="submit"]');
  form.setAttribute('aria-busy', 'true');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    return await promise;
  } finally {
    form.removeAttribute('aria-busy');
    buttons.forEach((b) => { b.disabled = false; });
  }
}
