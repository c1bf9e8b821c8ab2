// checkin.js — the door scanner (/checkin, staff). Checks the session (admin-session.js), picks
// the edition (?e=, the last one used, else the open one), an optional session door and this
// device's name (kept in localStorage). A keyboard-wedge scanner types the token and Enter into
// the field that keeps the focus; the same field takes a typed code; the camera and a search by
// name over the cached roster do the rest. Each scan goes through checkin-door.js (online, or
// verified here and queued while offline) and ends in a large result with a sound. Every 15 s
// the counter, the feed and the queue; every 60 s the roster and key. The roster stays on the
// device only while staff is signed in: "Cerrar sesión" sends the queue (or warns that what
// cannot be sent will be lost and asks), then erases the device's store; a session found ended
// (a 401, here or when the page opens) forgets the roster at once.
import { $, h, replace } from './dom.js';
import { formatNumber, formatTimeRange, localParts } from './format.js';
import { ATTENDEE_TYPE, REGISTRATION_STATUS, editionName, label, sessionLabel } from './labels.js';
import { t } from './i18n.js';
import { announce, describeError, setTitle } from './page.js';
import { startSession } from './admin-session.js';
import { showAdminNav } from './admin-nav.js';
import {
  checkinStats, defaultEdition, listEditions, percent, sessions as listSessions,
} from './checkin-api.js';
import { Door, unreachable } from './checkin-door.js';
import { eraseStore, openStore } from './checkin-store.js';
import { classify } from './checkin-token.js';
import { showIdle, showResult } from './checkin-result.js';
import { beep, setSound, unlock } from './checkin-sound.js';
import { Camera, cameraProblem, support } from './checkin-camera.js';
import { newDeviceName } from './checkin-device.js';

const STATS_EVERY_MS = 15_000;
const ROSTER_EVERY_MS = 60_000;
const KEYS = {
  device: 'asamblea.puerta.dispositivo',
  edition: 'asamblea.puerta.edicion',
  session: (slug) => `asamblea.puerta.sesion.${slug}`,
  sound: 'asamblea.puerta.sonido',
  settled: 'asamblea.puerta.ajustes-elegidos', // '1' once the settings were chosen on this device
};
const saved = {
  get: (k) => { try { return localStorage.getItem(k) || ''; } catch { return ''; } },
  set: (k, v) => { try { if (v) localStorage.setItem(k, v); else localStorage.removeItem(k); } catch { /* private mode */ } },
};

const status = $('#estado');
const input = $('#escanear');
const result = $('#resultado');
const banner = $('#conexion');

let editions = [];
let role = '';          // the signed-in user's role
let edition = null;     // the chosen edition
let sessionList = [];
let door = null;        // the Door of the chosen edition and session
let stats = null;       // last checkins/stats answer
let localExtra = 0;     // people let in offline since the last counts
let chain = Promise.resolve(); // scans are handled one after another

/* ---------- focus: the field for the scanner keeps it ---------- */

const elsewhere = () => {
  const a = document.activeElement;
  // a control (or a link) has it; containers such as <main tabindex="-1"> do not count
  return a && a !== document.body && a !== input && a.matches('input, select, textarea, button, a[href], summary, video, [contenteditable]');
};
function refocus({ force = false } = {}) {
  if ($('#escaner').hidden) return;
  const a = document.activeElement;
  const typingElsewhere = a && (a.id === 'buscar' || a.closest('#ajustes'));
  if (force ? !typingElsewhere : !elsewhere()) input.focus({ preventScroll: true });
}
input.addEventListener('blur', () => setTimeout(refocus, 0));
document.addEventListener('click', () => setTimeout(refocus, 0));
document.addEventListener('keydown', (ev) => {
  unlock();
  // a scan arriving while nothing has the focus still lands in the field
  if ((document.activeElement === document.body || !document.activeElement) && ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) input.focus();
}, true);
document.addEventListener('pointerdown', unlock, true);

/* ---------- connection, queue and counter ---------- */

/*
 * Each round works on the door it started with: the page may sign out (door = null) or open
 * another edition's door while a round waits on the network, and then the round stops.
 */

/** A failed call of a round on door d: a 401 ends the session (the roster is forgotten), no answer means offline. */
async function noteFailure(err, d) {
  if (!d || door !== d) return;
  if (err.status === 401) {
    await d.signedOut();
    search();
  } else if (unreachable(err)) {
    d.online = false;
  }
}

