// data-rights.js — the data-protection actions (LOPDP) on one registration in the organizers'
// panel: "Exportar datos" (the person's data as a JSON file), "Anonimizar" (erases the personal
// data for good; counts and check-in stay) and "Reemitir credencial" (a new badge; the old one
// no longer opens the door). Each asks first in a confirm dialog (confirm-dialog.js), then says
// what happened in a live region; the server writes each one to the audit log.
import { h, replace } from './dom.js';
import { get, getFile, post, path, API } from './api.js';
import { announce, describeError, saveFile } from './page.js';
import { confirmAction } from './confirm-dialog.js';
import { t } from './i18n.js';

/** The address an anonymized registration is left with (server/db_privacy.c): nothing personal remains. */
const ANONYMIZED_EMAIL = /^anonimizada-\d+@invalid$/;

/**
 * The section for registration r. onChanged(registration?) is called after a change that the
 * panel and the list must show (the anonymized registration is passed); onUnauthorized() when
 * the session ended.
 */
export function dataRightsSection(r, { onChanged = () => {}, onUnauthorized = () => {} } = {}) {
  const region = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'derechos-estado' });
  const out = h('div', { id: 'derechos-resultado' });
  const code = r.code;
  const anonymized = ANONYMIZED_EMAIL.test(r.email || '');

  /** Runs an action once at a time; a failure is announced, 401 goes to the login. */
  const guard = (button, work) => async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    try {
      await work();
    } catch (err) {
      if (err.status === 401) { onUnauthorized(); return; }
      announce(region, t('staff.data_rights.action_failed', { error: describeError(err) }), 'error');
    } finally {
      button.removeAttribute('aria-disabled');
    }
  };

  const exportButton = h('button', { type: 'button', class: 'button' }, t('staff.data_rights.export_button'));
  exportButton.addEventListener('click', guard(exportButton, async () => {
    const ok = await confirmAction({
      title: t('staff.data_rights.export_title', { name: r.full_name }),
      consequence: [t('staff.data_rights.export_what'), t('staff.data_rights.export_care')],
      action: t('staff.data_rights.export_action'), danger: false,
    });
    if (!ok) return;
    announce(region, t('staff.data_rights.preparing'));
    const file = await getFile(`${path('registrations', code)}/data`);
    const filename = file.filename || `mis-datos-${code}.json`;
    saveFile({ blob: file.blob, filename });
    announce(region, t('staff.data_rights.exported', { file: filename, code }), 'ok');
  }));

  const reissueButton = h('button', { type: 'button', class: 'button' }, t('staff.data_rights.reissue_button'));
  reissueButton.addEventListener('click', guard(reissueButton, async () => {
    const ok = await confirmAction({
      title: t('staff.data_rights.reissue_title', { name: r.full_name }),
      consequence: [t('staff.data_rights.reissue_what'), t('staff.data_rights.reissue_care')],
      action: t('staff.data_rights.reissue_button'),
    });
    if (!ok) return;
    announce(region, t('staff.data_rights.reissuing'));
    const { body } = await post(`${path('registrations', code)}/badge/reissue`);
    const badge = (await get(`${path('registrations', code)}/badge`)).body;
    replace(out,
      h('h5', {}, t('staff.data_rights.new_badge_heading', { revision: body.badge_revision })),
      h('p', {}, t('staff.data_rights.new_badge_code')),
      h('p', { class: 'badge-token', id: 'credencial-nueva', translate: 'no' }, badge.token),
      h('p', {}, t('staff.data_rights.old_badge_void')),
      h('a', { class: 'button button-small', href: `${API}${path('registrations', code)}/badge.pdf`, download: '' }, t('staff.data_rights.download_new_badge')));
    announce(region, t('staff.data_rights.reissued', { revision: body.badge_revision }), 'ok');
    onChanged();
  }));

  const anonymizeButton = h('button', { type: 'button', class: 'button button-danger' }, t('staff.data_rights.anonymize_button'));
  anonymizeButton.addEventListener('click', guard(anonymizeButton, async () => {
    const ok = await confirmAction({
      title: t('staff.data_rights.anonymize_title', { name: r.full_name }),
      consequence: [t('staff.data_rights.anonymize_what'), t('staff.data_rights.anonymize_keeps')],
      action: t('staff.data_rights.anonymize_action'),
    });
    if (!ok) return;
    announce(region, t('staff.data_rights.anonymizing'));
    const { body } = await post(`${path('registrations', code)}/anonymize`);
    onChanged(body, t('staff.data_rights.anonymized', { code }));
  }));

  const confirmed = r.status === 'confirmed';
  return h('section', { class: 'data-rights', 'aria-labelledby': 'derechos-titulo' },
    h('h4', { id: 'derechos-titulo' }, t('staff.data_rights.heading')),
    h('p', { class: 'hint' }, anonymized ? t('staff.data_rights.already_anonymized') : t('staff.data_rights.rights_hint')),
    h('div', { class: 'data-rights-actions' },
      anonymized ? null : exportButton,
      confirmed && !anonymized ? reissueButton : null,
      anonymized ? null : anonymizeButton),
    region, out);
}
