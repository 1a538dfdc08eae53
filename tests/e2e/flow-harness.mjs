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