async function showConnection(note = '') {
  const pending = door ? await door.pending() : 0;
  const n = { n: formatNumber(pending) };
  let state;
  let text;
  if (door && door.needsLogin) {
    state = 'login';
    const said = !pending ? t('staff.checkin.ended')
      : pending === 1 ? t('staff.checkin.ended_pending.one', n) : t('staff.checkin.ended_pending.other', n);
    text = [`${said} `,
      h('a', { href: `/login?next=${encodeURIComponent(location.pathname + location.search)}` }, t('staff.checkin.sign_in_again'))];
  } else if (door && !door.online) {
    state = 'offline';
    text = !pending ? t('staff.checkin.offline')
      : pending === 1 ? t('staff.checkin.offline_pending.one', n) : t('staff.checkin.offline_pending.other', n);
  } else if (pending) {
    state = 'sending';
    text = pending === 1 ? t('staff.checkin.sending.one', n) : t('staff.checkin.sending.other', n);
  } else {
    state = 'online';
    text = t('staff.checkin.online');
  }
  // the live region changes only when what it says changes (no repeats every 15 s)
  const key = `${state}|${pending}|${note}`;
  if (banner.dataset.key !== key) {
    banner.dataset.key = key;
    banner.dataset.state = state;
    banner.dataset.pending = String(pending);
    replace(banner, text, note ? ` ${note}` : '');
  }
  const rows = door ? door.byId.size : 0;
  const kept = door && door.rosterAt
    && { n: formatNumber(rows), time: localParts(door.rosterAt, edition && edition.timezone).time };
  $('#lista').textContent = !kept ? t('staff.checkin.roster_missing')
    : rows === 1 ? t('staff.checkin.roster_kept.one', kept) : t('staff.checkin.roster_kept.other', kept);
}

function showCounter() {
  if (!stats) return;
  const checked = stats.checked_in + localExtra;
  const session = door && door.sessionId && (stats.by_session || []).find((x) => x.id === door.sessionId);
  $('#contador-valor').textContent = `${formatNumber(checked)} / ${formatNumber(stats.confirmed)}`;
  $('#contador-texto').textContent = session
    ? t('staff.checkin.counter_session', { n: formatNumber(session.checked_in) })
    : t('staff.checkin.counter_label');
  $('#contador-barra').style.width = `${percent(checked, stats.confirmed)}%`;
}

async function refreshCounter() {
  const d = door;
  if (!d || navigator.onLine === false) return;
  try {
    const fresh = await checkinStats(d.slug);
    if (door !== d) return;
    stats = fresh;
    localExtra = 0;
    d.noteAnswer();
    showCounter();
  } catch (err) {
    await noteFailure(err, d);
  }
}

/** Sends the queue and says what happened; refused entries go to the notices. */
async function sync() {
  const d = door;
  if (!d || navigator.onLine === false) return;
  const before = await d.pending();
  if (!before || door !== d) return;
  const { sent, refused } = await d.sync();
  if (door !== d) return;
  for (const { entry, message } of refused) {
    const at = localParts(entry.body.scanned_at, edition && edition.timezone).time;
    $('#avisos-lista').append(h('li', {},
      h('strong', {}, entry.name || entry.code), ' ', t('staff.checkin.refused_item', { code: entry.code, time: at, message })));
    $('#avisos').hidden = false;
  }
  const total = sent + refused.length;
  const counts = { n: formatNumber(total), refused: formatNumber(refused.length) };
  let note = '';
  if (refused.length) note = total === 1 ? t('staff.checkin.synced_refused.one', counts) : t('staff.checkin.synced_refused.other', counts);
  else if (sent) note = total === 1 ? t('staff.checkin.synced.one', counts) : t('staff.checkin.synced.other', counts);
  await showConnection(note);
  if (sent) await refreshCounter();
}

/** The 15-second round: counts, the feed, the queue. */
async function tick() {
  const d = door;
  if (!d) return;
  await refreshCounter();
  if (door !== d) return;
  if (d.online && navigator.onLine !== false) {
    try { await d.pollFeed(); } catch (err) { await noteFailure(err, d); }
    if (door !== d) return;
    await sync();
  }
  if (door === d) await showConnection();
}

