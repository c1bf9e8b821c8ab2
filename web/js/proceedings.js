// proceedings.js — the public memoria of one assembly (/e/{slug}/memoria): its conclusions and
// recommendations as numbered headings with their texts (richtext.js), the closing, the team
// (credits) and the contact e-mail, beside a prominent "Descargar la memoria (PDF)" link with the
// latest version's number, date and size, and the earlier versions when there are several.
// Before the memoria is published the API answers 404 and the page says so.
import { $, h, replace } from './dom.js';
import { get, path } from './api.js';
import { formatDateRange } from './format.js';
import { PROCEEDINGS_SECTION, editionName, label, proceedingsHeading } from './labels.js';
import { describeError, setTitle, showProblem } from './page.js';
import { richtext } from './richtext.js';
import { pdfUrl, versionFacts, versionLink } from './proceedings-view.js';
import { pathPart } from './address.js';

const root = $('#memoria');

/** "/e/latacunga-2024/memoria" → "latacunga-2024" ("" when the path is not a memoria's). */
/** The sections of the page in order: [kind, anchor]. */
const SECTIONS = [['conclusion', 'conclusiones'], ['recommendation', 'recomendaciones'], ['closing', 'cierre']];
const editionHref = (e) => `/e/${encodeURIComponent(e.slug)}`;

/* ---------- header ---------- */

function hero(e, nav = []) {
  const name = editionName(e);
  return h('div', { class: 'hero edition-hero hero-compact' },
    h('div', { class: 'wrap' },
      h('nav', { class: 'breadcrumb', 'aria-label': 'Ruta de navegación' },
        h('ol', {},
          h('li', {}, h('a', { href: '/' }, 'Asambleas')),
          h('li', {}, h('a', { href: editionHref(e) }, name)),
          h('li', { 'aria-current': 'page' }, 'Memoria'))),
      h('h1', {}, `Memoria · ${name}`),
      e.title && e.title !== name ? h('p', { class: 'lead' }, e.title) : null,
      h('p', { class: 'hero-when' },
        [formatDateRange(e.starts_on, e.ends_on), [e.venue, e.city].filter(Boolean).join(', ')].filter(Boolean).join(' · ')),
      nav.length > 1 ? h('nav', { class: 'page-nav', 'aria-label': 'En esta página' },
        h('ul', {}, nav.map(([id, text]) => h('li', {}, h('a', { href: `#${id}` }, text))))) : null));
}

/* ---------- the PDF ---------- */

/** The download box: the latest version's link and facts, then the earlier versions. */
function download(e, versions) {
  const [latest, ...older] = versions;
  return h('section', { class: 'panel memo-download', 'aria-labelledby': 'descarga-titulo' },
    h('h2', { id: 'descarga-titulo', class: 'memo-download-title' }, 'La memoria en PDF'),
    h('a', {
      class: 'button button-primary button-large memo-download-link', href: pdfUrl(e.slug), type: 'application/pdf',
      'aria-describedby': latest ? 'descarga-datos' : null,
    }, 'Descargar la memoria (PDF)'),
    latest ? h('p', { id: 'descarga-datos', class: 'memo-download-facts' },
      h('strong', {}, `Versión ${latest.version}`), ` · ${versionFacts(latest)}`) : null,
    older.length ? h('div', { class: 'memo-versions' },
      h('h3', {}, 'Versiones anteriores'),
      h('ul', {}, older.map((v) => h('li', {}, versionLink(e.slug, v))))) : null);
}

/* ---------- the text ---------- */

function item(it) {
  return h('article', { class: `memo-item memo-item-${it.kind}`, id: `punto-${it.id}` },
    h('h3', { class: 'memo-item-title' }, proceedingsHeading(it)),
    it.body ? h('div', { class: 'prose' }, richtext(it.body)) : null);
}

function section(kind, id, items) {
  return h('section', { id, class: 'memo-section', 'aria-labelledby': `${id}-titulo` },
    h('h2', { id: `${id}-titulo` }, label(PROCEEDINGS_SECTION, kind)),
    h('div', { class: 'memo-items' }, items.map(item)));
}

