// admin-programme-participants.js — the participants of one session in the organizers'
// programme editor: the list in display order with "Subir"/"Bajar" (sort_order through
// PATCH /sessions/{id}/participants/{person_id}), "Editar" (role, topic, contribution) and
// "Quitar" (DELETE); adding a person found with the live search (GET /people?q=) or created on
// the spot (POST /people), with role, topic and contribution (POST /sessions/{id}/participants).
// A person already in another session at that hour answers 409 schedule_conflict, shown next
// to the form.
import { h, replace } from './dom.js';
import { get, patch, post, del, path, withQuery } from './api.js';
import { PARTICIPANT_ROLE, label, personName } from './labels.js';
import { announce } from './page.js';
import { busy, clearFieldErrors } from './forms.js';
import { changes, missing, showApiError, showProblems, values } from './registration-form.js';
import {
  PERSON_NAMES, RICHTEXT_HINT, confirmBox, conflictBox, field, personFields, prog, refocus,
} from './admin-programme-shared.js';
import { failed } from './admin-session.js';

/** Roles in the order organizers pick them. */
const ROLE_OPTIONS = ['speaker', 'panelist', 'moderator'].map((r) => [r, label(PARTICIPANT_ROLE, r)]);
const post2 = (p) => [p.position, p.organization].filter(Boolean).join(' · ');

