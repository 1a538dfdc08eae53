// End to end: the troubleshooting guide and the security checklist, and the links from them into the
// flow explorer and the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, axe, assertOwnRequestsOnly, env } from './harness.mjs';

test('a symptom deep link shows its causes, checks and fix, and opens the matching animation', async () => {
  const { page, requests, errors, context } = await open();
  await page.goto(env.server.url + '#/guide/timeout-private-ip');
  await page.waitForSelector('#symptom-title');
  assert.equal(await page.textContent('#symptom-title'), 'Timeout connecting to data port (private IP in PASV)');
  assert.equal(await page.getAttribute('.site-nav a[data-tab=guide]', 'aria-current'), 'page');
  const commands = await page.$$eval('.checks .command', (els) => els.map((e) => e.textContent));
  assert.ok(commands.some((c) => c.includes('--disable-epsv')), commands.join(' | '));
  assert.match(await page.textContent('.symptom'), /pasv_address/);
  // The animation button opens the flow explorer on the preset that fails the same way.
  await page.click('text=Watch it happen');
  assert.match(page.url(), /#\/flow\?preset=pasv-private-ip/);
  await page.waitForSelector('.site-nav a[data-tab=flow][aria-current=page]');
  assert.deepEqual(errors, []);
  assertOwnRequestsOnly(requests);
  await context.close();
});

test('the checker button loads an example log that shows the symptom', async () => {
  const { page, errors, context } = await open();
  await page.goto(env.server.url + '#/guide/active-illegal-port');
  await page.waitForSelector('#symptom-title');
  await page.click('text=Check a log that shows it');
  await page.waitForSelector('.finding');
  const codes = await page.$$eval('.finding', (els) => els.map((e) => e.dataset.code));
  assert.ok(codes.length > 0);
  assert.ok(codes.some((c) => c.startsWith('active')), codes.join());
  assert.deepEqual(errors, []);
  await context.close();
});

test('every symptom is reachable by keyboard, an unknown one says so, the checklist opens', async () => {
  const { page, errors, context } = await open();
  await page.goto(env.server.url + '#/guide/no-such-thing');
  await page.waitForSelector('.guide [role=alert]');
  const links = await page.$$eval('.symptoms a', (els) => els.map((e) => e.getAttribute('href')));
  assert.ok(links.length >= 8, links.join());
  // Keyboard: focus the first symptom link and follow it with Enter.
  await page.focus('.symptoms a');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#symptom-title');
  assert.equal(page.url().split('#')[1], links[0].slice(1));
  // The security checklist's items open and hold configuration lines.
  await page.click('.risk summary >> text=Port stealing');
  assert.match(await page.textContent('.risk[open]'), /pasv_promiscuous=NO/);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`the guide has no axe-core violations (${scheme})`, async () => {
    const { page, context } = await open({ colorScheme: scheme });
    await page.goto(env.server.url + '#/guide/refused');
    await page.waitForSelector('#symptom-title');
    await page.click('.risk summary >> text=FTP bounce');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}
