// checkin-result.js — the door's answer as people read it at arm's length: green "BIENVENIDO/A"
// with the name, organization and role; amber "YA REGISTRADO" with when and at which door;
// red with the reason (DOOR_REFUSAL in labels.js); in the page's language. A symbol repeats the
// colour's meaning for whoever cannot tell the colours apart. The box is the page's live region.
import { h, replace } from './dom.js';
import { localParts } from './format.js';
import { ATTENDEE_TYPE, DOOR_REFUSAL, label } from './labels.js';
import { LOCALE, t } from './i18n.js';

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k] || '');
/** The time now on the edition's clock: "09:41:07". */
const clock = (timeZone) => {
  try {
    return new Date().toLocaleTimeString(LOCALE, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    return new Date().toLocaleTimeString(LOCALE, { hourCycle: 'h23' });
  }
};

/** "Ingresó a las 09:41 en puerta-2" / "Ingresó a las 09:41" / "Ya había ingresado antes" — when and where someone was first seen. */
export function firstSeen(at, device, timeZone) {
  const time = at ? localParts(at, timeZone).time : '';
  if (!time) return device ? t('staff.checkin.seen_device', { device }) : t('staff.checkin.seen_before');
  return device ? t('staff.checkin.seen_time_device', { time, device }) : t('staff.checkin.seen_time', { time });
}

/** The title and sentence of a refusal outcome. */
export function refusal(outcome, code = '') {
  const r = DOOR_REFUSAL[outcome.reason] || DOOR_REFUSAL.rejected;
  const name = (outcome.person && outcome.person.full_name) || t('staff.checkin.refusal_someone');
  let text = fill(r.text, { name, code: (outcome.person && outcome.person.code) || code || '' });
  if (outcome.reason === 'rejected' && outcome.message) text = `${text} ${outcome.message}`;
  if (outcome.reason === 'unknown_code' && outcome.offline) text = `${text} ${t('staff.checkin.refusal_offline_list')}`;
  return { title: r.title.toLocaleUpperCase(LOCALE), text };
}

/** Writes the outcome into the result box (its data-tone colours it). */
export function showResult(box, outcome, { timeZone, code = '' } = {}) {
  const p = outcome.person;
  const who = p ? [
    h('p', { class: 'door-result-name' }, p.full_name),
    p.organization ? h('p', { class: 'door-result-org' }, p.organization) : null,
    p.attendee_type ? h('p', { class: 'door-result-role' }, label(ATTENDEE_TYPE, p.attendee_type)) : null,
  ] : null;
  const stamp = h('p', { class: 'door-result-stamp' }, [
    t('staff.checkin.stamp_time', { time: clock(timeZone) }),
    p && p.code ? t('staff.checkin.stamp_code', { code: p.code }) : '',
    outcome.offline ? t('staff.checkin.stamp_offline') : '',
  ].filter(Boolean).join(' · '));
  let body;
  if (outcome.tone === 'ok') {
    body = [h('p', { class: 'door-result-title' }, h('span', { class: 'door-result-icon', 'aria-hidden': 'true' }, '✓'), t('staff.checkin.result_welcome')), who];
  } else if (outcome.tone === 'already') {
    body = [h('p', { class: 'door-result-title' }, h('span', { class: 'door-result-icon', 'aria-hidden': 'true' }, '!'), t('staff.checkin.result_already')),
      h('p', { class: 'door-result-when' }, firstSeen(outcome.at, outcome.device, timeZone)),
      who];
  } else {
    const r = refusal(outcome, code);
    body = [h('p', { class: 'door-result-title' }, h('span', { class: 'door-result-icon', 'aria-hidden': 'true' }, '✕'), r.title),
      p ? h('p', { class: 'door-result-name' }, p.full_name) : null,
      h('p', { class: 'door-result-reason' }, r.text)];
  }
  box.dataset.tone = outcome.tone;
  box.dataset.count = String((Number(box.dataset.count) || 0) + 1); // one more answer shown
  replace(box, body, stamp);
}

/** The box at rest, before the first scan. */
export function showIdle(box, text = t('staff.checkin.ready')) {
  box.dataset.tone = 'idle';
  replace(box, h('p', { class: 'door-result-idle' }, text));
}