/** The 60-second round: the roster (and key) for offline checks. */
async function refreshRoster() {
  const d = door;
  if (!d || d.needsLogin || navigator.onLine === false) return;
  try {
    await d.refreshKey();
    await d.refreshRoster();
    if (door === d) search();
  } catch (err) {
    await noteFailure(err, d);
  }
  if (door === d) await showConnection();
}

/**
 * Runs a background round, the connection line marked meanwhile: data-round="running" while any
 * round is under way, "idle" once none is (what a check of the line after a round waits for).
 */
let roundsRunning = 0;
async function inRound(round) {
  roundsRunning++;
  banner.dataset.round = 'running';
  try {
    await round();
  } finally {
    roundsRunning--;
    if (!roundsRunning) banner.dataset.round = 'idle';
  }
}

window.addEventListener('online', () => {
  if (door) door.online = true;
  inRound(() => refreshRoster().then(tick));
});
window.addEventListener('offline', () => { if (door) door.online = false; showConnection(); });
setInterval(() => inRound(tick), STATS_EVERY_MS);
setInterval(() => inRound(refreshRoster), ROSTER_EVERY_MS);

/* ---------- scanning ---------- */

async function handle(text, { fromCamera = false } = {}) {
  const d = door;
  if (!d) return;
  const outcome = await d.scan(text);
  if (!outcome || door !== d) return;
  if (outcome.tone === 'ok' && outcome.offline) localExtra += d.sessionId ? 0 : 1;
  showResult(result, outcome, { timeZone: edition.timezone, code: classify(text).value });
  result.scrollIntoView({ block: 'nearest' }); // a check-in from the search list, far below: show its answer
  beep(outcome.tone);
  showCounter();
  search();
  await showConnection();
  if (outcome.tone !== 'error' && !outcome.offline) refreshCounter();
  // after a camera read on a touch screen the field keeps away: its keyboard would cover the picture
  const touch = matchMedia('(pointer: coarse)').matches;
  if (!fromCamera || (!touch && document.activeElement === document.body)) refocus({ force: true });
}

const enqueue = (text, options) => {
  chain = chain.then(() => handle(text, options)).catch((err) => {
    announce(status, t('staff.checkin.scan_failed', { error: describeError(err) }), 'error');
  });
  return chain;
};

$('#escanear-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = input.value;
  input.value = '';
  input.focus();
  if (text.trim()) enqueue(text);
});

/* ---------- camera ---------- */

const cameraButton = $('#camara-boton');
const cameraStatus = $('#camara-estado');
const video = $('#camara-video');
const camera = new Camera({ video, onCode: (text) => enqueue(text, { fromCamera: true }) });
const CAMERA_PROBLEM = {
  insecure: t('staff.checkin.camera_insecure'),
  no_api: t('staff.checkin.camera_no_api'),
  denied: t('staff.checkin.camera_denied'),
  no_camera: t('staff.checkin.camera_none'),
  busy: t('staff.checkin.camera_busy'),
  no_reader: t('staff.checkin.camera_no_reader'),
  failed: t('staff.checkin.camera_failed'),
};

function showCamera(on) {
  cameraButton.textContent = on ? t('staff.checkin.camera_stop') : t('staff.checkin.camera_start');
  cameraButton.setAttribute('aria-pressed', String(on));
  video.hidden = !on;
}

const can = support();
if (!can.ok) {
  cameraButton.disabled = true;
  cameraStatus.textContent = CAMERA_PROBLEM[can.reason];
  cameraStatus.dataset.tone = 'error';
}
cameraButton.addEventListener('click', async () => {
  if (camera.running) {
    camera.stop();
    showCamera(false);
    cameraStatus.textContent = t('staff.checkin.camera_stopped');
    return;
  }
  cameraStatus.textContent = t('staff.checkin.camera_starting');
  delete cameraStatus.dataset.tone;
  try {
    await camera.start();
    showCamera(true);
    cameraStatus.textContent = t('staff.checkin.camera_on');
  } catch (err) {
    showCamera(false);
    cameraStatus.textContent = CAMERA_PROBLEM[cameraProblem(err)];
    cameraStatus.dataset.tone = 'error';
  }
});
document.addEventListener('visibilitychange', () => {
  if (document.hidden && camera.running) {
    camera.stop();
    showCamera(false);
    cameraStatus.textContent = t('staff.checkin.camera_stopped_hidden');
  }
});

/* ---------- search by name ---------- */

