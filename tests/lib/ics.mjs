// ics.mjs — reading an iCalendar export the way the tests need it: unfolding, the VEVENT blocks
// and their property values, TEXT escaping, and the check that every line ends CRLF and is folded
// at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1).
import assert from 'node:assert/strict';

export const unfold = (ics) => ics.replace(/\r\n /g, '');
export const icsEscape = (s) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
export const vevents = (ics) => unfold(ics).split('BEGIN:VEVENT\r\n').slice(1).map((b) => b.split('END:VEVENT\r\n')[0]);
/** The value of the first property called name (without parameters) in an unfolded block. */
export const prop = (block, name) => block.split('\r\n').find((l) => l.startsWith(name + ':'))?.slice(name.length + 1);

export function assertIcsLines(ics) {
  assert.ok(ics.endsWith('\r\n'), 'ends with CRLF');
  assert.doesNotMatch(ics, /\r(?!\n)/, 'no bare CR');
  assert.doesNotMatch(ics, /(?<!\r)\n/, 'no bare LF');
  for (const line of ics.slice(0, -2).split('\r\n')) {
    const octets = Buffer.byteLength(line, 'utf8');
    assert.ok(octets <= 75, `line of ${octets} octets: ${line}`);
    assert.ok(!line.includes('\uFFFD'), `a fold split a UTF-8 sequence: ${line}`);
  }
}
