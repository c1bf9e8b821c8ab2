// question-fields.js — the edition's custom questions on the public sign-up form and their
// answers wherever a registration is shown. Each control is named answers.<id>, the field the API
// names when it refuses an answer, so its error lands next to the right control (forms.js): a
// text box, a radio group (one choice) or a group of checkboxes (several) in a fieldset with its
// legend, or a single checkbox. Required questions are marked like the other fields. On an English
// page a question shows its label_en when the organizers wrote one.
import { h } from './dom.js';
import { LANG, t } from './i18n.js';

const nameOf = (q) => `answers.${q.id}`;

/** The question as the page's language asks it. */
const questionLabel = (q) => (LANG === 'en' && q.label_en ? q.label_en : q.label);

function optional(q) {
  return q.required ? null : h('span', { class: 'optional' }, t('form.optional'));
}

/** A group of radios or checkboxes for q's options, in a fieldset whose legend is the question. */
function optionGroup(prefix, q, type) {
  const id = `${prefix}-q-${q.id}`;
  return h('fieldset', {
    class: 'choices', id, role: type === 'radio' ? 'radiogroup' : 'group',
    'aria-required': q.required && type === 'radio' ? 'true' : null,
  },
  h('legend', {}, questionLabel(q), optional(q)),
  q.options.map((option, i) => h('div', { class: 'choice' },
    h('input', { type, name: nameOf(q), id: `${id}-${i}`, value: option }),
    h('label', { for: `${id}-${i}` }, option))));
}

/** The control of one question. */
function questionField(prefix, q) {
  const id = `${prefix}-q-${q.id}`;
  if (q.kind === 'choice') return optionGroup(prefix, q, 'radio');
  if (q.kind === 'multi') return optionGroup(prefix, q, 'checkbox');
  if (q.kind === 'checkbox') {
    return h('div', { class: 'field field-check' },
      h('input', { type: 'checkbox', id, name: nameOf(q), value: 'true', required: q.required }),
      h('label', { for: id }, questionLabel(q), optional(q)));
  }
  return h('div', { class: 'field' },
    h('label', { for: id }, questionLabel(q), optional(q)),
    h('textarea', { id, name: nameOf(q), rows: 2, maxlength: 1000, required: q.required }));
}

/** The questions of an edition as a fieldset of the form (null when it asks none). */
export function questionFields(prefix, questions) {
  if (!questions || !questions.length) return null;
  return h('fieldset', { class: 'questions' },
    h('legend', {}, t('questions.legend')),
    questions.map((q) => questionField(prefix, q)));
}

/** The answers the form holds, as the API takes them ({id: value}); unanswered ones left out. */
export function answersFrom(form, questions) {
  const out = {};
  for (const q of questions || []) {
    const inputs = [...form.querySelectorAll(`[name="${CSS.escape(nameOf(q))}"]`)];
    if (q.kind === 'checkbox') out[q.id] = Boolean(inputs[0] && inputs[0].checked);
    else if (q.kind === 'multi') {
      const chosen = inputs.filter((i) => i.checked).map((i) => i.value);
      if (chosen.length) out[q.id] = chosen;
    } else if (q.kind === 'choice') {
      const chosen = inputs.find((i) => i.checked);
      if (chosen) out[q.id] = chosen.value;
    } else if (inputs[0] && inputs[0].value.trim()) out[q.id] = inputs[0].value.trim();
  }
  return out;
}

/** [{field, message}] for each required question left unanswered (the API checks again). */
export function missingAnswers(form, questions) {
  const given = answersFrom(form, questions);
  return (questions || []).filter((q) => q.required && (given[q.id] === undefined || given[q.id] === false))
    .map((q) => ({
      field: nameOf(q),
      message: t(`questions.missing_${q.kind === 'checkbox' || q.kind === 'text' ? q.kind : 'choice'}`),
    }));
}

/** One answer as people read it: options joined with "; ", a checkbox sí/no. */
export function answerText(value) {
  if (Array.isArray(value)) return value.join('; ');
  if (value === true) return t('questions.yes');
  if (value === false) return t('questions.no');
  return value === null || value === undefined ? '' : String(value);
}

/** A registration's answers as [question, answer] pairs (the label it was asked under when the question is gone). */
export function answerRows(registration) {
  const labels = registration.answer_labels || {};
  return Object.entries(registration.answers || {}).map(([id, v]) => [labels[id] || id, answerText(v)]);
}
