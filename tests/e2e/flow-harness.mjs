// Helpers for the flow explorer's end-to-end tests (#/flow): open a deep link in a fresh context,
// read the view's state, keep screenshots as artifacts. Importing this also sets up the shared harness
// (the dist/ server and the browser).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { env, assertOwnRequestsOnly } from './harness.mjs';

export { env, assertOwnRequestsOnly };

/** Where screenshots go (not committed): target/e2e-artifacts/flow/, or $FTPX_ARTIFACTS/flow. */
export const ARTIFACTS = path.join(
  process.env.FTPX_ARTIFACTS ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/e2e-artifacts'),
  'flow',
);

/** A fresh context on `#/flow?QUERY`, recording requests, page errors and console errors. */
export async function openFlow(query = '', options = {}) {
  const context = await env.browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.server.url + '#/flow' + (query ? `?${query}` : ''));
  await page.waitForSelector('main.flow .pane');
  return { page, context, requests, errors };
}

/** The step the URL names (0 when it names none). */
export function urlStep(page) {
  const m = new URL(page.url()).hash.match(/[?&]step=(\d+)/);
  return m ? Number(m[1]) : 0;
}

/** The query of the URL's fragment, as key → value. */
export function urlPairs(page) {
  const hash = new URL(page.url()).hash;
  return Object.fromEntries(hash.slice(hash.indexOf('?') + 1).split('&').map((p) => p.split('=')));
}

export const narration = (page) => page.textContent('#fx-narration');

/** Wait until the live region tells step `n` (of any total). */
export async function atStep(page, n) {
  await page.waitForFunction((n) => document.querySelector('#fx-narration')?.textContent.startsWith(`Step ${n} of `), n);
  assert.equal(urlStep(page), n);
}

/** A full-page screenshot kept as a test artifact. */
export async function shot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The presets the picker offers, as ids. */
export async function presetIds(page) {
  return page.$$eval('#fx-preset option', (os) => os.map((o) => o.value).filter((v) => v));
}

/** Open `#/flow?QUERY` in a new page of `context` and wait for the drawing. */
export async function flowIn(context, query) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url + '#/flow?' + query);
  await page.waitForSelector('main.flow .pane .topology svg');
  // Drawn for the room measured after the first render: wait until the layout settles.
  await page.waitForFunction(() => {
    const svg = document.querySelector('#fx-main .topology svg');
    const w = svg && svg.getBoundingClientRect().width;
    const ok = w > 0 && w === window.__fxLastWidth;
    window.__fxLastWidth = w;
    return ok;
  }, null, { polling: 100 });
  return { page, errors };
}

/** The number of each session's steps, from its own step list (main, other). */
export async function stepCounts(page) {
  return page.evaluate(() => ['#fx-main', '#fx-other'].map((id) => document.querySelectorAll(`${id} .step-list li`).length));
}

/** The step that opens the data connection (its first SYN), or the middle step. */
export async function midStep(page) {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('#fx-main .step-list button')].map((b) => b.textContent);
    const i = items.findIndex((t) => /^\d+\. SYN .*\(data\)/.test(t));
    return i >= 0 ? i + 1 : Math.max(1, Math.round(items.length / 2));
  });
}

/**
 * Every visible <text> of the drawings under `scope` (topology and sequence diagram), with its box on
 * the screen, its rendered font size (the computed size times the SVG's scale), the box of its <svg>.
 */
export async function drawnTexts(page, scope = 'main.flow') {
  return page.evaluate((scope) => {
    const visible = (el) => {
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
      }
      return true;
    };
    return [...document.querySelectorAll(`${scope} svg.fx text`)].filter((t) => t.textContent.trim() !== '' && visible(t)).map((t) => {
      const r = t.getBoundingClientRect();
      const svg = t.ownerSVGElement;
      const s = svg.getBoundingClientRect();
      const ctm = t.getScreenCTM();
      return {
        text: t.textContent,
        where: t.closest('.topology') ? 'topology' : 'lanes',
        pane: t.closest('.pane')?.id,
        svg: svg.getAttribute('aria-label') ?? '',
        box: { x: r.x, y: r.y, w: r.width, h: r.height },
        frame: { x: s.x, y: s.y, w: s.width, h: s.height },
        px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b),
        cls: t.getAttribute('class') ?? '',
      };
    });
  }, scope);
}

/** Pairs of texts whose boxes overlap by more than `slack` pixels both ways (same drawing only). */
export function overlapping(texts, slack = 1.5) {
  const out = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      if (a.pane !== b.pane || a.where !== b.where) continue;
      const w = Math.min(a.box.x + a.box.w, b.box.x + b.box.w) - Math.max(a.box.x, b.box.x);
      const h = Math.min(a.box.y + a.box.h, b.box.y + b.box.h) - Math.max(a.box.y, b.box.y);
      if (w > slack && h > slack) out.push(`${a.pane} ${a.where}: "${a.text}" × "${b.text}" (${w.toFixed(1)}×${h.toFixed(1)} px)`);
    }
  }
  return out;
}

/** A screenshot of the viewport only (what the user sees on the first screen). */
export async function screen(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Go to step `n` through the URL (as a shared link would), `n` past the end meaning the last step. */
export async function goStep(page, n) {
  const last = Math.max(...await stepCounts(page));
  await page.evaluate((s) => { location.hash = location.hash.replace(/&step=\d+|$/, `&step=${s}`); }, n);
  await atStep(page, Math.min(n, last));
}

/** Show `#/flow?QUERY` in an open page by changing its fragment (as a link within the page does), and
 * wait until its preset and step are drawn (a step past the end: the last). */
export async function show(page, query) {
  const id = (query.match(/preset=([^&]+)/) || [])[1];
  const step = Number((query.match(/step=(\d+)/) || [])[1] ?? 0);
  await page.evaluate((q) => { location.hash = '#/flow?' + q; }, query);
  if (id) await page.waitForFunction((id) => document.querySelector('#fx-preset')?.value === id, id);
  const last = Math.max(...await stepCounts(page));
  if (step) await atStep(page, Math.min(step, last));
  else await page.waitForFunction(() => document.querySelector('#fx-narration').textContent.startsWith('Before'));
}
