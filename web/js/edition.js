// edition.js — the page of one assembly (/e/{slug}), which is also its programme page: its
// facts, the programme grouped by day in time order (time, kind, room, objective, participants
// and their contributions) with the time zone its times are in ("Ecuador continental (UTC−05:00)"), the "Calendario y apps" links to the schedule exports (.ics, Frab
// XML, c3voc JSON), and the speakers with photo (or their initials), post, organization, bio
// and sessions. Participants link to #persona-{id}; speakers link back to #sesion-{id} (the
// anchors the exports point at). While the edition takes registrations, an "Inscribirse"
// button leads to /e/{slug}/inscripcion; otherwise a line says why not (registration-state.js). The reads are the API's ETag'd public answers.
// Once its memoria is published, a "Memoria de la asamblea" button leads to /e/{slug}/memoria.
import { $, h, replace } from './dom.js';
import { API, get, path } from './api.js';
import {
  byDay, formatDateRange, formatDay, formatNumber, formatTimeRange, localParts, zoneLabel,
} from './format.js';
import {
  KIND, PARTICIPANT_ROLE, editionName, initials, label, personName, sessionLabel,
} from './labels.js';
import { describeError, setTitle, showEditionNotFound, showProblem } from './page.js';
import { richtext } from './richtext.js';
import { closedExplanation, editionBadge } from './registration-state.js';
import { pathPart } from './address.js';
import { AS_WRITTEN, t } from './i18n.js';

const root = $('#edicion');

/** "/e/latacunga-2024" → "latacunga-2024" ("" when the path is not an edition's). */
/** Text the organizers wrote (in Spanish, as written: AS_WRITTEN). */
const prose = (text) => (text ? h('div', { class: 'prose', ...AS_WRITTEN }, richtext(text)) : null);
const personAnchor = (id) => `persona-${id}`;
const sessionAnchor = (id) => `sesion-${id}`;
const sessionHeading = (s) => (s.number ? `${sessionLabel(s)} · ${s.title}` : s.title);

/* ---------- edition header ---------- */

function facts(e) {
  const rows = [[t('edition.dates'), formatDateRange(e.starts_on, e.ends_on)]];
  const where = [e.venue, e.city].filter(Boolean).join(', ');
  if (where) rows.push([t('edition.venue'), where]);
  if ((e.status === 'open' || e.status === 'closed') && !e.ended) {
    const taken = Number(e.seats_taken) || 0; // the same number the organizers' page gives
    rows.push([t('edition.seats_taken'), e.capacity == null
      ? t('edition.seats_unlimited', { taken: formatNumber(taken) })
      : t('edition.seats_of', { taken: formatNumber(taken), capacity: formatNumber(e.capacity) })]);
    if (e.waitlisted > 0) rows.push([t('edition.waitlisted'), formatNumber(e.waitlisted)]);
  }
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v))));
}

function hero(e, sections) {
  const name = editionName(e);
  const badge = editionBadge(e);
  const closed = closedExplanation(e);
  return h('div', { class: 'hero edition-hero' },
    h('div', { class: 'wrap' },
      h('nav', { class: 'breadcrumb', 'aria-label': t('edition.breadcrumb') },
        h('ol', {}, h('li', {}, h('a', { href: '/' }, t('edition.assemblies'))), h('li', { 'aria-current': 'page' }, name))),
      h('p', { class: 'hero-badges' }, h('span', { class: `badge badge-${badge.tone}` }, badge.text)),
      h('h1', AS_WRITTEN, e.title || name),
      facts(e),
      e.registration_open ? h('p', { class: 'hero-actions' },
        h('a', { class: 'button button-primary button-large', href: `/e/${encodeURIComponent(e.slug)}/inscripcion` }, t('edition.register')))
        : h('p', { class: 'hero-closed', id: 'inscripciones-cerradas', 'data-reason': closed.reason },
          h('strong', {}, `${closed.title}. `), closed.text),
      sections.length > 1 ? h('nav', { class: 'page-nav', 'aria-label': t('edition.on_this_page') },
        h('ul', {}, sections.map(([id, text]) => h('li', {}, h('a', { href: `#${id}` }, text))))) : null));
}

/* ---------- programme ---------- */

function participant(p, linked) {
  const name = linked.has(p.person_id)
    ? h('a', { href: `#${personAnchor(p.person_id)}` }, personName(p))
    : personName(p);
  const post = [p.position, p.organization].filter(Boolean).join(' · ');
  return h('li', { class: `participant participant-${p.role}` },
    h('p', { class: 'participant-name' }, h('span', { class: 'name' }, name), ' ',
      h('span', { class: 'role' }, label(PARTICIPANT_ROLE, p.role))),
    post ? h('p', { class: 'participant-post', ...AS_WRITTEN }, post) : null,
    p.topic ? h('p', { class: 'participant-topic', ...AS_WRITTEN }, p.topic) : null,
    p.contribution ? h('details', { class: 'contribution' },
      h('summary', {}, t('edition.read_contribution'), h('span', { class: 'visually-hidden' }, t('edition.read_contribution_of', { name: personName(p) }))),
      prose(p.contribution)) : null);
}

