// edition.js — the page of one assembly (/e/{slug}), which is also its programme page: its
// facts, the programme grouped by day in time order (time, kind, room, objective, participants
// and their contributions), the "Calendario y apps" links to the schedule exports (.ics, Frab
// XML, c3voc JSON), and the speakers with photo (or their initials), post, organization, bio
// and sessions. Participants link to #persona-{id}; speakers link back to #sesion-{id} (the
// anchors the exports point at). While the edition takes registrations, an "Inscribirse"
// button leads to /e/{slug}/inscripcion. The reads are the API's ETag'd public answers.
// Once its memoria is published, a "Memoria de la asamblea" button leads to /e/{slug}/memoria.
import { $, h, replace } from './dom.js';
import { API, get, path } from './api.js';
import { formatDateRange, formatDay, formatNumber, formatTimeRange, localParts } from './format.js';
import {
  EDITION_BADGE, KIND, PARTICIPANT_ROLE, editionName, initials, label, personName, sessionLabel,
} from './labels.js';
import { describeError, setTitle, showProblem } from './page.js';
import { richtext } from './richtext.js';
import { pathPart } from './address.js';

const root = $('#edicion');

/** "/e/latacunga-2024" → "latacunga-2024" ("" when the path is not an edition's). */
const prose = (text) => (text ? h('div', { class: 'prose' }, richtext(text)) : null);
const personAnchor = (id) => `persona-${id}`;
const sessionAnchor = (id) => `sesion-${id}`;
const sessionHeading = (s) => (s.number ? `${sessionLabel(s)} · ${s.title}` : s.title);

/* ---------- edition header ---------- */

function facts(e) {
  const rows = [['Fechas', formatDateRange(e.starts_on, e.ends_on)]];
  const where = [e.venue, e.city].filter(Boolean).join(', ');
  if (where) rows.push(['Sede', where]);
  if (e.status === 'open' || e.status === 'closed') {
    const confirmed = Number(e.confirmed) || 0;
    rows.push(['Inscripciones confirmadas', e.capacity == null
      ? `${formatNumber(confirmed)} (sin límite de cupo)`
      : `${formatNumber(confirmed)} de ${formatNumber(e.capacity)} cupos`]);
    if (e.waitlisted > 0) rows.push(['En lista de espera', formatNumber(e.waitlisted)]);
  }
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', {}, v))));
}

function hero(e, sections) {
  const name = editionName(e);
  return h('div', { class: 'hero edition-hero' },
    h('div', { class: 'wrap' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'Ruta de navegación' },
        h('ol', {}, h('li', {}, h('a', { href: '/' }, 'Asambleas')), h('li', { 'aria-current': 'page' }, name))),
      h('p', { class: 'hero-badges' }, h('span', { class: `badge badge-${e.status}` }, label(EDITION_BADGE, e.status))),
      h('h1', {}, e.title || name),
      facts(e),
      e.registration_open ? h('p', { class: 'hero-actions' },
        h('a', { class: 'button button-primary button-large', href: `/e/${encodeURIComponent(e.slug)}/inscripcion` }, 'Inscribirse')) : null,
      sections.length > 1 ? h('nav', { class: 'page-nav', 'aria-label': 'En esta página' },
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
    post ? h('p', { class: 'participant-post' }, post) : null,
    p.topic ? h('p', { class: 'participant-topic' }, p.topic) : null,
    p.contribution ? h('details', { class: 'contribution' },
      h('summary', {}, 'Leer el aporte', h('span', { class: 'visually-hidden' }, ` de ${personName(p)}`)),
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
        s.room && s.room.name ? h('p', { class: 'room' }, h('span', { class: 'visually-hidden' }, 'Sala: '), s.room.name) : null),
      h('div', { class: 'session-body' },
        h('h4', { class: 'session-title' }, sessionHeading(s)),
        s.objective ? h('div', { class: 'objective' }, h('p', { class: 'objective-label' }, 'Objetivo'), prose(s.objective)) : null,
        participants.length ? h('ul', { class: 'participants', 'aria-label': `Participantes de ${sessionLabel(s)}` },
          participants.map((p) => participant(p, linked))) : null)));
}

/** Groups sessions by local day, each day and its sessions in time order. */
function byDay(sessions, timeZone) {
  const sorted = [...sessions].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.id - b.id);
  const days = new Map();
  for (const s of sorted) {
    const day = localParts(s.starts_at, timeZone).date;
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(s);
  }
  return days;
}

