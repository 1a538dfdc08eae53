// End to end: the decoder in the release build, in the OS's Chromium; accessibility by axe-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, axe, assertOwnRequestsOnly } from './harness.mjs';

test('pasting a 227 reply shows the endpoint, the arithmetic and the class', async () => {
  const { page, requests, errors, context } = await open();
  await page.fill('#input', '227 Entering Passive Mode (10,0,0,1,195,80)');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '50000');
  assert.equal(await page.textContent('[data-field=ip]'), '10.0.0.1');
  assert.match(await page.textContent('[data-field=class]'), /private — not globally reachable/);
  assert.match(await page.textContent('[data-field=arithmetic]'), /195.*80.*49920.*50000/s);
  assert.match(await page.textContent('.warnings'), /non-public-address/);
  // A private address is a warning card (⚠ and the word), not the ✓ one (issue 18).
  assert.equal(await page.locator('.results .result.warn').count(), 1);
  assert.equal(await page.locator('.results .result.ok').count(), 0);
  assert.match(await page.locator('.results .result h3').innerText(), /⚠ 227 reply \(PASV\) — decoded, with a warning/);
  // Only the page's own files were fetched, all from under the sub-path.
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an error marks the offending bytes and says why', async () => {
  const { page, context } = await open();
  await page.fill('#input', '229 Entering Extended Passive Mode (|||6446!)');
  await page.waitForSelector('.result.err');
  assert.equal(await page.textContent('[data-field=error-code]'), 'delimiters-differ');
  assert.equal(await page.textContent('.result.err mark'), '!');
  assert.match(await page.textContent('[data-field=error-message]'), /EPSV delimiters differ: '\|' then '!'/);
  await context.close();
});

test('the control peer gives EPSV its address; examples load with the keyboard', async () => {
  const { page, context } = await open();
  await page.fill('#control', '198.51.100.7');
  await page.fill('#input', '229 Entering Extended Passive Mode (|||6446|)');
  await page.waitForFunction(() => document.querySelector('[data-field=ip]')?.textContent === '198.51.100.7');
  assert.equal(await page.textContent('[data-field=port]'), '6446');
  // Keyboard only: focus the "EPRT IPv6" example button and press Enter.
  await page.focus('.examples button:nth-of-type(4)');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-field=ip]')?.textContent === '::1');
  assert.equal(await page.inputValue('#input'), 'EPRT |2|::1|6275|');
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`no axe-core violations (${colorScheme} theme, with results and an error shown)`, async () => {
    const { page, context } = await open({ colorScheme });
    await page.fill('#input', '227 Entering Passive Mode (192,168,1,100,195,80)\n227 Entering Passive Mode (256,1,2,3,4,5)\n229 Entering Extended Passive Mode (|||6446!)');
    await page.waitForSelector('.result.err');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('under a reply, a table says how each real client reads it, marking where it differs', async () => {
  const { page, context } = await open();
  await page.fill('#control', '203.0.113.9');
  await page.fill('#input', '227 Entering Passive Mode (256,1,2,3,4,5)');
  await page.waitForSelector('.result.err .client-table');
  // The strict reading rejects it; curl reads 56.1.2.3 but connects to the control address.
  const curl = page.locator('.client-table tr[data-client=curl]');
  assert.match(await curl.textContent(), /✓ accepts/);
  assert.match(await curl.textContent(), /203\.0\.113\.9:1029 \(replaced\)/);
  assert.match(await curl.textContent(), /≠ differs/);
  assert.equal(await page.locator('.client-table tbody tr').count(), 8);
  assert.match(await page.textContent('.clients summary'), /8 of 8 differ/);
  // A standard reply: every client agrees with the RFC reading; the table starts folded.
  await page.fill('#input', '227 Entering Passive Mode (203,0,113,9,195,80)');
  await page.waitForFunction(() => document.querySelector('.clients summary')?.textContent.includes('0 of 8 differ'));
  assert.equal(await page.locator('.clients[open]').count(), 0);
  await context.close();
});
