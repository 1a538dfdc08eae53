// Offline: after one visit the page reloads and decodes with the network gone (service worker), from a
// sub-path; the worker fetches only the page's own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, assertOwnRequestsOnly } from './harness.mjs';

test('the page works offline after one visit', async () => {
  const { page, requests, context } = await open();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 20));
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#input');
  await page.fill('#input', 'PORT 10,0,0,1,195,80');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '50000');
  // An example log still checks offline too.
  await page.click('text=Blocked passive ports');
  await page.waitForSelector('.finding[data-code=data-connection-timeout]');
  assertOwnRequestsOnly(requests);
  await context.close();
});
