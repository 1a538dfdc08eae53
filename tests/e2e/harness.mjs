// Shared set-up for the end-to-end tests: the built dist/ served from a sub-path, the OS's Chromium
// driven by Playwright, every request recorded, and an axe-core scan helper.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DIST = process.env.FTPX_DIST ?? '../../dist';
const CHROMIUM = process.env.FTPX_CHROMIUM ?? '/usr/bin/chromium';

export const env = { server: null, browser: null };

before(async () => {
  env.server = await serve(DIST);
  env.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await env.browser?.close(); env.server?.close(); });

/** A fresh page (optionally at a URL suffix such as a #fragment) that records every request it makes. */
export async function open(options = {}, suffix = '') {
  const context = await env.browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url + suffix);
  await page.waitForSelector('#input');
  return { page, requests, errors, context };
}

/** Only the page's own files, all from under the sub-path. */
export function assertOwnRequestsOnly(requests) {
  for (const url of requests) assert.ok(url.startsWith(env.server.url) || url.startsWith('data:'), `unexpected request ${url}`);
}

/** axe-core violations of the whole page, as readable strings. */
export async function axe(page) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts,
  // so axe-core cannot come in as a <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  assert.ok(result.passes.length > 10, `axe-core ran only ${result.passes.length} passing rules`);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
