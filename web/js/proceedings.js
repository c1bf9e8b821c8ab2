// proceedings.js — the public memoria of one assembly (/e/{slug}/memoria): its conclusions and
// recommendations as numbered headings with their texts (richtext.js), the closing, the team
// (credits) and the contact e-mail, beside a prominent "Descargar la memoria (PDF)" link with the
// latest version's number, date and size, and the earlier versions when there are several.
// Before the memoria is published the API answers 404 and the page says so.
import { $, h, replace } from './dom.js';
import { get, path } from './api.js';
import { formatDateRange } from './format.js';
import { PROCEEDINGS_SECTION, editionName, label, proceedingsHeading } from './labels.js';
import { describeError, setTitle, showEditionNotFound, showProblem } from './page.js';
import { richtext } from './richtext.js';
import { pdfUrl, versionFacts, versionLink } from './proceedings-view.js';
import { pathPart } from './address.js';
import { AS_WRITTEN, t } from './i18n.js';

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
      h('nav', { class: 'breadcrumb', 'aria-label': t('edition.breadcrumb') },
        h('ol', {},
          h('li', {}, h('a', { href: '/' }, t('edition.assemblies'))),
          h('li', {}, h('a', { href: editionHref(e) }, name)),
          h('li', { 'aria-current': 'page' }, t('memoria.title')))),
      h('h1', {}, `${t('memoria.title')} · ${name}`),
      e.title && e.title !== name ? h('p', { class: 'lead' }, e.title) : null,
      h('p', { class: 'hero-when' },
        [formatDateRange(e.starts_on, e.ends_on), [e.venue, e.city].filter(Boolean).join(', ')].filter(Boolean).join(' · ')),
      nav.length > 1 ? h('nav', { class: 'page-nav', 'aria-label': t('edition.on_this_page') },
        h('ul', {}, nav.map(([id, text]) => h('li', {}, h('a', { href: `#${id}` }, text))))) : null));
}

/* ---------- the PDF ---------- */

/** The download box: the latest version's link and facts, then the earlier versions. */
function download(e, versions) {
  const [latest, ...older] = versions;
  return h('section', { class: 'panel memo-download', 'aria-labelledby': 'descarga-titulo' },
    h('h2', { id: 'descarga-titulo', class: 'memo-download-title' }, t('memoria.pdf_title')),
    h('a', {
      class: 'button button-primary button-large memo-download-link', href: pdfUrl(e.slug), type: 'application/pdf',
      'aria-describedby': latest ? 'descarga-datos' : null,
    }, t('memoria.download')),
    latest ? h('p', { id: 'descarga-datos', class: 'memo-download-facts' },
      h('strong', {}, t('memoria.version', { n: latest.version })), ` · ${versionFacts(latest)}`) : null,
    older.length ? h('div', { class: 'memo-versions' },
      h('h3', {}, t('memoria.older')),
      h('ul', {}, older.map((v) => h('li', {}, versionLink(e.slug, v))))) : null);
}

/* ---------- the text ---------- */

function item(it) {
  return h('article', { class: `memo-item memo-item-${it.kind}`, id: `punto-${it.id}`, ...AS_WRITTEN },
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
    h('h2', { id: 'equipo-titulo' }, t('memoria.team')),
    p.credits_heading ? h('p', { class: 'memo-unit' }, p.credits_heading) : null,
    credits.length ? h('ul', { class: 'memo-credits' }, credits.map((c) => h('li', {},
      h('span', { class: 'credit-name' }, c.name),
      c.role_title ? h('span', { class: 'credit-role' }, c.role_title) : null))) : null,
    p.contact ? h('div', { class: 'memo-contact' },
      h('h3', {}, t('memoria.contact')),
      h('p', {}, h('a', { href: `mailto:${p.contact}` }, p.contact))) : null);
}

/* ---------- page ---------- */

function notPublished(e) {
  setTitle(`${t('memoria.title')} · ${editionName(e)}`);
  replace(root, hero(e), h('div', { class: 'wrap page-body' },
    h('div', { class: 'notice memo-pending', role: 'status' },
      h('p', { class: 'memo-pending-text' }, t('memoria.pending')),
      h('p', {}, t('memoria.pending_more'),
        h('a', { href: editionHref(e) }, t('memoria.see_programme')), '.'))));
}

function failed(err) {
  setTitle(t('error'));
  replace(root, h('div', { class: 'wrap page-body' }));
  showProblem(root.firstChild, { title: t('memoria.load_failed'), message: describeError(err), retry: load, headingLevel: 1 });
}

function render(e, p, versions) {
  const items = p.items || [];
  const parts = SECTIONS
    .map(([kind, id]) => [kind, id, items.filter((it) => it.kind === kind)])
    .filter(([, , list]) => list.length);
  const teamSection = team(p);
  const nav = parts.map(([kind, id]) => [id, label(PROCEEDINGS_SECTION, kind)]);
  if (teamSection) nav.push(['equipo', t('memoria.team')]);
  setTitle(`${t('memoria.title')} · ${editionName(e)}`);
  replace(root,
    hero(e, nav),
    h('div', { class: 'wrap page-body memo-layout' },
      h('aside', { class: 'memo-aside', 'aria-label': t('memoria.download_aside') }, download(e, versions)),
      h('div', { class: 'memo-main' },
        parts.length ? parts.map(([kind, id, list]) => section(kind, id, list))
          : h('p', { class: 'notice' }, t('memoria.pdf_only')),
        teamSection)));
}

async function load() {
  const slug = pathPart(/^\/e\/([^/]+)\/memoria\/?$/);
  root.setAttribute('aria-busy', 'true');
  replace(root, h('div', { class: 'wrap page-body' }, h('p', { class: 'status', role: 'status' }, t('memoria.loading'))));
  try {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) { showEditionNotFound(root); return; }
    const base = path('editions', slug);
    const [edition, proceedings, versions] = await Promise.allSettled([
      get(base), get(`${base}/proceedings`), get(`${base}/proceedings/versions`)]);
    if (edition.status === 'rejected') {
      if (edition.reason.status === 404) showEditionNotFound(root); else failed(edition.reason);
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
