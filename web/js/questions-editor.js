// questions-editor.js — the "Preguntas del formulario" part of the admin edition editor: the
// organizer adds, removes and reorders the edition's custom questions (kind, Spanish and English
// labels, options one per line, required) and they are saved with the edition's PATCH. Every
// control is named as the API names its faults (questions.<index>.<member>), so an error the API
// answers lands next to its control through forms.js. An empty identifier is made from the label.
import { h, replace } from './dom.js';

export const QUESTION_KIND = {
  text: 'Texto libre',
  choice: 'Una opción',
  multi: 'Varias opciones',
  checkbox: 'Casilla (sí / no)',
};
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
    h('label', { for: id('options') }, 'Opciones'),
    h('p', { class: 'hint', id: `${id('options')}-ayuda` }, 'Una opción por línea.'),
    h('textarea', { id: id('options'), name: name('options'), rows: 3, 'aria-describedby': `${id('options')}-ayuda` }));
  options.querySelector('textarea').value = (q.options || []).join('\n');
  kind.addEventListener('change', () => { options.hidden = !WITH_OPTIONS.includes(kind.value); });
  const text = (member, label, value, extra = {}) => h('div', { class: 'field' },
    h('label', { for: id(member) }, label, extra.optional ? h('span', { class: 'optional' }, ' (opcional)') : null),
    extra.hint ? h('p', { class: 'hint', id: `${id(member)}-ayuda` }, extra.hint) : null,
    h('input', { id: id(member), name: name(member), type: 'text', value: value || '', maxlength: extra.max || 200,
      'aria-describedby': extra.hint ? `${id(member)}-ayuda` : null }));
  const n = i + 1;
  return h('fieldset', { class: 'question-edit', 'data-index': i },
    h('legend', {}, `Pregunta ${n}`),
    text('label', 'Pregunta', q.label),
    text('label_en', 'Pregunta en inglés', q.label_en, { optional: true }),
    h('div', { class: 'field' }, h('label', { for: id('kind') }, 'Tipo de respuesta'), kind),
    options,
    h('div', { class: 'field-check' },
      h('input', { id: id('required'), name: name('required'), type: 'checkbox', checked: Boolean(q.required) }),
      h('label', { for: id('required') }, 'Respuesta obligatoria')),
    text('id', 'Identificador', q.id, { optional: true, max: 32,
      hint: 'Nombre corto de la columna en las exportaciones (letras minúsculas, números y guiones). Si lo deja vacío se forma con la pregunta.' }),
    h('div', { class: 'question-actions' },
      h('button', { type: 'button', class: 'button button-quiet', disabled: i === 0, onclick: () => act('up', i) },
        'Subir', h('span', { class: 'visually-hidden' }, ` la pregunta ${n}`)),
      h('button', { type: 'button', class: 'button button-quiet', disabled: i === count - 1, onclick: () => act('down', i) },
        'Bajar', h('span', { class: 'visually-hidden' }, ` la pregunta ${n}`)),
      h('button', { type: 'button', class: 'button button-quiet', onclick: () => act('remove', i) },
        'Quitar', h('span', { class: 'visually-hidden' }, ` la pregunta ${n}`))));
}

/**
 * Wires the editor inside container (a fieldset of the edition form).
 * Returns {fill(questions), value(): the questions as the API takes them}.
 */
export function questionsEditor(container) {
  const list = h('div', { class: 'question-list' });
  const empty = h('p', { class: 'hint' }, 'El formulario público no tiene preguntas propias de esta edición.');
  const add = h('button', { type: 'button', class: 'button', id: 'pregunta-agregar' }, 'Agregar pregunta');
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
