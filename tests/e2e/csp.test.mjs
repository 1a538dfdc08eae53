// End to end: the page runs under a Content-Security-Policy that forbids any connection and any inline
// script but its own loader; using every view breaks no rule; a connection attempt is blocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, open, assertOwnRequestsOnly } from './harness.mjs';

async function policy(page) {
  return page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
}

async function watchViolations(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('the policy forbids connections and inline scripts', async () => {
  const { page, context } = await open();
  const csp = await policy(page);
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/);
  await context.close();
});

test('every view works under the policy; the Wasm comes as a script, never fetched', async () => {
  const { page, requests, errors, context } = await open();
  await watchViolations(context);
  await page.reload();
  await page.waitForSelector('#input');
  await page.fill('#input', '227 Entering Passive Mode (192,168,1,100,195,80)');
  await page.waitForSelector('.result');
  for (const hash of ['#/flow?preset=pasv-private-ip', '#/setup?target=vsftpd&address=198.51.100.20', '#/guide/refused']) {
    await page.goto(env.server.url + hash);
    await page.waitForSelector('main h2');
  }
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.ok(!requests.some((u) => u.endsWith('.wasm')), requests.join('\n'));
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a connection attempt from the page is blocked, even to its own files; injected handlers do not run', async () => {
  const { page, requests, context } = await open();
  await watchViolations(context);
  await page.reload();
  await page.waitForSelector('#input');
  const before = requests.length;
  const results = await page.evaluate(async () => {
    const attempt = (url) => fetch(url).then(() => 'fetched', () => 'blocked');
    return [await attempt('./sw.js'), await attempt('https://example.com/'), await attempt('data:,x')];
  });
  assert.deepEqual(results, ['blocked', 'blocked', 'blocked']);
  assert.equal(requests.length, before, `requests were made: ${requests.slice(before).join(', ')}`);
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.some((v) => v.startsWith('connect-src')), violations.join());
  // Markup slipped into the page by any means cannot run script.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="x:y" onerror="window.__ran = 1">'));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  await context.close();
});

test('the packed Wasm is unpacked in a module worker (off the main thread), allowed by worker-src', async () => {
  const context = await env.browser.newContext();
  await watchViolations(context);
  const page = await context.newPage();
  const workers = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url);
  await page.waitForSelector('#input');
  assert.equal(workers.length, 1, workers.join());
  assert.match(workers[0], /_wasm\.js$/);
  assert.match(await policy(page), /worker-src 'self'/);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
