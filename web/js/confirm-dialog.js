// confirm-dialog.js — asks before an action that cannot be undone, in a real modal <dialog>:
// a heading naming the action, the consequence in plain words, optionally a text the person
// must type first (an edition's slug), and "Cancelar" / the action. The dialog takes the focus
// (first the typed text, else "Cancelar", so Enter never confirms by accident), keeps it inside
// while open (showModal), closes with Escape as a cancel, and gives the focus back to the
// element that opened it. Resolves true only when the action was confirmed.
import { h } from './dom.js';
import { t } from './i18n.js';

let serial = 0;

/**
 * confirmAction({title, consequence: string | string[], action, danger?, typeToConfirm?, typeLabel?})
 * → Promise<boolean>.
 */
export function confirmAction({ title, consequence, action, danger = true, typeToConfirm = '', typeLabel = '' }) {
  const id = `confirmar-${++serial}`;
  const opener = document.activeElement;
  const sentences = [consequence].flat();
  const input = typeToConfirm ? h('input', {
    id: `${id}-texto`, type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
    'aria-describedby': `${id}-consecuencia`,
  }) : null;
  const problem = h('p', { class: 'status', role: 'alert', id: `${id}-problema` });
  const confirm = h('button', { type: 'submit', class: danger ? 'button button-danger-solid' : 'button button-primary', value: 'si' }, action);
  const cancel = h('button', { type: 'button', class: 'button' }, t('dialog.cancel'));
  const form = h('form', { method: 'dialog', class: 'form' },
    h('div', { id: `${id}-consecuencia` }, sentences.map((s) => h('p', {}, s))),
    input ? h('div', { class: 'field' }, h('label', { for: input.id }, typeLabel || t('dialog.type_to_confirm', { text: typeToConfirm })), input) : null,
    problem,
    h('div', { class: 'form-actions' }, confirm, cancel));
  const dialog = h('dialog', { class: 'confirm-dialog', 'aria-labelledby': `${id}-titulo`, 'aria-describedby': `${id}-consecuencia` },
    h('h2', { id: `${id}-titulo` }, title), form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let confirmed = false;
    form.addEventListener('submit', (ev) => {
      if (input && input.value.trim() !== typeToConfirm) {
        ev.preventDefault();
        problem.dataset.tone = 'error';
        problem.textContent = t('dialog.type_exactly', { text: typeToConfirm });
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      confirmed = true;
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(confirmed);
    });
    dialog.showModal();
    (input || cancel).focus();
  });
}
