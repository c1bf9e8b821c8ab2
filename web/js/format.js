// format.js — Spanish dates and times for every page. Dates ("2024-11-25") are calendar days,
// formatted without any time zone shift. Instants ("2024-11-25T09:30:00-05:00") are shown
// with the clock time written in their own offset, which the server sets to the edition's
// zone; an instant in UTC ("…Z") is converted with the edition's IANA zone instead.
// Also numbers and file sizes (formatBytes).

const LOCALE = 'es-EC';
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

/** "2024-11-25" → "25 de noviembre de 2024". */
export function formatDate(s) {
  const p = parseDate(s);
  return p ? `${p.d} de ${monthName(p)} de ${p.y}` : String(s ?? '');
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
  if (a.y === b.y && a.m === b.m) return `${a.d}–${b.d} de ${monthName(a)} de ${a.y}`;
  if (a.y === b.y) return `${a.d} de ${monthName(a)} – ${b.d} de ${monthName(b)} de ${a.y}`;
  return `${formatDate(start)} – ${formatDate(end)}`;
}

/** "2024-11-25" → "Lunes 25 de noviembre". */
export function formatDay(s) {
  const p = parseDate(s);
  return p ? capitalize(`${weekdayFmt.format(utc(p))} ${p.d} de ${monthName(p)}`) : String(s ?? '');
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

/** (starts_at, ends_at) → "09:30–11:30". */
export function formatTimeRange(start, end, timeZone) {
  const a = localParts(start, timeZone).time;
  const b = localParts(end, timeZone).time;
  return b && b !== a ? `${a}–${b}` : a;
}

/** An instant → "25 de noviembre de 2024, 09:30" (in its own offset, or timeZone for "…Z"). */
export function formatDateTime(iso, timeZone) {
  const { date, time } = localParts(iso, timeZone);
  return date ? `${formatDate(date)}, ${time}` : '';
}

/** An instant → "25/11/2024 09:30", for tables. */
export function formatDateTimeShort(iso, timeZone) {
  const { date, time } = localParts(iso, timeZone);
  const p = parseDate(date);
  return p ? `${String(p.d).padStart(2, '0')}/${String(p.m).padStart(2, '0')}/${p.y} ${time}` : '';
}

/** Today's date as "YYYY-MM-DD" in the given zone (to tell upcoming from past editions). */
export function today(timeZone = 'America/Guayaquil') {
  return localParts(new Date().toISOString(), timeZone).date;
}

/** 1234 → "1234" with Spanish grouping ("1.234"). */
export const formatNumber = (n) => new Intl.NumberFormat(LOCALE).format(n);

/** A file size for people: 175616 → "176 kB", 2400000 → "2,4 MB" (decimal units). */
export function formatBytes(n) {
  const bytes = Number(n) || 0;
  if (bytes < 1000) return `${formatNumber(bytes)} B`;
  const mb = bytes >= 999_500;
  const value = mb ? bytes / 1e6 : bytes / 1e3;
  return `${new Intl.NumberFormat(LOCALE, { maximumFractionDigits: mb && value < 10 ? 1 : 0 }).format(value)} ${mb ? 'MB' : 'kB'}`;
}
