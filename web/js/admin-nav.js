// admin-nav.js — the sections of administration in the organizers' header
// (partials/admin-header.html): shows the sections of the edition the page is about with their
// addresses, each only to the roles that can use it (data-role: the lowest), and marks the
// page's own section (aria-current) from <body data-section>. admin-session.js calls it once the
// user is known; a page that learns its edition later calls it again.
import { adminPage, adminSlug, scannerPage } from './address.js';

const RANK = { staff: 1, organizer: 2, admin: 3 };

/** The sections that are not about one edition, and their addresses. */
const SITE_SECTIONS = { ediciones: '/admin', usuarios: '/admin/usuarios', auditoria: '/admin/auditoria' };

function sectionHref(section, slug) {
  if (SITE_SECTIONS[section]) return SITE_SECTIONS[section];
  if (section === 'escaner') return scannerPage(slug);
  return adminPage(slug, section);
}

/** Shows the sections for a user's role and an edition (by default the one in the address). */
export function showAdminNav(role, slug = adminSlug()) {
  const current = document.body.dataset.section || '';
  for (const li of document.querySelectorAll('.admin-nav li')) {
    const a = li.querySelector('a[data-section]');
    if (!a) continue;
    const forEdition = li.hasAttribute('data-edition');
    li.hidden = (RANK[role] || 0) < (RANK[li.dataset.role] || 0) || (forEdition && !slug);
    if (!forEdition || slug) a.href = sectionHref(a.dataset.section, slug);
    if (a.dataset.section === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
