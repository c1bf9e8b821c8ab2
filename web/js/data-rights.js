// data-rights.js — the data-protection actions (LOPDP) on one registration in the organizers'
// panel: "Exportar datos" (the person's data as a JSON file), "Anonimizar" (erases the personal
// data for good; counts and check-in stay) and "Reemitir credencial" (a new badge; the old one
// no longer opens the door). Each asks first in a confirm dialog (confirm-dialog.js), then says
// what happened in a live region; the server writes each one to the audit log.
import { h, replace } from './dom.js';
import { get, getFile, post, path, API } from './api.js';
import { announce, describeError, saveFile } from './page.js';
import { confirmAction } from './confirm-dialog.js';

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
      announce(region, `No se pudo completar la acción. ${describeError(err)}`, 'error');
    } finally {
      button.removeAttribute('aria-disabled');
    }
  };

  const exportButton = h('button', { type: 'button', class: 'button' }, 'Exportar datos');
  exportButton.addEventListener('click', guard(exportButton, async () => {
    const ok = await confirmAction({
      title: `Exportar los datos de ${r.full_name}`,
      consequence: ['Se descargará un archivo JSON con todos los datos que se guardan de esta persona: inscripción, acreditaciones y mensajes.',
        'Contiene datos personales: entréguelo solo a la persona que lo pidió. La descarga queda registrada en la auditoría.'],
      action: 'Descargar datos', danger: false,
    });
    if (!ok) return;
    announce(region, 'Preparando el archivo…');
    const file = await getFile(`${path('registrations', code)}/data`);
    saveFile({ blob: file.blob, filename: file.filename || `mis-datos-${code}.json` });
    announce(region, `Se descargó «${file.filename || `mis-datos-${code}.json`}» con los datos de la inscripción ${code}.`, 'ok');
  }));

  const reissueButton = h('button', { type: 'button', class: 'button' }, 'Reemitir credencial');
  reissueButton.addEventListener('click', guard(reissueButton, async () => {
    const ok = await confirmAction({
      title: `Reemitir la credencial de ${r.full_name}`,
      consequence: ['Se emitirá una credencial nueva con otro código QR.',
        'La credencial actual (impresa o en el teléfono) dejará de abrir la puerta desde ese momento: habrá que imprimir o enviar la nueva.'],
      action: 'Reemitir credencial',
    });
    if (!ok) return;
    announce(region, 'Reemitiendo la credencial…');
    const { body } = await post(`${path('registrations', code)}/badge/reissue`);
    const badge = (await get(`${path('registrations', code)}/badge`)).body;
    replace(out,
      h('h5', {}, `Credencial nueva (versión ${body.badge_revision})`),
      h('p', {}, 'Código de la credencial nueva (el que lleva su QR):'),
      h('p', { class: 'badge-token', id: 'credencial-nueva', translate: 'no' }, badge.token),
      h('p', {}, 'La credencial anterior ya no abre la puerta.'),
      h('a', { class: 'button button-small', href: `${API}${path('registrations', code)}/badge.pdf`, download: '' }, 'Descargar la credencial nueva (PDF)'));
    announce(region, `Se emitió la credencial nueva (versión ${body.badge_revision}). La anterior ya no abre la puerta.`, 'ok');
    onChanged();
  }));

  const anonymizeButton = h('button', { type: 'button', class: 'button button-danger' }, 'Anonimizar');
  anonymizeButton.addEventListener('click', guard(anonymizeButton, async () => {
    const ok = await confirmAction({
      title: `Anonimizar la inscripción de ${r.full_name}`,
      consequence: ['Se borrarán para siempre el nombre, el correo, el teléfono, la institución, el cargo y los demás datos personales de esta inscripción, y sus mensajes.',
        'Se conservan el código, el estado, los conteos y el registro de acreditación. Su enlace y su credencial dejan de funcionar. No se puede deshacer.'],
      action: 'Anonimizar para siempre',
    });
    if (!ok) return;
    announce(region, 'Anonimizando…');
    const { body } = await post(`${path('registrations', code)}/anonymize`);
    onChanged(body, `Se anonimizó la inscripción ${code}: sus datos personales se borraron.`);
  }));

  const confirmed = r.status === 'confirmed';
  return h('section', { class: 'data-rights', 'aria-labelledby': 'derechos-titulo' },
    h('h4', { id: 'derechos-titulo' }, 'Protección de datos'),
    h('p', { class: 'hint' }, anonymized
      ? 'Esta inscripción ya fue anonimizada: no quedan datos personales que exportar o borrar.'
      : 'Derechos de la persona según la Ley Orgánica de Protección de Datos Personales: acceso a sus datos y eliminación.'),
    h('div', { class: 'data-rights-actions' },
      anonymized ? null : exportButton,
      confirmed && !anonymized ? reissueButton : null,
      anonymized ? null : anonymizeButton),
    region, out);
}