const searchInput = $('#buscar');
const MAX_MATCHES = 20;

function match(row) {
  const seen = door.marks.has(row.code) || (!door.sessionId && row.checked_in);
  const name = h('span', { class: 'door-match-name', id: `persona-${row.code}` }, row.full_name);
  return h('li', { class: 'door-match' },
    h('div', {},
      h('p', {}, name),
      h('p', { class: 'door-match-sub' },
        [row.organization, label(ATTENDEE_TYPE, row.attendee_type), h('span', { class: 'cell-code' }, row.code)]
          .filter(Boolean).flatMap((x, i) => (i ? [' · ', x] : [x]))),
      row.status !== 'confirmed' ? h('p', {}, h('span', { class: `badge badge-reg badge-reg-${row.status}` }, label(REGISTRATION_STATUS, row.status))) : null,
      seen ? h('p', { class: 'door-match-seen' }, t('staff.checkin.match_seen')) : null),
    h('button', {
      type: 'button', class: 'button button-small', 'aria-describedby': `persona-${row.code}`,
      onclick: () => { enqueue(row.code); },
    }, t('staff.checkin.match_check_in')));
}

function search() {
  const q = searchInput.value.trim();
  const list = $('#buscar-resultados');
  if (!door || q.length < 2) {
    replace(list);
    $('#buscar-estado').textContent = q && door ? t('staff.checkin.search_short') : '';
    return;
  }
  if (!door.rosterAt) {
    replace(list);
    $('#buscar-estado').textContent = t('staff.checkin.search_no_roster');
    return;
  }
  const found = door.search(q);
  replace(list, found.slice(0, MAX_MATCHES).map(match));
  $('#buscar-estado').textContent = found.length === 0 ? t('staff.checkin.search_none')
    : found.length > MAX_MATCHES ? t('staff.checkin.search_many', { n: formatNumber(found.length), shown: MAX_MATCHES })
      : found.length === 1 ? t('staff.checkin.search_found.one') : t('staff.checkin.search_found.other', { n: found.length });
}
searchInput.addEventListener('input', search);

/* ---------- settings: edition, session door, device ---------- */

const editionSelect = $('#ajuste-edicion');
const sessionSelect = $('#ajuste-sesion');
const deviceInput = $('#ajuste-dispositivo');
const soundBox = $('#ajuste-sonido');

function summary() {
  const s = door && door.sessionId && sessionList.find((x) => x.id === door.sessionId);
  $('#ajustes-resumen').textContent = [edition ? editionName(edition) : '', s ? `${sessionLabel(s)}: ${s.title}` : t('staff.checkin.general_door'),
    deviceInput.value.trim() || t('staff.checkin.device_unnamed')].filter(Boolean).join(' · ');
}

async function loadSessions() {
  sessionList = [];
  try { sessionList = (await listSessions(edition.slug)).filter((s) => s.kind !== 'break'); } catch { /* general door only */ }
  const want = Number(saved.get(KEYS.session(edition.slug))) || 0;
  replace(sessionSelect,
    h('option', { value: '' }, t('staff.checkin.general_door_option')),
    sessionList.map((s) => h('option', { value: s.id, selected: s.id === want },
      `${sessionLabel(s)}: ${s.title} (${formatTimeRange(s.starts_at, s.ends_at, edition.timezone)})`)));
  return sessionList.some((s) => s.id === want) ? want : null;
}

/**
 * Sets up the door for the chosen edition: cached data first, then the server's. shown(), when
 * given, is called once the scanner has its first state drawn (before the network rounds), so the
 * page reveals it whole instead of growing under the reader's eyes.
 */
async function openDoor(shown) {
  camera.last = { text: '', at: 0 };
  setTitle(t('staff.checkin.title_edition', { edition: editionName(edition) }));
  $('#titulo-edicion').textContent = editionName(edition);
  showAdminNav(role, edition.slug);
  const sessionId = await loadSessions();
  const d = new Door({ slug: edition.slug, device: deviceInput.value.trim(), sessionId });
  door = d;
  await d.load();
  if (door !== d) return;
  stats = null;
  localExtra = 0;
  $('#contador-valor').textContent = '—';
  summary();
  if (shown) {
    await showConnection();
    showIdle(result, d.ready ? t('staff.checkin.ready') : t('staff.checkin.ready_online_only'));
    shown();
  }
  await Promise.all([refreshRoster(), refreshCounter()]);
  if (door !== d) return;
  try { await d.pollFeed(); } catch { /* later */ }
  await sync();
  if (door !== d) return;
  await showConnection();
  search();
  showIdle(result, d.ready ? t('staff.checkin.ready') : t('staff.checkin.ready_online_only'));
}

