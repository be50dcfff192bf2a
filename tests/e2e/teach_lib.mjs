// Helpers for the teaching and accessibility tests (help, lessons, present, a11y, responsive).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { waitStatus, metrics } from './lib.mjs';
import { app } from './app.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) on the page as it is and
 * returns every violation as { id, impact, help, nodes: [selector …] }.
 */
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (rightly)
  // refuses an inline <script> tag.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(`${AXE}\n;void 0`);
  return page.evaluate(async () => {
    // Off-screen panels are skipped by the browser (content-visibility: auto); axe must see them.
    // A constructed style sheet: the page's Content-Security-Policy blocks a <style> element.
    const s = new CSSStyleSheet();
    s.replaceSync('* { content-visibility: visible !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
    try {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`),
      }));
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
    }
  });
}

/** The serious and critical violations, printing all of them (moderate and minor too). */
export async function seriousViolations(page, view) {
  const all = await axe(page);
  for (const v of all) console.log(`[axe ${view}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).join(' | ')}`);
  if (all.length === 0) console.log(`[axe ${view}] no violations`);
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Ids of every control the class-options picker lists (the page's control catalogue). */
export async function catalogueIds(page) {
  // The control picker is in the Share menu, built the first time the menu opens.
  await app(page).openShare();
  await page.getByTestId('control-picker').waitFor({ state: 'attached' });
  return page.evaluate(() => [...document.querySelectorAll('[data-testid=control-picker] tr[data-control]')].map((r) => r.dataset.control));
}

/** Sets a number input and waits for the fresh run. */
export async function setNumber(page, testid, value) {
  await app(page).el(testid).fill(String(value));
  await app(page).el(testid).press('Enter');
  await waitStatus(page, 'paused');
}

/** Presses ▶ and waits until the run is done; returns the metrics line's numbers. */
export async function trainToDone(page) {
  await app(page).el('train').click();
  await waitStatus(page, 'done');
  return metrics(page);
}

/** Clicks the lesson's Next (or Back) and waits until it shows step `k` (1-based). */
export async function goStep(page, k, which = 'lesson-next') {
  await app(page).el(which).click();
  await page.waitForFunction((k) => new RegExp(`^Step ${k} of`).test(document.querySelector('[data-testid=lesson-progress]')?.textContent ?? ''), k);
}

/** Opens a bundled lesson from the header's Lessons menu and waits for its first step. */
export async function openLesson(page, name) {
  await app(page).el('lessons-menu').locator('summary').click();
  await app(page).el(`lesson-${name}`).click();
  await page.waitForFunction(() => /^Step 1 of/.test(document.querySelector('[data-testid=lesson-progress]')?.textContent ?? ''));
  await waitStatus(page, 'paused');
}

/** The computed outline of the element (or of the `label.field` holding it). */
export async function outline(page, testid) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const box = el.closest('label.field') ?? el;
    const s = getComputedStyle(box);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
  }, testid);
}

/** True when the page scrolls sideways (wider than the window). */
export async function overflowX(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Visible interactive elements smaller than 24 × 24 CSS pixels (WCAG 2.5.8), except links
 * inside a sentence. Returns descriptions of the offenders.
 */
export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, select, input:not([type=hidden]), textarea, summary, a[href], [role=button]')) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('[hidden], .visually-hidden, .sr-only')) continue;
      if (el.tagName === 'A' && el.closest('p, li') && el.closest('p, li').textContent.trim().length > el.textContent.trim().length + 8) continue;
      if (r.width < 24 || r.height < 24) {
        out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.getAttribute('aria-label') || el.textContent).trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
}

/**
 * Interactive elements that need no "?" of their own, each with the reason. Kept short: every
 * other control must name a "?" toggletip's explanation in its aria-describedby.
 */
export const EXEMPT = [
  ['.tip-toggle', 'the "?" buttons: they are the explanations'],
  ['.explain > summary', '"What is this?" under a chart or panel: it is an explanation'],
  ['.chart-tools button', 'PNG and SVG downloads: named "Download <chart> as PNG", under a chart that is explained'],
  ['[data-testid=lesson-answer] > summary', 'a lesson step\'s "Show answer": part of the lesson\'s own text'],
  ['[data-testid=error] > button, [data-testid=notice] > button', 'dismissing a message ("Dismiss error"): nothing to explain'],
];

/**
 * Every interactive element on screen (buttons, menus, inputs, text areas, disclosure summaries,
 * links, [role=button]), each with the explanation it names in aria-describedby when that is the
 * text of a "?" toggletip whose button is on screen, or the reason it is exempt. Elements not
 * rendered (hidden, in a closed <details>) are left out: open what is to be checked first.
 */
export async function controlsAndExplanations(page) {
  return page.evaluate((exempt) => {
    const out = [];
    for (const el of document.querySelectorAll('button, select, input:not([type=hidden]), textarea, summary, a[href], [role=button]')) {
      if (!el.getClientRects().length || el.closest('[hidden], [inert]')) continue;
      const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const key = el.dataset.testid ? `${el.tagName.toLowerCase()}[${el.dataset.testid}]` : `${el.tagName.toLowerCase()} "${name}"`;
      const help = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean).map((i) => document.getElementById(i)).find((t) => {
        const tip = t?.closest('.tip');
        return tip && t.textContent.trim().length > 40 && tip.querySelector('.tip-toggle')?.getClientRects().length;
      });
      const why = exempt.find(([selector]) => el.matches(selector));
      out.push({ key, help: help?.id ?? null, exempt: why ? why[1] : null });
    }
    return out;
  }, EXEMPT);
}

/** Opens every <details> on the page (panels, menus, disclosures) so their controls render. */
export async function openAllDetails(page) {
  await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
  await page.waitForTimeout(200);
}
