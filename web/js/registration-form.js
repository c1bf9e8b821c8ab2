// registration-form.js — the fields of a registration, shared by the public sign-up form
// (register.js), the attendee's corrections (manage.js) and the organizers' forms
// (admin-registrations.js): building them with dom.js, reading their values, the client-side
// check of required fields (a convenience only: the API judges everything again), showing the
// API's {field, message} next to the field it names, and the suggestions of institutions.
import { h, replace } from './dom.js';
import { get, withQuery } from './api.js';
import { announce, describeError } from './page.js';
import { showFieldError } from './forms.js';
import { ATTENDEE_TYPE, REGISTRATION_STATUS, label } from './labels.js';
import { t } from './i18n.js';

/** The text fields, in form order, with their labels (in the page's language) and input hints for phones. */
export const FIELD = {
  full_name: {
    label: t('field.full_name'), required: true, max: 200, autocomplete: 'name', autocapitalize: 'words',
    hint: t('field.full_name_hint'),
  },
  email: {
    label: t('field.email'), required: true, type: 'email', autocomplete: 'email', inputmode: 'email',
    autocapitalize: 'none', spellcheck: 'false', max: 254,
  },
  organization: {
    label: t('field.organization'), required: true, max: 200, autocomplete: 'organization', suggest: true,
    hint: t('field.organization_hint'),
  },
  position: { label: t('field.position'), max: 200, autocomplete: 'organization-title' },
  municipality: { label: t('field.municipality'), max: 120, autocomplete: 'address-level2' },
  phone: {
    label: t('field.phone'), type: 'tel', autocomplete: 'tel', inputmode: 'tel', max: 30,
    hint: t('field.phone_hint'),
  },
  accessibility_needs: {
    label: t('field.accessibility_needs'), textarea: true, max: 1000,
    hint: t('field.accessibility_needs_hint'),
  },
};

/** What an attendee may correct (manage.js) and an organizer may edit besides type and status. */
export const EDITABLE = ['full_name', 'email', 'organization', 'position', 'municipality', 'phone', 'accessibility_needs'];

const REQUIRED_MESSAGE = {
  full_name: t('required.full_name'),
  email: t('required.email'),
  organization: t('required.organization'),
  attendee_type: t('required.attendee_type'),
  consent: t('required.consent'),
};

const hintId = (id) => `${id}-ayuda`;

/** One labelled text field (input or textarea) named `name`, with id `${prefix}-${name}`. */
export function field(prefix, name, value = '') {
  const f = FIELD[name];
  const id = `${prefix}-${name}`;
  const attrs = {
    id, name,
    autocomplete: f.autocomplete, inputmode: f.inputmode, autocapitalize: f.autocapitalize, spellcheck: f.spellcheck,
    maxlength: f.max, required: f.required,
    'aria-describedby': f.hint ? hintId(id) : null,
  };
  const input = f.textarea
    ? h('textarea', { ...attrs, rows: 3 })
    : h('input', { ...attrs, type: f.type || 'text' });
  input.value = value ?? '';
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, f.label, f.required ? null : h('span', { class: 'optional' }, t('form.optional'))),
    f.hint ? h('p', { class: 'hint', id: hintId(id) }, f.hint) : null,
    input);
  if (f.suggest) suggestOrganizations(input);
  return wrap;
}

/** The attendee type as radio buttons (the public form: every choice in sight on a phone). */
export function attendeeTypeRadios(prefix, types, value = '') {
  const id = `${prefix}-attendee_type`;
  return h('fieldset', { class: 'choices', id, role: 'radiogroup', 'aria-required': 'true' },
    h('legend', {}, t('form.takes_part_as')),
    types.map((type) => h('div', { class: 'choice' },
      h('input', { type: 'radio', name: 'attendee_type', id: `${id}-${type}`, value: type, checked: type === value }),
      h('label', { for: `${id}-${type}` }, label(ATTENDEE_TYPE, type)))));
}

/** A labelled <select> of codes → their labels; `empty` adds a first option with value "". */
function select(prefix, name, text, table, codes, value = '', empty = null) {
  const id = `${prefix}-${name}`;
  const el = h('select', { id, name },
    empty !== null ? h('option', { value: '' }, empty) : null,
    codes.map((c) => h('option', { value: c, selected: c === value }, label(table, c))));
  el.value = value ?? '';
  return h('div', { class: 'field' }, h('label', { for: id }, text), el);
}

/** The attendee type as a <select> (organizers' forms, with speaker, organizer and guest). */
export const attendeeTypeSelect = (prefix, types, value = '', empty = null) =>
  select(prefix, 'attendee_type', t('form.attendee_type'), ATTENDEE_TYPE, types, value, empty);