function session(s, edition, linked) {
  const start = localParts(s.starts_at, edition.timezone).time;
  const end = localParts(s.ends_at, edition.timezone).time;
  const participants = s.participants || [];
  return h('li', { class: `session session-${s.kind}`, id: sessionAnchor(s.id) },
    h('article', {},
      h('div', { class: 'session-meta' },
        h('p', { class: 'session-time' },
          h('time', { datetime: s.starts_at }, start),
          end && end !== start ? ['–', h('time', { datetime: s.ends_at }, end)] : null),
        h('p', { class: 'kind' }, label(KIND, s.kind)),
        s.room && s.room.name ? h('p', { class: 'room' }, h('span', { class: 'visually-hidden' }, t('edition.room')), s.room.name) : null),
      h('div', { class: 'session-body' },
        h('h4', { class: 'session-title', ...AS_WRITTEN }, sessionHeading(s)),
        s.objective ? h('div', { class: 'objective' }, h('p', { class: 'objective-label' }, t('edition.objective')), prose(s.objective)) : null,
        participants.length ? h('ul', { class: 'participants', 'aria-label': t('edition.participants_of', { session: sessionLabel(s) }) },
          participants.map((p) => participant(p, linked))) : null)));
}

/** "Calendario y apps": the schedule as a calendar file and as the feeds conference apps read. */
function calendar(edition) {
  const feed = (name) => `${API}${path('editions', edition.slug)}/${name}`;
  return h('section', { id: 'calendario', class: 'calendar', 'aria-labelledby': 'calendario-titulo' },
    h('h3', { id: 'calendario-titulo' }, t('edition.calendar')),
    h('div', { class: 'calendar-item' },
      h('a', { class: 'button button-primary', href: feed('schedule.ics'), type: 'text/calendar' }, t('edition.add_calendar')),
      h('p', { class: 'calendar-note' }, t('edition.ics_note'))),
    h('div', { class: 'calendar-item' },
      h('p', { class: 'calendar-feeds' },
        h('a', { href: feed('schedule.xml'), type: 'application/xml' }, t('edition.feed_xml')),
        h('span', { 'aria-hidden': 'true' }, ' · '),
        h('a', { href: feed('schedule.json'), type: 'application/json' }, t('edition.feed_json'))),
      h('p', { class: 'calendar-note' }, t('edition.feeds_note'))));
}

function programme(edition, result, people) {
  const section = h('section', { id: 'programa', class: 'programme', 'aria-labelledby': 'programa-titulo' },
    h('h2', { id: 'programa-titulo' }, t('edition.programme')));
  if (result.status === 'rejected') {
    section.append(h('p', { class: 'notice notice-error', role: 'alert' },
      `${t('edition.programme_failed')} `, describeError(result.reason)));
    return section;
  }
  const sessions = (result.value.body && result.value.body.items) || [];
  if (!sessions.length) {
    section.append(h('p', { class: 'notice' }, t('edition.programme_soon')));
    return section;
  }
  const linked = new Set(people.map((p) => p.id));
  section.append(h('p', { class: 'programme-zone', id: 'zona-horaria' },
    t('edition.zone_intro'), h('strong', {}, zoneLabel(edition.timezone, sessions[0].starts_at)), '.'));
  section.append(calendar(edition));
  for (const [day, list] of byDay(sessions, edition.timezone)) {
    const id = `dia-${day}`;
    section.append(h('section', { class: 'day', 'aria-labelledby': id },
      h('h3', { id, class: 'day-title' }, formatDay(day)),
      h('ol', { class: 'sessions' }, list.map((s) => session(s, edition, linked)))));
  }
  return section;
}

/* ---------- people ---------- */

/** The speaker's photo (alt text: the name), or a placeholder with the initials. */
function photo(p) {
  const local = p.photo_url && p.photo_url.startsWith('/') && !p.photo_url.startsWith('//');
  return local
    ? h('img', { class: 'person-photo', src: p.photo_url, alt: personName(p), width: 96, height: 96, loading: 'lazy', decoding: 'async' })
    : h('span', { class: 'person-photo person-initials', 'aria-hidden': 'true' }, initials(p.name));
}

/** "Lunes 25 de noviembre, 09:30–11:30": when a session takes place, in the edition's zone. */
const when = (s, timeZone) =>
  t('date.at_time', { date: formatDay(localParts(s.starts_at, timeZone).date), time: formatTimeRange(s.starts_at, s.ends_at, timeZone) });

