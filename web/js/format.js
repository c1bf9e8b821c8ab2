// format.js — dates and times for every page, in the page's language (i18n.js): "20–21 de
// noviembre de 2025" or "20–21 November 2025", always on a 24-hour clock; the patterns are the
// catalogue's "date.*" texts. Dates ("2024-11-25") are calendar days,
// formatted without any time zone shift. Instants ("2024-11-25T09:30:00-05:00") are shown
// with the clock time written in their own offset, which the server sets to the edition's
// zone; an instant in UTC ("…Z") is converted with the edition's IANA zone instead.
// Also the name and UTC offset of an edition's zone (zoneLabel), numbers and file sizes (formatBytes),
// and sessions grouped by their local day (byDay).

import { LOCALE, t } from './i18n.js';

const monthFmt = new Intl.DateTimeFormat(LOCALE, { month: 'long', timeZone: 'UTC' });
const weekdayFmt = new Intl.DateTimeFormat(LOCALE, { weekday: 'long', timeZone: 'UTC' });

/** "2024-11-25" → {y, m, d} or null. */
export function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s ?? ''));
  return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
}

const utc = ({ y, m, d }) => new Date(Date.UTC(y, m - 1, d));
const monthName = (p) => monthFmt.format(utc(p));
const capitalize = (s) => s.charAt(0).toLocaleUpperCase(LOCALE) + s.slice(1);

/** A date pattern of the catalogue with the parts of one or two dates: {d1} {m1} {y1} {d2} {m2} {y2} {w1}. */
const fill = (key, a, b = a) => t(`date.${key}`, {
  d1: a.d, m1: monthName(a), y1: a.y, w1: weekdayFmt.format(utc(a)), d2: b.d, m2: monthName(b), y2: b.y,
});

/** "2024-11-25" → "25 de noviembre de 2024" ("25 November 2024"). */
export function formatDate(s) {
  const p = parseDate(s);
  return p ? fill('day', p) : String(s ?? '');
}

/**
 * ("2024-11-25", "2024-11-26") → "25–26 de noviembre de 2024";
 * across months "30 de noviembre – 2 de diciembre de 2025"; across years both in full.
 */
export function formatDateRange(start, end) {
  const a = parseDate(start);
  const b = parseDate(end);
  if (!a) return String(start ?? '');
  if (!b || (a.y === b.y && a.m === b.m && a.d === b.d)) return formatDate(start);
  if (a.y === b.y && a.m === b.m) return fill('range_same_month', a, b);
  if (a.y === b.y) return fill('range_same_year', a, b);
  return fill('range', a, b);
}

/** "2024-11-25" → "Lunes 25 de noviembre" ("Monday 25 November"). */
export function formatDay(s) {
  const p = parseDate(s);
  return p ? capitalize(fill('weekday', p)) : String(s ?? '');
}

/**
 * The local calendar date and clock time of an instant: {date: "2024-11-25", time: "09:30"}.
 * Uses the offset written in the string; a "Z" instant is converted with timeZone.
 */
export function localParts(iso, timeZone = 'America/Guayaquil') {
  const s = String(iso ?? '');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})$/.exec(s);
  if (m) return { date: m[1], time: `${m[2]}:${m[3]}` };
  const when = new Date(s);
  if (Number.isNaN(when.getTime())) return { date: '', time: '' };
  const parts = {};
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  for (const { type, value } of fmt.formatToParts(when)) parts[type] = value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Sessions by local day in timeZone ("YYYY-MM-DD" → sessions by start, then id), days in order. */
export function byDay(sessions, timeZone) {
  const days = new Map();
  const sorted = [...sessions].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.id - b.id);
  for (const s of sorted) {
    const day = localParts(s.starts_at, timeZone).date;
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(s);
  }
  return days;
}

/**
 * A complete 24-hour time as minutes after midnight, else null: "14:30", "9:30", "14.30",
 * "14h30" and "1430" (a phone's number pad has no colon). Partial input ("1", "14:", "14:3")
 * is not a time yet.
 */