/** The registration status (organizers only). */
export const statusSelect = (prefix, value = '') =>
  select(prefix, 'status', t('form.status'), REGISTRATION_STATUS, Object.keys(REGISTRATION_STATUS), value);

/** The consent checkbox; `extra` (nodes) go in a hint tied to it, e.g. the link to the policy. */
export function consentField(prefix, text, extra = null) {
  const id = `${prefix}-consent`;
  return h('div', { class: 'field field-check' },
    h('input', {
      type: 'checkbox', id, name: 'consent', value: 'true', required: true,
      'aria-describedby': extra ? hintId(id) : null, 'data-field-name': t('form.consent_name'),
    }),
    h('label', { for: id }, text),
    extra ? h('p', { class: 'hint', id: hintId(id) }, extra) : null);
}

/** The form's values for the given names: trimmed text, the checked radio, a checkbox as boolean. */
export function values(form, names) {
  const out = {};
  for (const name of names) {
    const el = form.elements.namedItem(name);
    if (!el) continue;
    if (el.type === 'checkbox') out[name] = el.checked;
    else out[name] = String(el.value ?? '').trim();
  }
  return out;
}

/** The entries of `current` that differ from `original` (null and "" count as equal). */
export function changes(original, current) {
  const out = {};
  for (const [k, v] of Object.entries(current)) if ((original[k] ?? '') !== v) out[k] = v;
  return out;
}

/** The label of a field as people read it (no "(opcional)"), for summaries. */
export function fieldName(form, name) {
  if (FIELD[name]) return FIELD[name].label;
  const el = form.elements.namedItem(name);
  const first = el instanceof RadioNodeList ? el[0] : el;
  if (first && first.dataset && first.dataset.fieldName) return first.dataset.fieldName;
  const group = first && first.closest('fieldset[role="radiogroup"], fieldset[role="group"]');
  if (group) return group.querySelector('legend').textContent.trim();
  const lab = first && first.id ? form.querySelector(`label[for="${first.id}"]`) : null;
  return lab ? lab.textContent.trim() : name;
}

/**
 * Client-side check of the required fields among `names`: [{field, message}] for each one
 * left empty (an unchecked consent box, no type chosen). `messages` overrides the wording.
 */
export function missing(form, names, messages = {}) {
  const v = values(form, names);
  return names.filter((n) => n in v && (v[n] === '' || v[n] === false))
    .map((n) => ({ field: n, message: messages[n] || REQUIRED_MESSAGE[n] || t('required.other') }));
}

/** Shows every problem next to its field, focuses the first and sums them up in `status`. */
export function showProblems(form, status, problems) {
  problems.forEach((p, i) => showFieldError(form, p.field, p.message, { focus: i === 0 }));
  const names = problems.map((p) => t('form.quoted', { field: fieldName(form, p.field) }));
  announce(status, problems.length === 1
    ? t('form.check_field', { field: names[0], message: problems[0].message })
    : t('form.check_fields', { count: problems.length, fields: names.join(', ') }), 'error');
}

/**
 * Shows an ApiError: next to the field it names (a duplicate registration goes to the email)
 * with a summary in `status`, or as a sentence in `status` alone. Returns true when a field
 * took it.
 */
export function showApiError(form, status, err, prefix = '') {
  const name = err.code === 'duplicate_registration' ? 'email' : err.field;
  if (name && (err.status === 400 || err.status === 403 || err.status === 409)
      && showFieldError(form, name, err.message)) {
    announce(status, prefix + t('form.check_field', { field: t('form.quoted', { field: fieldName(form, name) }), message: err.message }), 'error');
    return true;
  }
  announce(status, `${prefix}${describeError(err)}`, 'error');
  return false;
}

/**
 * Fills a <datalist> for the institution field from GET /organizations?q= as the person
 * types: debounced, cached per query, and an answer that arrives late never overwrites a
 * newer one. Failures are silent; the suggestions are only a help.
 */
export function suggestOrganizations(input, { delay = 300 } = {}) {
  const list = h('datalist', { id: `${input.id}-sugerencias` });
  input.setAttribute('list', list.id);
  input.after(list);
  const cache = new Map();
  let timer = 0;
  let latest = '';
  const show = (items) => replace(list, items.map((o) => h('option', { value: o.name, label: o.acronym || null })));
  async function lookup(q) {
    latest = q;
    if (!cache.has(q)) {
      try {
        const { body } = await get(withQuery('/organizations', { q }));
        cache.set(q, (body && body.items) || []);
      } catch {
        return;
      }
    }
    if (q === latest) show(cache.get(q));
  }
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(() => lookup(q), delay);
  });
  return list;
}
