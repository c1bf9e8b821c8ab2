// registration-state.js — why an edition takes public sign-ups or not, said in the page's language for the
// home, edition, sign-up and admin pages. It reads what the API computes with its one rule
// (server/reg_window.c): ended, registration_open, registration_closed_reason and the window
// (registration_opens_at / registration_closes_at, instants in the edition's zone).
import { formatDate, formatDateTime } from './format.js';
import { EDITION_BADGE, label } from './labels.js';
import { LOCALE, t } from './i18n.js';

/** "Terminó el 21 de noviembre de 2025". */
const ended = (e) => t('state.ended_on', { date: formatDate(e.ends_on) });
/** "Estado: borrador". */
const statusLine = (e) => t('state.status', { status: label(EDITION_BADGE, e.status).toLocaleLowerCase(LOCALE) });

/** The status badge of an edition as the public sees it: an ended edition never says "Inscripciones abiertas". */
export function editionBadge(e) {
  if (e.ended) return { tone: 'archived', text: t('edition_badge.archived') };
  if (e.status === 'open' && !e.registration_open) {
    return e.registration_closed_reason === 'not_yet_open'
      ? { tone: 'closed', text: t('state.soon') }
      : { tone: 'closed', text: t('edition_badge.closed') };
  }
  return { tone: e.status, text: label(EDITION_BADGE, e.status) };
}

/**
 * Why public sign-up is closed: {reason, title, text}, or null while it is open. reason is the
 * API's registration_closed_reason ("status", "ended", "not_yet_open", "window_closed").
 */
export function closedExplanation(e) {
  if (e.registration_open) return null;
  const reason = e.registration_closed_reason || 'status';
  switch (reason) {
    case 'ended':
      return { reason, title: t('state.ended_title'), text: `${ended(e)}. ${t('state.no_more')}` };
    case 'not_yet_open':
      return { reason, title: t('state.not_yet_title'),
        text: t('state.opens_at', { when: formatDateTime(e.registration_opens_at, e.timezone) }) };
    case 'window_closed':
      return { reason, title: t('state.closed_title'),
        text: t('state.closed_at', { when: formatDateTime(e.registration_closes_at, e.timezone) }) };
    default:
      if (e.ended) return { reason: 'ended', title: t('state.ended_title'), text: `${ended(e)}.` };
      return { reason, title: t('state.closed_title'), text: `${statusLine(e)}.` };
  }
}

/** One line for organizers: why the edition is closed to the public (null while it is open). */
export function organizerExplanation(e) {
  if (e.registration_open) return null;
  if (e.ended) return ended(e);
  if (e.registration_closed_reason === 'status') return statusLine(e);
  return closedExplanation(e).text;
}
