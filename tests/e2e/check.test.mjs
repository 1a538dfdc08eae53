// End to end: the log checker in the release build, in the OS's Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, axe, assertOwnRequestsOnly } from './harness.mjs';

const LOG = [
  '*   Trying 198.51.100.20:21...',
  '* Connected to ftp.example.org (198.51.100.20) port 21 (#0)',
  '< 220 (vsFTPd 3.0.3)',
  '> USER anonymous',
  '< 331 Please specify the password.',
  '> PASS s3cret-pass',
  '< 230 Login successful.',
  '> PASV',
  '< 227 Entering Passive Mode (10,0,0,5,195,81).',
  '*   Trying 10.0.0.5:50001...',
  '* Failed to connect to 10.0.0.5 port 50001 after 3000 ms: Timeout was reached',
].join('\n');

async function findingCodes(page) {
  return page.$$eval('.finding', (els) => els.map((e) => e.dataset.code));
}

test('pasting a curl log shows the findings, most severe first, linked to their lines', async () => {
  const { page, requests, errors, context } = await open();
  await page.fill('#input', LOG);
  await page.waitForSelector('.finding');
  const codes = await findingCodes(page);
  assert.ok(codes.includes('advertised-private-address'), codes.join());
  assert.ok(codes.includes('data-connection-timeout'), codes.join());
  assert.equal(codes.at(-1), 'cleartext-credentials'); // info comes last
  assert.match(await page.textContent('[data-field=format]'), /curl -v/);
  assert.match(await page.textContent('[data-field=control]'), /198\.51\.100\.20/);
  // The cause leads (issue 18): the private address the client connected to, then the timeout.
  assert.deepEqual(codes.slice(0, 2), ['advertised-private-address', 'data-connection-timeout']);
  // The data connection's outcome is there to read (issue 18: the Outcome cell was hidden).
  assert.equal(await page.locator('.dc-table td.outcome').innerText(), '✗ timed out');
  assert.ok(await page.isVisible('.dc-table td.outcome'));
  // Following a finding's line link lands on that timeline row.
  const link = page.locator('.finding[data-code=advertised-private-address] .lines a').last();
  const n = Number(await link.textContent());
  await link.click();
  assert.ok(page.url().endsWith(`#line-${n}`), page.url());
  assert.ok((await page.textContent(':target')).includes(LOG.split('\n')[n - 1]), `line ${n}`);
    // The 227 reply in the timeline carries the table of how each real client reads it.
  // Folded, and built only when opened.
  assert.equal(await page.locator('#line-9 .client-table').count(), 0);
  await page.click('#line-9 .clients summary');
  await page.waitForSelector('#line-9 .client-table tbody tr');
  assert.equal(await page.locator('#line-9 .client-table tbody tr').count(), 8);
  assert.match(await page.textContent('#line-9 .client-table tr[data-client=filezilla]'), /198\.51\.100\.20:50001 \(replaced\)/);
  // The password is masked everywhere on the page.
  assert.ok(!(await page.content()).includes('s3cret-pass'));
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link carries the log in the fragment, masked, and reopens the same report', async () => {
  const { page, context } = await open({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.fill('#input', LOG);
  await page.waitForSelector('.finding');
  const before = await findingCodes(page);
  await page.click('text=Copy share link');
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Share link copied'));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.includes('#log='), link);
  assert.ok(!link.includes('s3cret-pass'), 'password in the share link');
  // The report as Markdown, for a ticket.
  await page.click('text=Copy as Markdown');
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Markdown'));
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /^## ftp-explorer: /);
  assert.match(md, /`data-connection-timeout`/);
  assert.ok(!md.includes('s3cret-pass'));
  await context.close();

  // A new browser context opens the link: same findings, nothing fetched but the page's own files.
  const fresh = await open({}, link.slice(link.indexOf('#')));
  await fresh.page.waitForSelector('.finding');
  assert.deepEqual(await findingCodes(fresh.page), before);
  assert.match(await fresh.page.inputValue('#input'), /PASS \*\*\*\*/);
  assertOwnRequestsOnly(fresh.requests);
  await fresh.context.close();
});

test('example logs load with one click; the checker view has no axe-core violations', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, context } = await open({ colorScheme });
    await page.click('text=Active mode behind NAT');
    await page.waitForSelector('.finding[data-code=active-mode-behind-nat]');
    await page.click('text=Healthy passive session');
    await page.waitForSelector('.no-findings');
    assert.match(await page.textContent('[data-field=summary]'), /passive mode via EPSV; data connection to 203\.0\.113\.10:50012 succeeded/);
    await page.click('text=Server behind NAT');
    await page.waitForSelector('.finding[data-code=client-replaced-address]');
    assert.deepEqual(await axe(page), []);
    await context.close();
  }
});
