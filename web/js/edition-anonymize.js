// edition-anonymize.js — "Anonimizar edición" in the edition editor of /admin: for an archived
// edition only (the API refuses the others with 409), it erases the personal data of every
// registration of the edition (POST /editions/{slug}/anonymize) after a confirm dialog where the
// organizer types the edition's slug; the result (how many) is announced in a live region and
// the server writes it to the audit log.
import { $ } from './dom.js';
import { post, path } from './api.js';
import { announce, describeError } from './page.js';
import { confirmAction } from './confirm-dialog.js';
import { t } from './i18n.js';

/** Wires the section; returns {show(edition), hide()}. onUnauthorized() when the session ended. */
export function editionAnonymizer({ section, button, status, onUnauthorized = () => {} }) {
  let edition = null;
  button.addEventListener('click', async () => {
    if (!edition || button.getAttribute('aria-disabled') === 'true') return;
    const { slug } = edition;
    const ok = await confirmAction({
      title: t('staff.anonymize.title', { edition: edition.short_title || edition.title }),
      consequence: [t('staff.anonymize.what'), t('staff.anonymize.keeps')],
      action: t('staff.anonymize.action'),
      typeToConfirm: slug,
      typeLabel: t('staff.anonymize.type_label', { slug }),
    });
    if (!ok) return;
    button.setAttribute('aria-disabled', 'true');
    announce(status, t('staff.anonymize.working'));
    try {
      const { body } = await post(`${path('editions', slug)}/anonymize`);
      const n = body.anonymized;
      announce(status, n === 1 ? t('staff.anonymize.done.one') : t('staff.anonymize.done.other', { count: n }), 'ok');
    } catch (err) {
      if (err.status === 401) { onUnauthorized(); return; }
      announce(status, t('staff.anonymize.failed', { error: describeError(err) }), 'error');
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
  return {
    show(e) {
      edition = e;
      section.hidden = e.status !== 'archived';
      announce(status, '');
    },
    hide() {
      edition = null;
      section.hidden = true;
    },
  };
}

/** The section of /admin/index.html, found by its ids. */
export const editionAnonymizerInPage = (onUnauthorized) => editionAnonymizer({
  section: $('#anonimizar'), button: $('#anonimizar-edicion'), status: $('#anonimizar-estado'), onUnauthorized,
});
