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
import { t } from './i18n.js';

/** Roles in the order organizers pick them. */
const ROLE_OPTIONS = ['speaker', 'panelist', 'moderator'].map((r) => [r, label(PARTICIPANT_ROLE, r)]);
const post2 = (p) => [p.position, p.organization].filter(Boolean).join(' · ');

/** The participants block of session `session`; update(fresh) redraws it after a reload. */
export function participantsManager(session) {
  let s = session;
  const sessionPath = () => path('sessions', String(s.id));
  const status = h('p', { class: 'status', role: 'status', id: 'pm-estado' });
  const list = h('ol', { class: 'pm-list', id: 'pm-lista', 'aria-labelledby': 'pm-titulo' });
  const empty = h('p', { class: 'empty-note', id: 'pm-vacio' }, t('staff.programme.participants.none'));

  /* ----- the list ----- */

  function item(p, i, n) {
    const who = personName(p);
    const li = h('li', { class: `pm-item participant-${p.role}`, 'data-person': p.person_id });
    const act = (name, text, hidden, onclick, disabled = false, cls = '') => h('button', {
      type: 'button', class: `button button-small ${cls}`, 'data-act': name, 'data-person': p.person_id, disabled, onclick,
    }, text, h('span', { class: 'visually-hidden' }, hidden));
    const actions = h('div', { class: 'pm-actions' },
      act('up', t('staff.programme.participants.up'), t('staff.programme.participants.up_hidden', { name: who }), () => move(p, -1), i === 0),
      act('down', t('staff.programme.participants.down'), t('staff.programme.participants.down_hidden', { name: who }), () => move(p, +1), i === n - 1),
      act('edit', t('staff.programme.edit'), t('staff.programme.participants.edit_hidden', { name: who }), () => edit(p, li)),
      act('remove', t('staff.programme.participants.remove'), t('staff.programme.participants.remove_hidden', { name: who }),
        () => remove(p, li, actions), false, 'button-danger'));
    const post = post2(p);
    return replace(li,
      h('div', { class: 'pm-who' },
        h('p', { class: 'pm-name' }, h('span', { class: 'pm-pos', 'aria-hidden': 'true' }, `${i + 1}.`), ' ', who, ' ',
          h('span', { class: 'role' }, label(PARTICIPANT_ROLE, p.role))),
        post ? h('p', { class: 'pm-post' }, post) : null,
        p.topic ? h('p', { class: 'pm-topic' }, p.topic) : null,
        p.contribution ? h('p', { class: 'pm-note' }, t('staff.programme.participants.with_contribution')) : null),
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
    announce(status, t('staff.programme.participants.saving_order'));
    try {
      // The answers do not carry sort_order, so the whole order is written again: 1, 2, 3…
      for (const [k, id] of order.entries()) {
        await patch(`${sessionPath()}/participants/${encodeURIComponent(id)}`, { sort_order: k + 1 });
      }
      await prog.refresh();
      announce(status, t('staff.programme.participants.moved', { name: personName(p), position: j + 1, total: order.length }), 'ok');
      const dir = delta < 0 ? 'up' : 'down';
      refocus(`#pm-lista button[data-act="${dir}"][data-person="${p.person_id}"]`,
        list.querySelector(`button[data-act="${dir === 'up' ? 'down' : 'up'}"][data-person="${p.person_id}"]`));
    } catch (err) {
      failed(err, status, t('staff.programme.participants.order_failed'));
    }
  }

  function edit(p, li) {
    const prefix = `pe-${p.person_id}`;
    const region = h('p', { class: 'status', role: 'alert' });
    const form = h('form', { class: 'form pm-edit', novalidate: true },
      h('p', { class: 'pm-name', tabindex: '-1' }, personName(p)),
      field(prefix, 'role', t('staff.programme.participants.role'), { value: p.role, options: ROLE_OPTIONS }),
      field(prefix, 'topic', t('staff.programme.participants.topic'), { value: p.topic, optional: true, attrs: { maxlength: 300 } }),
      field(prefix, 'contribution', t('staff.programme.participants.contribution'), { value: p.contribution, textarea: true, optional: true, hint: RICHTEXT_HINT }),
      region,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary button-small' }, t('staff.programme.save')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => { draw(); refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`); } }, t('staff.programme.cancel'))));
    form.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { ev.preventDefault(); draw(); refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`); }
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      const data = changes(p, values(form, ['role', 'topic', 'contribution']));
      if (!Object.keys(data).length) { announce(region, t('staff.programme.no_changes')); return; }
      try {
        await busy(form, patch(`${sessionPath()}/participants/${encodeURIComponent(p.person_id)}`, data));
        await prog.refresh();
        announce(status, t('staff.programme.participants.saved', { name: personName(p) }), 'ok');
        refocus(`#pm-lista button[data-act="edit"][data-person="${p.person_id}"]`);
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        showApiError(form, region, err, t('staff.programme.not_saved'));
      }
    });
    replace(li, form);
    form.elements.role.focus();
  }

  function remove(p, li, actions) {
    if (li.querySelector('.confirm-box')) return;
    actions.hidden = true;
    confirmBox(li, {
      question: t('staff.programme.participants.remove_question', { name: personName(p) }),
      detail: p.topic || p.contribution ? t('staff.programme.participants.remove_detail') : '',
      confirm: t('staff.programme.participants.remove'),
      onCancel: () => { actions.hidden = false; refocus(`#pm-lista button[data-act="remove"][data-person="${p.person_id}"]`); },
      async onConfirm() {
        await del(`${sessionPath()}/participants/${encodeURIComponent(p.person_id)}`);
        await prog.refresh();
        announce(status, t('staff.programme.participants.removed', { name: personName(p) }), 'ok');
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
  const results = h('ul', { class: 'pm-results', id: 'pm-resultados', 'aria-label': t('staff.programme.participants.results_label') });
  const newButton = h('button', {
    type: 'button', class: 'button button-small', id: 'pm-nueva-abrir', 'aria-expanded': 'false', 'aria-controls': 'pm-nueva',
  }, t('staff.programme.participants.new_person_open'));
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
        h('span', { class: 'visually-hidden' }, t('staff.programme.participants.choose_hidden')),
        h('span', { class: 'pm-result-name' }, personName(p)),
        post2(p) ? h('span', { class: 'pm-result-post' }, post2(p)) : null,
        inSession.has(p.id) ? h('span', { class: 'pm-result-note' }, t('staff.programme.participants.already_in')) : null))));
      announce(resultsStatus, !items.length ? t('staff.programme.participants.no_match', { q })
        : total > items.length ? t('staff.programme.participants.too_many', { total, shown: items.length })
          : items.length === 1 ? t('staff.programme.participants.found.one') : t('staff.programme.participants.found.other', { n: items.length }));
    } catch (err) {
      if (mine === seq) failed(err, resultsStatus, t('staff.programme.participants.search_failed'));
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
        h('legend', {}, t('staff.programme.participants.add_legend', { name: who })),
        post2(p) ? h('p', { class: 'pm-post' }, post2(p)) : null,
        field('pa', 'role', t('staff.programme.participants.role'), { value: 'speaker', options: ROLE_OPTIONS }),
        field('pa', 'topic', t('staff.programme.participants.topic'), {
          optional: true, hint: t('staff.programme.participants.topic_hint'), attrs: { maxlength: 300 },
        }),
        field('pa', 'contribution', t('staff.programme.participants.contribution'), { textarea: true, optional: true, hint: RICHTEXT_HINT })),
      region,
      conflicts.el,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary' }, t('staff.programme.participants.add_button')),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => { chosenArea.hidden = true; replace(chosenArea); search.focus(); } },
          t('staff.programme.participants.choose_other'))));
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
        announce(status, t('staff.programme.participants.added', { name: who, role: label(PARTICIPANT_ROLE, data.role) }), 'ok');
        search.focus();
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        if (conflicts.show(err)) return;
        showApiError(form, region, err, t('staff.programme.not_added'));
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
      h('fieldset', {}, h('legend', {}, t('staff.programme.participants.new_person')), personFields('np', { name: search.value.trim() })),
      region,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary' }, t('staff.programme.participants.create_and_choose')),
        h('button', { type: 'button', class: 'button button-quiet', onclick: () => { closeNew(); newButton.focus(); } }, t('staff.programme.cancel'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      announce(region, '');
      const problems = missing(form, ['name'], { name: t('staff.programme.person.name_missing') });
      if (problems.length) { showProblems(form, region, problems); return; }
      const data = values(form, PERSON_NAMES);
      for (const k of Object.keys(data)) if (data[k] === '' && k !== 'name') delete data[k];
      try {
        const { body: person } = await busy(form, post('/people', data));
        choose(person);
        announce(status, t('staff.programme.participants.created', { name: personName(person) }), 'ok');
      } catch (err) {
        if (err.status === 401) { failed(err, region); return; }
        showApiError(form, region, err, t('staff.programme.not_created'));
      }
    });
    replace(newArea, form);
    newArea.hidden = false;
    newButton.setAttribute('aria-expanded', 'true');
    form.elements.name.focus();
  }
  newButton.addEventListener('click', () => (newArea.hidden ? openNew() : (closeNew(), newButton.focus())));

  const addArea = h('section', { class: 'pm-add', 'aria-labelledby': 'pm-add-titulo' },
    h('h5', { id: 'pm-add-titulo' }, t('staff.programme.participants.add_heading')),
    h('div', { class: 'field' },
      h('label', { for: 'pm-q' }, t('staff.programme.participants.search_label')),
      h('p', { class: 'hint', id: 'pm-q-ayuda' }, t('staff.programme.participants.search_hint')),
      search),
    resultsStatus,
    results,
    chosenArea,
    h('p', { class: 'pm-new-line' }, h('span', {}, t('staff.programme.participants.not_listed')), newButton),
    newArea);

  const el = h('section', { class: 'pm', 'aria-labelledby': 'pm-titulo' },
    h('h4', { id: 'pm-titulo' }, t('staff.programme.participants.heading')),
    h('p', { class: 'hint' }, t('staff.programme.participants.order_hint')),
    status, empty, list, addArea);
  draw();
  return { el, update(fresh) { s = fresh; draw(); } };
}