export function parseClock(text) {
  const m = /^\s*(?:(\d{1,2})[:.h](\d{2})|(\d{2})(\d{2}))\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  const hours = Number(m[1] ?? m[3]);
  const minutes = Number(m[2] ?? m[4]);
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : null;
}

/** Minutes after midnight → "09:05" (wrapping past midnight). */
export function formatClock(minutes) {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * A local date and 24-hour time typed as "2025-11-20 14:30" (or with a "T", or any time
 * parseClock reads) → "2025-11-20T14:30"; null when it is not a real date and time.
 */
export function parseLocalDateTime(text) {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:\s+|T)(\S+)\s*$/.exec(String(text ?? ''));
  if (!m) return null;
  const minutes = parseClock(m[4]);
  const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (minutes === null || day.getUTCMonth() !== +m[2] - 1 || day.getUTCDate() !== +m[3]) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${formatClock(minutes)}`;
}

/** Zones whose readable name says more than the browser's ("hora de Ecuador" is also Galápagos'). */
const ZONE_NAMES = { 'America/Guayaquil': t('zone.guayaquil'), 'Pacific/Galapagos': t('zone.galapagos') };

/**
 * Which clock an edition's times are on, at the instant `at`: "Ecuador continental (UTC−05:00)";
 * a zone not in ZONE_NAMES gets the browser's Spanish name ("hora de Colombia (UTC−05:00)").
 */
export function zoneLabel(timeZone, at = new Date()) {
  const part = (options) => {
    try {
      return new Intl.DateTimeFormat(LOCALE, { timeZone, ...options }).formatToParts(new Date(at))
        .find((x) => x.type === 'timeZoneName').value;
    } catch {
      return '';
    }
  };
  const offset = part({ timeZoneName: 'longOffset' }).replace(/^GMT$/, 'GMT+00:00').replace('GMT', 'UTC').replace('-', '−');
  const name = ZONE_NAMES[timeZone] || part({ timeZoneName: 'long' }) || timeZone;
  return offset ? `${name} (${offset})` : name;
}

/** (starts_at, ends_at) → "09:30–11:30". */
export function formatTimeRange(start, end, timeZone) {
  const a = localParts(start, timeZone).time;
  const b = localParts(end, timeZone).time;
  return b && b !== a ? `${a}–${b}` : a;
}

/** An instant → "25 de noviembre de 2024, 09:30" (in its own offset, or timeZone for "…Z"). */
export function formatDateTime(iso, timeZone) {
  const { date, time } = localParts(iso, timeZone);
  return date ? t('date.at_time', { date: formatDate(date), time }) : '';
}

/** An instant → "25/11/2024 09:30", for tables. */
export function formatDateTimeShort(iso, timeZone) {
  const { date, time } = localParts(iso, timeZone);
  const p = parseDate(date);
  return p ? `${String(p.d).padStart(2, '0')}/${String(p.m).padStart(2, '0')}/${p.y} ${time}` : ''; // day first in both languages
}

/** Today's date as "YYYY-MM-DD" in the given zone (to tell upcoming from past editions). */
export function today(timeZone = 'America/Guayaquil') {
  return localParts(new Date().toISOString(), timeZone).date;
}

/** 1234 → "1234" grouped the page's language's way ("1.234", "1,234"). */
export const formatNumber = (n) => new Intl.NumberFormat(LOCALE).format(n);

/** A file size for people: 175616 → "176 kB", 2400000 → "2,4 MB" (decimal units). */
export function formatBytes(n) {
  const bytes = Number(n) || 0;
  if (bytes < 1000) return `${formatNumber(bytes)} B`;
  const mb = bytes >= 999_500;
  const value = mb ? bytes / 1e6 : bytes / 1e3;
  return `${new Intl.NumberFormat(LOCALE, { maximumFractionDigits: mb && value < 10 ? 1 : 0 }).format(value)} ${mb ? 'MB' : 'kB'}`;
}
