// admin-programme-grid.js — the "Vista por salas" of the organizers' programme page: one CSS
// grid per day, a column per room (plus "Sin sala" when needed) and a row per time slot, a
// slot being the stretch between two consecutive start or end times of that day, so a session
// spans exactly its rows. Placement uses the classes sg-c{column}, sg-r{row} and sg-s{span}
// of site.css (no inline styles under the CSP), hence the limits below; a day past them, and
// every day on a phone, reads as a list (the cards come in time order). Two sessions of one
// room at the same time take two lanes of that room and are marked as a clash.
import { h, replace } from './dom.js';
import { byDay, formatDay, localParts } from './format.js';
import { KIND, label } from './labels.js';
import { prog, timeRange, zone } from './admin-programme-shared.js';
import { sessionHeading } from './admin-programme-sessions.js';
import { t } from './i18n.js';

/** Columns and slots that site.css has classes for. */
export const MAX_COLUMNS = 12;
export const MAX_SLOTS = 40;

/** Minutes since the start of `day` (a session may end after midnight). */
function minutes(iso, day) {
  const { date, time } = localParts(iso, zone());
  const [hh, mm] = time.split(':').map(Number);
  const days = Math.round((Date.parse(`${date}T00:00Z`) - Date.parse(`${day}T00:00Z`)) / 86400000);
  return days * 1440 + hh * 60 + mm;
}

const clock = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * The columns of a day: each room (in the edition's order) split into lanes so that no lane
 * holds two overlapping sessions; sessions without a room go to "Sin sala" lanes.
 */
function lanes(list, day) {
  const groups = prog.rooms.map((r) => ({ key: r.id, name: r.name, items: [] }));
  const none = { key: 'none', name: t('staff.programme.no_room'), items: [] };
  for (const s of list) {
    const g = s.room ? groups.find((x) => x.key === s.room.id) : null;
    if (g) g.items.push(s);
    else if (s.room) groups.push({ key: s.room.id, name: s.room.name, items: [s] });
    else none.items.push(s);
  }
  if (none.items.length) groups.push(none);
  const columns = [];
  for (const g of groups) {
    const laneEnds = [];
    const placed = [];
    for (const s of g.items) {
      const a = minutes(s.starts_at, day);
      const b = minutes(s.ends_at, day);
      let lane = laneEnds.findIndex((end) => end <= a);
      if (lane < 0) { lane = laneEnds.length; laneEnds.push(b); } else laneEnds[lane] = b;
      placed.push({ s, a, b, lane });
    }
    const count = Math.max(1, laneEnds.length);
    const clash = g.key !== 'none' && count > 1;
    for (let lane = 0; lane < count; lane++) {
      columns.push({
        name: g.name, more: lane > 0, clash,
        items: placed.filter((p) => p.lane === lane).map((p) => ({ ...p, clash: clash && overlaps(p, placed) })),
      });
    }
  }
  return columns;
}

const overlaps = (p, all) => all.some((q) => q !== p && q.a < p.b && p.a < q.b);

function card(item, column) {
  const s = item.s;
  const people = (s.participants || []).length;
  return h('div', { class: `sg-card sg-kind-${s.kind}${item.clash ? ' is-clash' : ''}`, 'data-session': s.id },
    h('p', { class: 'sg-card-time' }, timeRange(s)),
    h('button', { type: 'button', class: 'sg-card-title', 'data-session': s.id, onclick: (ev) => prog.openSession(s.id, ev.currentTarget) },
      h('span', { class: 'visually-hidden' }, t('staff.programme.grid.edit_hidden')), sessionHeading(s)),
    h('p', { class: 'sg-card-meta' }, label(KIND, s.kind),
      people ? ` · ${people === 1 ? t('staff.programme.grid.participants.one') : t('staff.programme.grid.participants.other', { n: people })}` : ''),
    h('p', { class: 'sg-card-room' }, h('span', { class: 'visually-hidden' }, t('staff.programme.grid.room_hidden')), column.name),
    item.clash ? h('p', { class: 'sg-card-clash' }, t('staff.programme.grid.clash')) : null);
}

/** One day's grid, or null when it needs more columns or slots than the CSS provides. */
function dayGrid(day, list) {
  const columns = lanes(list, day);
  const bounds = [...new Set(list.flatMap((s) => [minutes(s.starts_at, day), minutes(s.ends_at, day)]))].sort((a, b) => a - b);
  const slots = bounds.length - 1;
  if (columns.length > MAX_COLUMNS || slots > MAX_SLOTS || slots < 1) return null;
  const row = (m) => bounds.indexOf(m) + 2; // line 1 is the header row
  const cells = [h('div', { class: 'sg-corner sg-c1 sg-r1 sg-s1', 'aria-hidden': 'true' })];
  columns.forEach((c, i) => cells.push(h('div', { class: `sg-head sg-c${i + 2} sg-r1 sg-s1`, 'aria-hidden': 'true' },
    c.more ? t('staff.programme.grid.second_lane', { room: c.name }) : c.name)));
  // Row by row, so that the document order (and the list on a phone) is the time order.
  for (let r = 0; r < slots; r++) {
    cells.push(h('div', { class: `sg-time sg-c1 sg-r${r + 2} sg-s1`, 'aria-hidden': 'true' }, clock(bounds[r])));
    columns.forEach((c, i) => {
      const starting = c.items.find((it) => row(it.a) === r + 2);
      const covered = c.items.some((it) => row(it.a) <= r + 2 && row(it.b) > r + 2);
      if (starting) {
        const el = card(starting, c);
        el.classList.add(`sg-c${i + 2}`, `sg-r${r + 2}`, `sg-s${row(starting.b) - row(starting.a)}`);
        cells.push(el);
      } else if (!covered) {
        cells.push(h('div', { class: `sg-empty sg-c${i + 2} sg-r${r + 2} sg-s1`, 'aria-hidden': 'true' }));
      }
    });
  }
  return h('div', { class: 'sched-grid' }, cells);
}

/** A plain list of the day's cards, for a day the grid cannot hold. */
function dayList(list) {
  return h('div', { class: 'sched-grid sched-list' },
    h('p', { class: 'hint' }, t('staff.programme.grid.as_list')),
    list.map((s) => card({ s, clash: false }, { name: s.room ? s.room.name : t('staff.programme.no_room') })));
}

/** Draws every day into #cuadricula-dias. */
export function renderGrid(container) {
  const days = byDay(prog.sessions, zone());
  if (!days.size) {
    replace(container, h('p', { class: 'empty-note' }, t('staff.programme.grid.empty')));
    return;
  }
  replace(container, [...days].map(([day, list]) => {
    const id = `cuadricula-${day}`;
    const grid = dayGrid(day, list) || dayList(list);
    // No name on the section: the day's region is the list's, above. The scroller is a named group, focusable to scroll.
    return h('section', { class: 'sched-day' },
      h('h3', { id, class: 'day-title' }, formatDay(day)),
      h('div', { class: 'sched-scroll', role: 'group', 'aria-labelledby': id, tabindex: '0' }, grid));
  }));
}
