// admin-door.js — the live door dashboard (/admin/e/{slug}/puerta, or /admin/door.html?e={slug};
// organizers and door staff): checked in of confirmed in big numbers with a progress bar,
// arrivals by hour (a column chart built with DOM and CSS), by attendee type and by session
// (bars), and the latest arrivals from the feed (GET …/checkins?since=next) — all refreshed every
// 5 s while the page is visible.
import { $, h, replace } from './dom.js';
import { formatNumber, localParts } from './format.js';
import { ATTENDEE_TYPE, editionName, label } from './labels.js';
import { LOCALE, t } from './i18n.js';
import { announce, describeError, setTitle, showProblem } from './page.js';
import { startSession, toLogin } from './admin-session.js';
import { showAdminNav } from './admin-nav.js';
import { adminSlug } from './address.js';
import {
  checkinStats, defaultEdition, feedSince, getEdition, listEditions, percent,
} from './checkin-api.js';

const EVERY_MS = 5000;
const SHOWN = 30;          // arrivals listed
const status = $('#estado');

let slug = adminSlug();
let edition = null;
let next = 0;              // the feed's position
let arrivals = [];         // newest first
let sessionTitles = new Map();
let timer = null;

/* ---------- charts ---------- */

/** Horizontal bars: rows [{label, value}] against the largest value. */
function bars(rows, empty) {
  if (!rows.length) return h('p', { class: 'empty-note' }, empty);
  const max = Math.max(1, ...rows.map((r) => r.value));
  return h('ul', { class: 'bars' }, rows.map((r) => {
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${(r.value * 100) / max}%`; // CSSOM: allowed by the CSP, unlike style=""
    return h('li', { class: 'bar-row' },
      h('span', { class: 'bar-label' }, r.label),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-value' }, formatNumber(r.value)));
  }));
}

const hourKey = (ms) => new Date(ms).toISOString().slice(0, 13) + ':00';

/** by_hour {"YYYY-MM-DDTHH:00": n} → every hour from the first to the last (gaps as 0, within 3 days). */
function hours(byHour) {
  const keys = Object.keys(byHour || {}).sort();
  if (!keys.length) return [];
  const first = Date.parse(`${keys[0]}Z`);
  const last = Date.parse(`${keys[keys.length - 1]}Z`);
  if (last - first > 72 * 3600_000) return keys.map((k) => [k, byHour[k]]);
  const out = [];
  for (let ms = first; ms <= last; ms += 3600_000) out.push([hourKey(ms), byHour[hourKey(ms)] || 0]);
  return out;
}

/** Arrivals per hour as columns; each column says its hour and count in words too. */
function hourChart(byHour) {
  const list = hours(byHour);
  if (!list.length) return h('p', { class: 'empty-note' }, t('staff.door.nobody_yet'));
  const days = new Set(list.map(([k]) => k.slice(0, 10)));
  const max = Math.max(1, ...list.map(([, n]) => n));
  return h('div', { class: 'hour-chart' },
    h('ol', { class: 'hour-cols' }, list.map(([k, n]) => {
      const hour = k.slice(11, 16);
      const day = days.size > 1 ? `${k.slice(8, 10)}/${k.slice(5, 7)} ` : '';
      const bar = h('span', { class: 'hour-bar', 'aria-hidden': 'true' });
      bar.style.height = `${(n * 100) / max}%`;
      const said = { from: `${day}${hour}`, to: `${hour.slice(0, 2)}:59`, n: formatNumber(n) };
      return h('li', { class: 'hour-col' },
        h('span', { class: 'hour-value', 'aria-hidden': 'true' }, n ? formatNumber(n) : ''),
        h('span', { class: 'hour-track' }, bar),
        h('span', { class: 'hour-label', 'aria-hidden': 'true' }, `${day}${hour}`),
        h('span', { class: 'visually-hidden' }, n === 1 ? t('staff.door.hour_arrivals.one', said) : t('staff.door.hour_arrivals.other', said)));
    })));
}

/* ---------- totals, breakdowns, feed ---------- */

function showStats(s) {
  const pct = percent(s.checked_in, s.confirmed);
  $('#total-acreditados').textContent = formatNumber(s.checked_in);
  $('#total-confirmadas').textContent = formatNumber(s.confirmed);
  $('#total-porcentaje').textContent = t('staff.door.percent', { percent: pct });
  $('#total-relleno').style.width = `${pct}%`;
  const bar = $('#total-barra');
  bar.setAttribute('aria-valuenow', String(pct));
  bar.setAttribute('aria-valuetext', t('staff.door.total_value', { checked: formatNumber(s.checked_in), confirmed: formatNumber(s.confirmed), percent: pct }));
  replace($('#por-hora'), hourChart(s.by_hour));
  replace($('#por-tipo'), bars(Object.entries(s.by_type || {}).map(([type, n]) => ({ label: label(ATTENDEE_TYPE, type), value: n })),
    t('staff.door.nobody_yet')));
  sessionTitles = new Map((s.by_session || []).map((x) => [x.id, x.title]));
  replace($('#por-sesion'), bars((s.by_session || []).map((x) => ({ label: x.title, value: x.checked_in })),
    t('staff.door.no_sessions')));
}

function arrival(a) {
  const time = /T(\d{2}:\d{2}:\d{2})/.exec(a.at);
  return h('li', { class: `door-arrival${a.result === 'ok' ? '' : ' door-arrival-again'}` },
    h('span', { class: 'door-arrival-time' }, time ? time[1] : localParts(a.at, edition.timezone).time),
    h('span', { class: 'door-arrival-who' },
      h('span', { class: 'door-arrival-name' }, a.full_name),
      h('span', { class: 'door-arrival-sub' },
        [a.device ? t('staff.door.arrival_device', { device: a.device }) : '',
          a.session_id ? sessionTitles.get(a.session_id) || t('staff.door.arrival_session', { id: a.session_id }) : '',
          a.result === 'ok' ? '' : t('staff.door.arrival_again')].filter(Boolean).join(' · '))));
}

function showFeed() {
  replace($('#llegadas'), arrivals.length
    ? arrivals.map(arrival)
    : h('li', { class: 'empty-note' }, t('staff.door.nobody_yet')));
}

/* ---------- polling ---------- */

async function poll() {
  clearTimeout(timer);
  try {
    const [s, feed] = await Promise.all([checkinStats(slug), feedSince(slug, next)]);
    next = feed.next;
    arrivals = [...feed.items.reverse(), ...arrivals].slice(0, SHOWN);
    showStats(s);
    showFeed();
    const now = new Date().toLocaleTimeString(LOCALE, { timeZone: edition.timezone, hourCycle: 'h23' });
    $('#actualizado').textContent = t('staff.door.updated', { time: now });
    announce(status, '');
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, t('staff.door.poll_failed', { error: describeError(err) }), 'error');
  }
  if (!document.hidden) timer = setTimeout(poll, EVERY_MS);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) clearTimeout(timer);
  else if (edition) poll();
});

async function start() {
  const user = await startSession(status);
  if (!user) return;
  announce(status, t('staff.door.loading'));
  try {
    if (!slug) {
      const chosen = defaultEdition(await listEditions());
      if (!chosen) { announce(status, t('staff.door.no_editions'), 'error'); return; }
      slug = chosen.slug;
    }
    edition = await getEdition(slug);
  } catch (err) {
    if (err.status === 401) { toLogin(); return; }
    announce(status, '');
    showProblem($('#problema'), {
      title: err.status === 404 ? t('staff.door.not_found') : t('staff.door.load_failed'),
      message: describeError(err), retry: err.status === 404 ? null : () => location.reload(),
    });
    return;
  }
  const name = editionName(edition);
  setTitle(t('staff.door.title_edition', { edition: name }));
  $('#titulo').textContent = t('staff.door.title_edition', { edition: name });
  $('#miga-edicion').textContent = name;
  showAdminNav(user.role, slug);
  $('#panel').hidden = false;
  await poll();
}

start();
