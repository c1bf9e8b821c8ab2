// questions-editor.js — the "Preguntas del formulario" part of the admin edition editor: the
// organizer adds, removes and reorders the edition's custom questions (kind, Spanish and English
// labels, options one per line, required) and they are saved with the edition's PATCH. Every
// control is named as the API names its faults (questions.<index>.<member>), so an error the API
// answers lands next to its control through forms.js. An empty identifier is made from the label.
import { h, replace } from './dom.js';
import { t, table } from './i18n.js';

/** The kinds of answer, as the organizer picks them: {text, choice, multi, checkbox}. */
export const QUESTION_KIND = table('staff.questions.kind');
const WITH_OPTIONS = ['choice', 'multi'];

/** "¿Qué taller?" → "que-taller": the identifier a question gets when none is typed. */
function slugOf(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32).replace(/-+$/, '') || 'pregunta';
}

/** One question as a fieldset of controls named questions.<i>.<member>. */
function questionRow(q, i, count, act) {
  const id = (member) => `f-q${i}-${member}`;
  const name = (member) => `questions.${i}.${member}`;
  const kind = h('select', { id: id('kind'), name: name('kind') },
    Object.entries(QUESTION_KIND).map(([k, text]) => h('option', { value: k, selected: k === q.kind }, text)));
  const options = h('div', { class: 'field', hidden: !WITH_OPTIONS.includes(q.kind) },
    h('label', { for: id('options') }, t('staff.questions.options')),
    h('p', { class: 'hint', id: `${id('options')}-ayuda` }, t('staff.questions.options_hint')),
    h('textarea', { id: id('options'), name: name('options'), rows: 3, 'aria-describedby': `${id('options')}-ayuda` }));
  options.querySelector('textarea').value = (q.options || []).join('\n');
  kind.addEventListener('change', () => { options.hidden = !WITH_OPTIONS.includes(kind.value); });
  const text = (member, label, value, extra = {}) => h('div', { class: 'field' },
    h('label', { for: id(member) }, label, extra.optional ? h('span', { class: 'optional' }, t('staff.questions.optional')) : null),
    extra.hint ? h('p', { class: 'hint', id: `${id(member)}-ayuda` }, extra.hint) : null,
    h('input', { id: id(member), name: name(member), type: 'text', value: value || '', maxlength: extra.max || 200,
      'aria-describedby': extra.hint ? `${id(member)}-ayuda` : null }));
  const n = i + 1;
  // each button's name ends with its question: "Subir la pregunta 2"
  const which = () => h('span', { class: 'visually-hidden' }, t('staff.questions.which', { n }));
  return h('fieldset', { class: 'question-edit', 'data-index': i },
    h('legend', {}, t('staff.questions.legend', { n })),
    text('label', t('staff.questions.label'), q.label),
    text('label_en', t('staff.questions.label_en'), q.label_en, { optional: true }),
    h('div', { class: 'field' }, h('label', { for: id('kind') }, t('staff.questions.kind_label')), kind),
    options,
    h('div', { class: 'field-check' },
      h('input', { id: id('required'), name: name('required'), type: 'checkbox', checked: Boolean(q.required) }),
      h('label', { for: id('required') }, t('staff.questions.required'))),
    text('id', t('staff.questions.id'), q.id, { optional: true, max: 32, hint: t('staff.questions.id_hint') }),
    h('div', { class: 'question-actions' },
      h('button', { type: 'button', class: 'button button-quiet', disabled: i === 0, onclick: () => act('up', i) },
        t('staff.questions.move_up'), which()),
      h('button', { type: 'button', class: 'button button-quiet', disabled: i === count - 1, onclick: () => act('down', i) },
        t('staff.questions.move_down'), which()),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => act('remove', i) },
        t('staff.questions.remove'), which())));
}

/**
 * Wires the editor inside container (a fieldset of the edition form).
 * Returns {fill(questions), value(): the questions as the API takes them}.
 */
export function questionsEditor(container) {
  const list = h('div', { class: 'question-list' });
  const empty = h('p', { class: 'hint' }, t('staff.questions.empty'));
  const add = h('button', { type: 'button', class: 'button', id: 'pregunta-agregar' }, t('staff.questions.add'));
  container.append(empty, list, add);

  /** The questions as the controls hold them now (identifiers as typed). */
  function read() {
    return [...list.querySelectorAll('fieldset.question-edit')].map((row, i) => {
      const get = (member) => row.querySelector(`[name="questions.${i}.${member}"]`);
      const q = { id: get('id').value.trim(), label: get('label').value.trim(), kind: get('kind').value,
        required: get('required').checked };
      const en = get('label_en').value.trim();
      if (en) q.label_en = en;
      if (WITH_OPTIONS.includes(q.kind)) q.options = get('options').value.split('\n').map((o) => o.trim()).filter(Boolean);
      return q;
    });
  }

  function render(questions, focusRow = -1) {
    replace(list, questions.map((q, i) => questionRow(q, i, questions.length, act)));
    empty.hidden = questions.length > 0;
    if (focusRow >= 0 && list.children[focusRow]) list.children[focusRow].querySelector('input').focus();
  }

  function act(what, i) {
    const qs = read();
    if (what === 'remove') {
      qs.splice(i, 1);
      render(qs);
      (list.children[Math.min(i, qs.length - 1)]?.querySelector('input') || add).focus();
      return;
    }
    const j = what === 'up' ? i - 1 : i + 1;
    [qs[i], qs[j]] = [qs[j], qs[i]];
    render(qs);
    // the same button on the moved question, or the other one when it has reached an end
    const [up, down] = list.children[j].querySelectorAll('.question-actions button');
    const same = what === 'up' ? up : down;
    (same.disabled ? (what === 'up' ? down : up) : same).focus();
  }

  add.addEventListener('click', () => {
    const qs = read();
    qs.push({ id: '', label: '', kind: 'text', required: false });
    render(qs, qs.length - 1);
  });

  return {
    fill: (questions) => render((questions || []).map((q) => ({ ...q }))),
    /** The questions to send: an empty identifier made from the label, unique in the list. */
    value() {
      const qs = read();
      const used = new Set(qs.map((q) => q.id).filter(Boolean));
      for (const q of qs) {
        if (q.id || !q.label) continue;
        let id = slugOf(q.label);
        for (let k = 2; used.has(id); k++) id = `${slugOf(q.label).slice(0, 29)}-${k}`;
        used.add(id);
        q.id = id;
      }
      return qs;
    },
  };
}
