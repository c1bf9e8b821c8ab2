// admin-audit.js — the audit log page (/admin/auditoria), for administrators: GET /api/v1/audit
// with the filters of the form (account, action, dates) and a page of 50 entries, newest first;
// the filters and the page live in the address (?user_id=&action=&from=&to=&page=) so a view can
// be reloaded or shared. The accounts and the actions of the filters come from GET
// /api/v1/users and /api/v1/audit/actions; a target account is shown by name.
import { $, h, replace } from './dom.js';
import { get, withQuery } from './api.js';
import { announce, describeError } from './page.js';
import { formatDateTimeShort } from './format.js';
import { startSession } from './admin-session.js';
import { actionLabel, detailLines, entityLabel } from './audit-labels.js';
import { t } from './i18n.js';

const PAGE = 50;
const FILTERS = ['user_id', 'action', 'from', 'to'];
const status = $('#estado');
const form = $('#filtros');
let names = new Map(); // account id → name, for "who" and user targets

function readAddress() {
  const q = new URLSearchParams(location.search);
  const filters = Object.fromEntries(FILTERS.map((k) => [k, q.get(k) || '']));
  return { filters, page: Math.max(1, Number.parseInt(q.get('page') || '1', 10) || 1) };
}

function showFilters({ filters }) {
  for (const k of FILTERS) form.elements[k].value = filters[k];
}

function who(item) {
  if (!item.user_id) return t('staff.audit.command_line');
  return item.user_name || names.get(item.user_id) || item.user_email || t('staff.audit.account_id', { id: item.user_id });
}

function target(item) {
  const kind = entityLabel(item.entity);
  if (item.entity === 'user' && names.has(Number(item.entity_id))) return `${kind}: ${names.get(Number(item.entity_id))}`;
  return item.entity_id ? `${kind}: ${item.entity_id}` : kind;
}

function row(item) {
  const lines = detailLines(item.detail);
  return h('tr', {},
    h('th', { scope: 'row' }, h('time', { datetime: item.at }, formatDateTimeShort(item.at))),
    h('td', { 'data-label': t('staff.audit.col_who') }, who(item)),
    h('td', { 'data-label': t('staff.audit.col_what') }, actionLabel(item.action), h('span', { class: 'cell-sub cell-code-small' }, item.action)),
    h('td', { 'data-label': t('staff.audit.col_target') }, target(item)),
    h('td', { 'data-label': t('staff.audit.col_detail') }, lines.length ? h('ul', { class: 'detail-list' }, lines.map((l) => h('li', {}, l))) : '—'));
}

async function load() {
  const view = readAddress();
  showFilters(view);
  const query = { ...view.filters, limit: PAGE, offset: (view.page - 1) * PAGE };
  announce($('#lista-estado'), t('staff.audit.loading'));
  announce($('#filtros-estado'), '');
  try {
    const { body } = await get(withQuery('/audit', query));
    replace($('#filas'), body.items.length ? body.items.map(row)
      : h('tr', {}, h('td', { colspan: 5, class: 'empty-row' }, t('staff.audit.none'))));
    const pages = Math.max(1, Math.ceil(body.total / PAGE));
    $('#pagina').textContent = t('staff.audit.page_of', { page: view.page, pages });
    $('#anterior').disabled = view.page <= 1;
    $('#siguiente').disabled = view.page >= pages;
    $('.pager').hidden = pages <= 1;
    announce($('#lista-estado'), body.total === 1 ? t('staff.audit.count.one', { n: 1 }) : t('staff.audit.count.other', { n: body.total }));
  } catch (err) {
    announce($('#lista-estado'), '');
    announce($('#filtros-estado'), describeError(err), 'error');
    if (err.field && form.elements[err.field]) form.elements[err.field].focus();
  }
}

function go(filters, page) {
  const clean = Object.fromEntries(Object.entries({ ...filters, page: page > 1 ? page : '' }).filter(([, v]) => v));
  history.pushState(null, '', withQuery(location.pathname, clean));
  return load();
}

async function fillChoices() {
  const [users, actions] = await Promise.all([get('/users'), get('/audit/actions')]);
  names = new Map(users.body.items.map((u) => [u.id, u.name]));
  form.elements.user_id.append(...users.body.items.map((u) => h('option', { value: u.id }, `${u.name} (${u.email})`)));
  form.elements.action.append(...actions.body.items.map((a) => h('option', { value: a }, actionLabel(a))));
}

const me = await startSession(status);
if (me && me.role !== 'admin') {
  announce(status, t('staff.audit.admins_only'), 'error');
} else if (me) {
  try {
    await fillChoices();
    announce(status, '');
    $('#registro').hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const filters = Object.fromEntries(FILTERS.map((k) => [k, form.elements[k].value]));
      if (filters.from && filters.to && filters.to < filters.from) {
        announce($('#filtros-estado'), t('staff.audit.dates_reversed'), 'error');
        form.elements.to.focus();
        return;
      }
      go(filters, 1);
    });
    $('#f-limpiar').addEventListener('click', () => go({}, 1));
    $('#anterior').addEventListener('click', () => go(readAddress().filters, readAddress().page - 1));
    $('#siguiente').addEventListener('click', () => go(readAddress().filters, readAddress().page + 1));
    window.addEventListener('popstate', load);
    await load();
  } catch (err) {
    announce(status, describeError(err), 'error');
  }
}