/** "Calendario y apps": the schedule as a calendar file and as the feeds conference apps read. */
function calendar(edition) {
  const feed = (name) => `${API}${path('editions', edition.slug)}/${name}`;
  return h('section', { id: 'calendario', class: 'calendar', 'aria-labelledby': 'calendario-titulo' },
    h('h3', { id: 'calendario-titulo' }, 'Calendario y apps'),
    h('div', { class: 'calendar-item' },
      h('a', { class: 'button button-primary', href: feed('schedule.ics'), type: 'text/calendar' }, 'Añadir a mi calendario'),
      h('p', { class: 'calendar-note' }, 'Todas las sesiones en un archivo .ics para Google Calendar, Outlook o el calendario del teléfono.')),
    h('div', { class: 'calendar-item' },
      h('p', { class: 'calendar-feeds' },
        h('a', { href: feed('schedule.xml'), type: 'application/xml' }, 'Programa en XML (Frab)'),
        h('span', { 'aria-hidden': 'true' }, ' · '),
        h('a', { href: feed('schedule.json'), type: 'application/json' }, 'Programa en JSON')),
      h('p', { class: 'calendar-note' }, 'Para apps de congresos como Giggity: copie uno de estos enlaces en la app.')));
}

function programme(edition, result, people) {
  const section = h('section', { id: 'programa', class: 'programme', 'aria-labelledby': 'programa-titulo' },
    h('h2', { id: 'programa-titulo' }, 'Programa'));
  if (result.status === 'rejected') {
    section.append(h('p', { class: 'notice notice-error', role: 'alert' },
      'No se pudo cargar el programa. ', describeError(result.reason)));
    return section;
  }
  const sessions = (result.value.body && result.value.body.items) || [];
  if (!sessions.length) {
    section.append(h('p', { class: 'notice' }, 'El programa se publicará pronto.'));
    return section;
  }
  const linked = new Set(people.map((p) => p.id));
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
  `${formatDay(localParts(s.starts_at, timeZone).date)}, ${formatTimeRange(s.starts_at, s.ends_at, timeZone)}`;

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
        h('p', { class: 'person-sessions-label' }, 'Participa en'), h('ul', {}, roles)) : null));
}

function speakers(people, sessions, edition) {
  const sessionsById = new Map(sessions.map((s) => [s.id, s]));
  return h('section', { id: 'ponentes', class: 'speakers', 'aria-labelledby': 'ponentes-titulo' },
    h('h2', { id: 'ponentes-titulo' }, 'Ponentes y moderación'),
    h('ul', { class: 'people' }, people.map((p) => person(p, sessionsById, edition.timezone))));
}

/* ---------- page ---------- */

function notFound() {
  setTitle('Edición no encontrada');
  replace(root, h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice notice-error' },
      h('h1', { class: 'notice-title' }, 'Edición no encontrada'),
      h('p', {}, 'La dirección no corresponde a ninguna asamblea publicada. Puede que haya cambiado o que tenga un error.'),
      h('p', {}, h('a', { href: '/' }, 'Ver todas las asambleas')))));
}

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
  replace(root, h('div', { class: 'wrap page-body' }, h('p', { class: 'status', role: 'status' }, 'Cargando la edición…')));
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { root.removeAttribute('aria-busy'); notFound(); return; }
  const base = path('editions', slug);
  const [edition, sessions, people] = await Promise.allSettled([
    get(base), get(`${base}/sessions?limit=500`), get(`${base}/people?limit=500`)]);
  root.removeAttribute('aria-busy');

  if (edition.status === 'rejected') {
    if (edition.reason.status === 404) { notFound(); return; }
    setTitle('Error');
    replace(root, h('div', { class: 'wrap page-body' }));
    showProblem(root.firstChild, {
      title: 'No se pudo cargar la edición', message: describeError(edition.reason), retry: load, headingLevel: 1,
    });
    return;
  }

  const e = edition.value.body;
  const peopleList = people.status === 'fulfilled' ? (people.value.body && people.value.body.items) || [] : [];
  const sessionList = sessions.status === 'fulfilled' ? (sessions.value.body && sessions.value.body.items) || [] : [];
  const sections = [['programa', 'Programa']];
  if (sessionList.length) sections.push(['calendario', 'Calendario y apps']);
  if (peopleList.length) sections.push(['ponentes', 'Ponentes y moderación']);

  setTitle(editionName(e));
  replace(root,
    hero(e, sections),
    h('div', { class: 'wrap page-body' },
      e.description ? h('section', { class: 'about', 'aria-label': 'Presentación' }, prose(e.description)) : null,
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
      'Memoria de la asamblea')));
}

load();