editionSelect.addEventListener('change', async () => {
  edition = editions.find((e) => e.slug === editionSelect.value) || edition;
  saved.set(KEYS.edition, edition.slug);
  const url = new URL(location.href);
  url.searchParams.set('e', edition.slug);
  history.replaceState(null, '', url);
  await openDoor();
});
sessionSelect.addEventListener('change', async () => {
  saved.set(KEYS.session(edition.slug), sessionSelect.value);
  await openDoor();
});
deviceInput.addEventListener('change', () => {
  const name = deviceInput.value.trim();
  saved.set(KEYS.device, name);
  if (door) door.device = name;
  summary();
});
soundBox.addEventListener('change', () => {
  setSound(soundBox.checked);
  saved.set(KEYS.sound, soundBox.checked ? '' : 'off');
});
// chosen once (a setting changed, or the panel folded): from the next visit on it opens folded
const settle = () => saved.set(KEYS.settled, '1');
$('#ajustes-form').addEventListener('change', settle);
$('#ajustes').addEventListener('toggle', () => { if (!$('#ajustes').open) settle(); });

/* ---------- signing out: nothing of the roster stays on the phone ---------- */

const unsentWarning = (n) => (n === 1 ? t('staff.checkin.unsent_warning.one')
  : t('staff.checkin.unsent_warning.other', { n: formatNumber(n) }));
let signingOut = false;

/**
 * Before "Cerrar sesión" (admin-session.js): sends the queued scans; if some cannot be sent,
 * says so and goes on only if staff confirms; then stops the door and erases the device's
 * store. → false to stay signed in.
 */
async function beforeSignOut() {
  if (signingOut) return false;
  signingOut = true;
  try {
    if (door && !door.needsLogin && (await door.pending())) {
      announce(status, t('staff.checkin.sending_pending'));
      await sync();
    }
    const left = await (await openStore()).queueLength();
    if (left && !window.confirm(unsentWarning(left))) {
      announce(status, t('staff.checkin.signout_kept'));
      return false;
    }
    closeDoor();
    await eraseStore();
    announce(status, t('staff.checkin.signout_erased'));
    return true;
  } finally {
    signingOut = false;
  }
}

/** Stops scanning and takes the roster off the page (before the device's store is erased). */
function closeDoor() {
  door = null;
  if (camera.running) camera.stop();
  $('#escaner').hidden = true;
  replace($('#buscar-resultados'));
}

/** The session was found ended when the page opened: the roster goes before the login form. */
async function forgetRoster() {
  try { await (await openStore()).forgetRoster(); } catch { /* nothing kept */ }
}

/* ---------- start ---------- */

async function start() {
  const user = await startSession(status, { beforeSignOut, onExpired: forgetRoster });
  if (!user) return;
  role = user.role;
  announce(status, t('staff.checkin.preparing'));
  try {
    editions = await listEditions();
  } catch (err) {
    announce(status, t('staff.checkin.editions_failed', { error: describeError(err) }), 'error');
    return;
  }
  const wanted = new URLSearchParams(location.search).get('e') || saved.get(KEYS.edition);
  edition = defaultEdition(editions, wanted);
  if (!edition) {
    announce(status, t('staff.checkin.no_editions'), 'error');
    return;
  }
  replace(editionSelect, editions.map((e) => h('option', { value: e.slug, selected: e.slug === edition.slug }, editionName(e))));
  deviceInput.value = saved.get(KEYS.device) || newDeviceName();
  saved.set(KEYS.device, deviceInput.value); // drawn once, kept for the next visits
  $('#ajustes').open = !saved.get(KEYS.settled); // the first time: show what can be set
  soundBox.checked = saved.get(KEYS.sound) !== 'off';
  setSound(soundBox.checked);
  const reveal = () => {
    if (!$('#escaner').hidden) return;
    announce(status, '');
    $('#escaner').hidden = false;
    refocus({ force: true });
  };
  try {
    await openDoor(reveal);
  } finally {
    reveal(); // also when opening stopped early: the scanner takes typed codes whatever happened
  }
}

start();