function team(p) {
  const credits = (p.credits || []).filter((c) => c.name);
  if (!credits.length && !p.contact) return null;
  return h('section', { id: 'equipo', class: 'memo-section memo-team', 'aria-labelledby': 'equipo-titulo' },
    h('h2', { id: 'equipo-titulo' }, 'Equipo'),
    p.credits_heading ? h('p', { class: 'memo-unit' }, p.credits_heading) : null,
    credits.length ? h('ul', { class: 'memo-credits' }, credits.map((c) => h('li', {},
      h('span', { class: 'credit-name' }, c.name),
      c.role_title ? h('span', { class: 'credit-role' }, c.role_title) : null))) : null,
    p.contact ? h('div', { class: 'memo-contact' },
      h('h3', {}, 'Contacto'),
      h('p', {}, h('a', { href: `mailto:${p.contact}` }, p.contact))) : null);
}

/* ---------- page ---------- */

function notFound() {
  setTitle('Edición no encontrada');
  replace(root, h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice notice-error' },
      h('h1', { class: 'notice-title' }, 'Edición no encontrada'),
      h('p', {}, 'La dirección no corresponde a ninguna asamblea publicada. Puede que haya cambiado o que tenga un error.'),
      h('p', {}, h('a', { href: '/' }, 'Ver todas las asambleas')))));
}

function notPublished(e) {
  setTitle(`Memoria · ${editionName(e)}`);
  replace(root, hero(e), h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice memo-pending', role: 'status' },
      h('p', { class: 'memo-pending-text' }, 'La memoria de esta edición aún no se ha publicado.'),
      h('p', {}, 'Se publicará aquí, con su versión en PDF, después de la asamblea. Mientras tanto puede ',
        h('a', { href: editionHref(e) }, 'ver el programa de la edición'), '.'))));
}

function failed(err) {
  setTitle('Error');
  replace(root, h('div', { class: 'wrap page-body' }));
  showProblem(root.firstChild, { title: 'No se pudo cargar la memoria', message: describeError(err), retry: load, headingLevel: 1 });
}

function render(e, p, versions) {
  const items = p.items || [];
  const parts = SECTIONS
    .map(([kind, id]) => [kind, id, items.filter((it) => it.kind === kind)])
    .filter(([, , list]) => list.length);
  const teamSection = team(p);
  const nav = parts.map(([kind, id]) => [id, label(PROCEEDINGS_SECTION, kind)]);
  if (teamSection) nav.push(['equipo', 'Equipo']);
  setTitle(`Memoria · ${editionName(e)}`);
  replace(root,
    hero(e, nav),
    h('div', { class: 'wrap page-body memo-layout' },
      h('aside', { class: 'memo-aside', 'aria-label': 'Descarga de la memoria' }, download(e, versions)),
      h('div', { class: 'memo-main' },
        parts.length ? parts.map(([kind, id, list]) => section(kind, id, list))
          : h('p', { class: 'notice' }, 'Esta memoria no tiene conclusiones ni recomendaciones en la web; consulte el PDF.'),
        teamSection)));
}

async function load() {
  const slug = pathPart(/^\/e\/([^/]+)\/memoria\/?$/);
  root.setAttribute('aria-busy', 'true');
  replace(root, h('div', { class: 'wrap page-body' }, h('p', { class: 'status', role: 'status' }, 'Cargando la memoria…')));
  try {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { notFound(); return; }
    const base = path('editions', slug);
    const [edition, proceedings, versions] = await Promise.allSettled([
      get(base), get(`${base}/proceedings`), get(`${base}/proceedings/versions`)]);
    if (edition.status === 'rejected') {
      if (edition.reason.status === 404) notFound(); else failed(edition.reason);
      return;
    }
    const e = edition.value.body;
    if (proceedings.status === 'rejected') {
      if (proceedings.reason.status === 404) notPublished(e); else failed(proceedings.reason);
      return;
    }
    const list = versions.status === 'fulfilled' ? (versions.value.body && versions.value.body.items) || [] : [];
    render(e, proceedings.value.body || {}, [...list].sort((a, b) => b.version - a.version));
  } finally {
    root.removeAttribute('aria-busy');
  }
}

load();
