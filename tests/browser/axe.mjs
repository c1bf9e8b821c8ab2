// axe.mjs — shared helper of the browser tests: runs axe-core (tests/node_modules/axe-core) in a
// page for the WCAG 2.0 and 2.1 A and AA rules, and turns its violations into lines that say what
// to fix: rule, impact, the element's CSS selector and axe's summary of the failure.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * Rules outside those tags checked too: every page's content sits in landmarks, one of them main,
 * and no two landmarks share a role and a name (a screen reader's list of regions tells them apart).
 */
export const EXTRA_RULES = ['landmark-one-main', 'region', 'landmark-unique'];

/**
 * Runs axe on the page as it is now and returns its violations. The pages' Content-Security-Policy
 * takes no inline script (page.addScriptTag is refused), so axe is evaluated through the DevTools
 * protocol (page.evaluate), which the policy does not govern. Once per document: a navigation
 * clears it, a change within the page keeps it.
 */
export async function axeViolations(page) {
  const source = await AXE_SOURCE;
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
  const rules = Object.fromEntries(EXTRA_RULES.map((id) => [id, { enabled: true }]));
  return page.evaluate(({ tags, rules }) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'],
  })
    .then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }))), { tags: WCAG_TAGS, rules });
}

/** Violations as readable text, one block per rule and one line per element; '' when none. */
export function formatViolations(violations) {
  return violations.map((v) => [
    `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map((n) => `  ${n.target}\n    ${(n.summary || '').replace(/\n\s*/g, '\n    ')}`),
  ].join('\n')).join('\n');
}