/** The participants block of session `session`; update(fresh) redraws it after a reload. */
export function participantsManager(session) {
  let s = session;
  const sessionPath = () => path('sessions', String(s.id));
  const status = h('p', { class: 'status', role: 'status', id: 'pm-estado' });
  const list = h('ol', { class: 'pm-list', id: 'pm-lista', 'aria-labelledby': 'pm-titulo' });
  const empty = h('p', { class: 'empty-note', id: 'pm-vacio' }, 'Todavía no hay participantes en esta sesión.');

  /* ----- the list ----- */

  function item(p, i, n) {
    const who = personName(p);
    const li = h('li', { class: `pm-item participant-${p.role}`, 'data-person': p.person_id });
    const act = (name, text, hidden, onclick, disabled = false, cls = '') => h('button', {
      type: 'button', class: `button button-small ${cls}`, 'data-act': name, 'data-person': p.person_id, disabled, onclick,
    }, text, h('span', { class: 'visually-hidden' }, hidden));
    const actions = h('div', { class: 'pm-actions' },
      act('up', 'Subir', ` a ${who}`, () => move(p, -1), i === 0),
      act('down', 'Bajar', ` a ${who}`, () => move(p, +1), i === n - 1),
      act('edit', 'Editar', ` la participación de ${who}`, () => edit(p, li)),
      act('remove', 'Quitar', ` a ${who} de la sesión`, () => remove(p, li, actions), false, 'button-danger'));
    const post = post2(p);
    return replace(li,
      h('div', { class: 'pm-who' },
        h('p', { class: 'pm-name' }, h('span', { class: 'pm-pos', 'aria-hidden': 'true' }, `${i + 1}.`), ' ', who, ' ',
          h('span', { class: 'role' }, label(PARTICIPANT_ROLE, p.role))),
        post ? h('p', { class: 'pm-post' }, post) : null,
        p.topic ? h('p', { class: 'pm-topic' }, p.topic) : null,
        p.contribution ? h('p', { class: 'pm-note' }, 'Con aporte escrito') : null),
      actions);
  }

  function draw() {
    const people = s.participants || [];
    replace(list, people.map((p, i) => item(p, i, people.length)));
    list.hidden = !people.length;
    empty.hidden = people.length > 0;
  }

  async function move(p, delta) {
    const order = (s.participants || []).map((x) => x.person_id);
    const i = order.indexOf(p.person_id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    announce(status, 'Guardando el orden…');
    try {
      // The answers do not carry sort_order, so the whole order is written again: 1, 2, 3…
      for (const [k, id] of order.entries()) {
        await patch(`${sessionPath()}/participants/${encodeURIComponent(id)}`, { sort_order: k + 1 });
      }
      await prog.refresh();
      announce(status, `${personName(p)} pasa al puesto ${j + 1} de ${order.length}.`, 'ok');
      const dir = delta < 0 ? 'up' : 'down';
      refocus(`#pm-lista button[data-act="${dir}"][data-person="${p.person_id}"]`,
        list.querySelector(`button[data-act="${dir === 'up' ? 'down' : 'up'}"][data-person="${p.person_id}"]`));
    } catch (err) {
      failed(err, status, 'No se pudo cambiar el orden. ');
    }
  }

  function edit(p, li) {
    const prefix = `pe-${p.person_id}`;
    const region = h('p', { class: 'status', role: 'alert' });
    const form = h('form', { class: 'form pm-edit', novalidate: true },
      h('p', { class: 'pm-name', tabindex: '-1' }, personName(p)),
      field(prefix, 'role', 'Rol', { value: p.role, options: ROLE_OPTIONS }),
      field(prefix, 'topic', 'Tema', { value: p.topic, optional: true, attrs: { maxlength: 300 } }),
      field(prefix, 'contribution', 'Aporte', { value: p.contribution, textarea: true, optional: true, hint: RICHTEXT_HINT }),
      region,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary button-small' }, 'Guardar'),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { draw(); refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`); } }, 'Cancelar')));
    form.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { ev.preventDefault(); draw(); refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`); }
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const data = changes(p, values(form, ['role', 'topic', 'contribution']));
      if (!Object.keys(data).length) { announce(region, 'No hay cambios que guardar.'); return; }
      try {
        await busy(form, patch(`${sessionPath()}/participants/${encodeURIComponent(p.person_id)}`, data));
        await prog.refresh();
        announce(status, `Se guardó la participación de ${personName(p)}.`, 'ok');
        refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`);
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        showApiError(form, region, err, 'No se guardó. ');
      }
    });
    replace(li, form);
    form.elements.role.focus();
  }

  function remove(p, li, actions) {
    if (li.querySelector('.confirm-box')) return;
    actions.hidden = true;
    confirmBox(li, {
      question: `¿Quitar a ${personName(p)} de esta sesión?`,
      detail: p.topic || p.contribution ? 'Se pierden su tema y su aporte en esta sesión.' : '',
      confirm: 'Quitar',
      onCancel: () => { actions.hidden = false; refocus(`#pm-lista button[data-act="remove"][data-person="${p.person_id}"]`); },
      async onConfirm() {
        await del(`${sessionPath()}/participants/${encodeURIComponent(p.person_id)}`);
        await prog.refresh();
        announce(status, `Se quitó a ${personName(p)} de la sesión.`, 'ok');
        search.focus();
      },
    });
  }

  /* ----- adding someone ----- */

  const search = h('input', {
    id: 'pm-q', type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'pm-q-ayuda',
    'aria-controls': 'pm-resultados',
  });
  const resultsStatus = h('p', { class: 'pm-results-status', role: 'status', id: 'pm-resultados-estado' });
  const results = h('ul', { class: 'pm-results', id: 'pm-resultados', 'aria-label': 'Personas encontradas' });
  const newButton = h('button', {
    type: 'button', class: 'button button-small', id: 'pm-nueva-abrir', 'aria-expanded': 'false', 'aria-controls': 'pm-nueva',
  }, 'Crear una persona nueva');
  const newArea = h('div', { id: 'pm-nueva', class: 'pm-sub', hidden: true });
  const chosenArea = h('div', { id: 'pm-eleccion', class: 'pm-sub', hidden: true });

  let timer = 0;
  let seq = 0;
  async function lookup() {
    const q = search.value.trim();
    const mine = ++seq;
    if (!q) { replace(results); announce(resultsStatus, ''); return; }
    try {
      const { body } = await get(withQuery('/people', { q, limit: 8 }));
      if (mine !== seq) return;
      const items = (body && body.items) || [];
      const total = (body && body.total) || items.length;
      const inSession = new Set((s.participants || []).map((p) => p.person_id));
      replace(results, items.map((p) => h('li', {},
        h('button', {
          type: 'button', class: 'pm-result', 'data-person': p.id, disabled: inSession.has(p.id),
          onclick: () => choose(p),
        },
        h('span', { class: 'visually-hidden' }, 'Elegir a '),
        h('span', { class: 'pm-result-name' }, personName(p)),
        post2(p) ? h('span', { class: 'pm-result-post' }, post2(p)) : null,
        inSession.has(p.id) ? h('span', { class: 'pm-result-note' }, 'Ya participa en esta sesión') : null))));
      announce(resultsStatus, !items.length ? `Nadie coincide con «${q}». Puede crear a la persona.`
        : total > items.length ? `${total} personas coinciden; se muestran ${items.length}. Escriba más para afinar.`
          : items.length === 1 ? '1 persona encontrada.' : `${items.length} personas encontradas.`);
    } catch (err) {
      if (mine === seq) failed(err, resultsStatus, 'No se pudo buscar. ');
    }
  }
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(lookup, 250); });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); clearTimeout(timer); lookup(); }
    if (ev.key === 'ArrowDown') { const first = results.querySelector('button:not([disabled])'); if (first) { ev.preventDefault(); first.focus(); } }
  });
  results.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const buttons = [...results.querySelectorAll('button:not([disabled])')];
    const i = buttons.indexOf(document.activeElement);
    ev.preventDefault();
    if (ev.key === 'ArrowUp' && i <= 0) { search.focus(); return; }
    const next = buttons[Math.min(buttons.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1))];
    if (next) next.focus();
  });

  function resetAdd() {
    search.value = '';
    replace(results);
    announce(resultsStatus, '');
    chosenArea.hidden = true;
    replace(chosenArea);
    closeNew();
  }

  /** The form for the chosen person: role, topic, contribution. */
  function choose(p) {
    closeNew();
    const region = h('p', { class: 'status', role: 'alert', id: 'pm-form-estado' });
    const conflicts = conflictBox('pm-choques');
    const who = personName(p);
    const form = h('form', { class: 'form pm-form', id: 'pm-form', novalidate: true },
      h('fieldset', {},
        h('legend', {}, `Añadir a ${who}`),
        post2(p) ? h('p', { class: 'pm-post' }, post2(p)) : null,
        field('pa', 'role', 'Rol', { value: 'speaker', options: ROLE_OPTIONS }),
        field('pa', 'topic', 'Tema', { optional: true, hint: 'El título de su intervención, si lo tiene.', attrs: { maxlength: 300 } }),
        field('pa', 'contribution', 'Aporte', { textarea: true, optional: true, hint: RICHTEXT_HINT })),
      region,
      conflicts.el,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary' }, 'Añadir a la sesión'),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => { chosenArea.hidden = true; replace(chosenArea); search.focus(); } },
          'Elegir otra persona')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      conflicts.clear();
      announce(region, '');
      const v = values(form, ['role', 'topic', 'contribution']);
      const data = { person_id: p.id, role: v.role };
      if (v.topic) data.topic = v.topic;
      if (v.contribution) data.contribution = v.contribution;
      try {
        await busy(form, post(`${sessionPath()}/participants`, data));
        resetAdd();
        await prog.refresh();
        announce(status, `Se añadió a ${who} como ${label(PARTICIPANT_ROLE, data.role)}.`, 'ok');
        search.focus();
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        if (conflicts.show(err)) return;
        showApiError(form, region, err, 'No se añadió. ');
      }
    });
    replace(chosenArea, form);
    chosenArea.hidden = false;
    form.elements.role.focus();
  }

  /* ----- a new person ----- */

  function closeNew() {
    newArea.hidden = true;
    replace(newArea);
    newButton.setAttribute('aria-expanded', 'false');
  }

  function openNew() {
    chosenArea.hidden = true;
    replace(chosenArea);
    const region = h('p', { class: 'status', role: 'alert', id: 'np-estado' });
    const form = h('form', { class: 'form', id: 'np-form', novalidate: true },
      h('fieldset', {}, h('legend', {}, 'Persona nueva'), personFields('np', { name: search.value.trim() })),
      region,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary' }, 'Crear y elegir'),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => { closeNew(); newButton.focus(); } }, 'Cancelar')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      announce(region, '');
      const problems = missing(form, ['name'], { name: 'Escriba el nombre de la persona.' });
      if (problems.length) { showProblems(form, region, problems); return; }
      const data = values(form, PERSON_NAMES);
      for (const k of Object.keys(data)) if (data[k] === '' && k !== 'name') delete data[k];
      try {
        const { body: person } = await busy(form, post('/people', data));
        choose(person);
        announce(status, `Se creó a ${personName(person)}. Elija su rol y añádala a la sesión.`, 'ok');
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        showApiError(form, region, err, 'No se creó. ');
      }
    });
    replace(newArea, form);
    newArea.hidden = false;
    newButton.setAttribute('aria-expanded', 'true');
    form.elements.name.focus();
  }
  newButton.addEventListener('click', () => (newArea.hidden ? openNew() : (closeNew(), newButton.focus())));

  const addArea = h('section', { class: 'pm-add', 'aria-labelledby': 'pm-add-titulo' },
    h('h5', { id: 'pm-add-titulo' }, 'Añadir participante'),
    h('div', { class: 'field' },
      h('label', { for: 'pm-q' }, 'Buscar persona'),
      h('p', { class: 'hint', id: 'pm-q-ayuda' }, 'Nombre, cargo o institución. Elija de la lista con el ratón, o con las flechas y Enter.'),
      search),
    resultsStatus,
    results,
    chosenArea,
    h('p', { class: 'pm-new-line' }, h('span', {}, '¿No está en la lista? '), newButton),
    newArea);

  const el = h('section', { class: 'pm', 'aria-labelledby': 'pm-titulo' },
    h('h4', { id: 'pm-titulo' }, 'Participantes'),
    h('p', { class: 'hint' }, 'En el orden en que aparecen en el programa.'),
    status, empty, list, addArea);
  draw();
  return { el, update(fresh) { s = fresh; draw(); } };
}