function person(p, sessionsById, timeZone) {
  const name = personName(p);
  const roles = (p.sessions || []).map((ref) => {
    const s = sessionsById.get(ref.id);
    const text = s ? sessionHeading(s) : ref.title;
    return h('li', {}, s ? h('a', { href: `#${sessionAnchor(ref.id)}` }, text) : text,
      ref.role ? h('span', { class: 'role' }, label(PARTICIPANT_ROLE, ref.role)) : null,
      s ? h('span', { class: 'person-session-when' }, when(s, timeZone)) : null);
  });
  return h('li', { class: 'person', id: personAnchor(p.id), tabindex: '-1' },
    h('article', {},
      h('div', { class: 'person-head' },
        photo(p),
        h('div', {},
          h('h3', { class: 'person-name' }, name),
          p.position ? h('p', { class: 'person-post' }, p.position) : null,
          p.organization ? h('p', { class: 'person-org' }, p.organization) : null)),
      prose(p.bio),
      roles.length ? h('div', { class: 'person-sessions' },
        h('p', { class: 'person-sessions-label' }, t('edition.takes_part_in')), h('ul', {}, roles)) : null));
}

function speakers(people, sessions, edition) {
  const sessionsById = new Map(sessions.map((s) => [s.id, s]));
  return h('section', { id: 'ponentes', class: 'speakers', 'aria-labelledby': 'ponentes-titulo' },
    h('h2', { id: 'ponentes-titulo' }, t('edition.speakers')),
    h('ul', { class: 'people' }, people.map((p) => person(p, sessionsById, edition.timezone))));
}

/* ---------- page ---------- */

/** Keeps contributions readable on paper: every <details> opens before printing. */
window.addEventListener('beforeprint', () => {
  for (const d of root.querySelectorAll('details')) d.open = true;
});

/**
 * After the content is built, honour a #persona-… or #sesion-… in the address (the calendar
 * exports link to #sesion-<id>). The anchor did not exist when the page loaded, so the address
 * navigates to it again: that scrolls to it and makes it :target (highlighted).
 */
function scrollToHash() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) location.replace(location.hash);
}

async function load() {
  const slug = pathPart(/^\/e\/([^/]+)\/?$/);
  root.setAttribute('aria-busy', 'true');
  replace(root, h('div', { class: 'wrap page-body' }, h('p', { class: 'status', role: 'status' }, t('edition.loading'))));
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { root.removeAttribute('aria-busy'); showEditionNotFound(root); return; }
  const base = path('editions', slug);
  const [edition, sessions, people] = await Promise.allSettled([
    get(base), get(`${base}/sessions?limit=500`), get(`${base}/people?limit=500`)]);
  root.removeAttribute('aria-busy');

  if (edition.status === 'rejected') {
    if (edition.reason.status === 404) { showEditionNotFound(root); return; }
    setTitle(t('error'));
    replace(root, h('div', { class: 'wrap page-body' }));
    showProblem(root.firstChild, {
      title: t('edition.load_failed'), message: describeError(edition.reason), retry: load, headingLevel: 1,
    });
    return;
  }

  const e = edition.value.body;
  const peopleList = people.status === 'fulfilled' ? (people.value.body && people.value.body.items) || [] : [];
  const sessionList = sessions.status === 'fulfilled' ? (sessions.value.body && sessions.value.body.items) || [] : [];
  const sections = [['programa', t('edition.programme')]];
  if (sessionList.length) sections.push(['calendario', t('edition.calendar')]);
  if (peopleList.length) sections.push(['ponentes', t('edition.speakers')]);

  setTitle(editionName(e));
  replace(root,
    hero(e, sections),
    h('div', { class: 'wrap page-body' },
      e.description ? h('section', { class: 'about', 'aria-label': t('edition.about') }, prose(e.description)) : null,
      programme(e, sessions, peopleList),
      peopleList.length ? speakers(peopleList, sessionList, e) : null));
  scrollToHash();
  memoriaLink(e);
}

/* ---------- memoria ---------- */

/**
 * Once the assembly is over (status closed or archived), asks whether its memoria has a
 * published version (…/proceedings/versions answers 404 until then) and, if so, adds a
 * "Memoria de la asamblea" button to the header. Upcoming editions are not asked at all.
 */
async function memoriaLink(e) {
  if (e.status !== 'closed' && e.status !== 'archived') return;
  try {
    const { body } = await get(`${path('editions', e.slug)}/proceedings/versions`);
    if (!body || !(body.items || []).length) return;
  } catch {
    return;  // not published (404) or unreachable: the page simply has no link
  }
  const facts = root.querySelector('.edition-hero .facts');
  if (!facts || root.querySelector('#enlace-memoria')) return;
  facts.after(h('p', { class: 'hero-actions' },
    h('a', { id: 'enlace-memoria', class: 'button button-primary button-large', href: `/e/${encodeURIComponent(e.slug)}/memoria` },
      t('edition.memoria'))));
}

load();
