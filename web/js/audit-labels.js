// audit-labels.js — the audit log in words (admin-audit.js): each action code of the server as a
// short phrase in the page's language, each entity as a noun (the catalogue's js.staff.audit.action.*
// and js.staff.audit.entity.* texts), and the detail object as "field: value" pairs.
// An action other parts add later and this table does not know yet is shown as its code.

import { t, table } from './i18n.js';

export const AUDIT_ACTION = table('staff.audit.action');

export const AUDIT_ENTITY = table('staff.audit.entity');

export const actionLabel = (code) => AUDIT_ACTION[code] || code;
export const entityLabel = (code) => AUDIT_ENTITY[code] || code;

/** The detail object as "campo: valor" strings (nested values as JSON text), at most `max`. */
export function detailLines(detail, max = 6) {
  const lines = Object.entries(detail || {}).map(([k, v]) =>
    `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return lines.length > max ? [...lines.slice(0, max), t('staff.audit.detail_more', { n: lines.length - max })] : lines;
}
