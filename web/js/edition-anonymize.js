// edition-anonymize.js — "Anonimizar edición" in the edition editor of /admin: for an archived
// edition only (the API refuses the others with 409), it erases the personal data of every
// registration of the edition (POST /editions/{slug}/anonymize) after a confirm dialog where the
// organizer types the edition's slug; the result (how many) is announced in a live region and
// the server writes it to the audit log.
import { $ } from './dom.js';
import { post, path } from './api.js';
import { announce, describeError } from './page.js';
import { confirmAction } from './confirm-dialog.js';

/** Wires the section; returns {show(edition), hide()}. onUnauthorized() when the session ended. */
export function editionAnonymizer({ section, button, status, onUnauthorized = () => {} }) {
  let edition = null;
  button.addEventListener('click', async () => {
    if (!edition || button.getAttribute('aria-disabled') === 'true') return;
    const { slug } = edition;
    const ok = await confirmAction({
      title: `Anonimizar la edición «${edition.short_title || edition.title}»`,
      consequence: ['Se borrarán para siempre los datos personales (nombre, correo, teléfono, institución, cargo…) de todas las inscripciones de esta edición, y sus mensajes.',
        'Se conservan los códigos, los estados, los conteos y las acreditaciones. Los enlaces y las credenciales dejan de funcionar. No se puede deshacer.'],
      action: 'Anonimizar la edición',
      typeToConfirm: slug,
      typeLabel: `Escriba el identificador de la edición, «${slug}», para confirmar`,
    });
    if (!ok) return;
    button.setAttribute('aria-disabled', 'true');
    announce(status, 'Anonimizando la edición…');
    try {
      const { body } = await post(`${path('editions', slug)}/anonymize`);
      const n = body.anonymized;
      announce(status, n === 1 ? 'Se anonimizó 1 inscripción.' : `Se anonimizaron ${n} inscripciones.`, 'ok');
    } catch (err) {
      if (err.status === 401) { onUnauthorized(); return; }
      announce(status, `No se anonimizó. ${describeError(err)}`, 'error');
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
