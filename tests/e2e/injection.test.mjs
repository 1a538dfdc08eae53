// Pasted HTML and script are shown as text, never run: in the decoder, in the checker, and via a share link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

const NASTY = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<a href="javascript:window.__pwned=\'link\'">click</a>',
];

test('pasted markup is displayed as text and never executed', async () => {
  const { page, requests, context } = await open();
  // As lines to decode (each an unknown input, shown in its error card).
  await page.fill('#input', NASTY.join('\n'));
  await page.waitForSelector('.result.err');
  // As a log: inside replies and client messages of a curl log.
  await page.fill('#input', ['> PASV', `< 227 Entering Passive Mode (10,0,0,1,195,80) ${NASTY[1]}`, `* ${NASTY[0]}`, NASTY[2]].join('\n'));
  await page.waitForSelector('.report');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#app img, #app script, #app a[href^="javascript:"]').count(), 0);
  assert.ok((await page.textContent('.timeline')).includes('onerror="window.__pwned'), 'the markup is shown as text');
  // No request was made for the <img src=x>.
  assert.ok(!requests.some((u) => u.endsWith('/x')), requests.join('\n'));
  await context.close();
});

test('a share link carrying markup shows it as text too', async () => {
  const fragment = 'log=' + encodeURIComponent(['> PASV', `< 227 (1,2,3,4,5,6) ${NASTY[0]}${NASTY[1]}`].join('\n'));
  const { page, context } = await open({}, '#' + fragment);
  await page.waitForSelector('.report');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#app img, #app script').count(), 0);
  await context.close();
});

test('nothing pasted is stored but this tab\'s session copy, passwords masked: no local storage, cookies or IndexedDB', async () => {
  const { page, context } = await open();
  await page.fill('#input', '> USER bob\n> PASS hunter2\n< 230 ok\n> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80)');
  await page.waitForSelector('.report');
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { local: 0, cookie: '', idb: 0 });
  // The session's storage (this tab only, gone when it closes) keeps the text for a reload, masked.
  const session = await page.evaluate(() => Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
  assert.ok(session.every(([k]) => k.startsWith('ftpx:')), session.map(([k]) => k).join());
  assert.equal(session.find(([k]) => k === 'ftpx:decoder:text')?.[1], '> USER bob\n> PASS ****\n< 230 ok\n> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80)');
  assert.ok(!session.some(([, v]) => v.includes('hunter2')));
  await context.close();
});

test('markup in the flow, setup and guide links is shown as text, never run', async () => {
  const { page, requests, errors, context } = await open();
  const img = encodeURIComponent(NASTY[1]);
  for (const [hash, where] of [
    [`#/flow?mode=${img}&server-public=${img}&preset=${img}`, '.problems'],
    [`#/setup?target=vsftpd&address=${img}&ports=${img}`, '.setup-form'],
    [`#/guide/${img}`, '.guide [role=alert]'],
  ]) {
    await page.goto(page.url().split('#')[0] + hash);
    await page.waitForSelector(where);
    await page.waitForTimeout(100);
    assert.ok((await page.textContent(where)).includes('onerror'), `${hash}: the markup is shown as text`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, hash);
    assert.equal(await page.locator('#app img, #app script').count(), 0, hash);
  }
  assert.ok(!requests.some((u) => u.endsWith('/x')), requests.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
