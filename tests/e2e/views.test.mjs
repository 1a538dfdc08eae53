// End to end: what happens between the views. Work survives a view switch and a reload (the decoder's
// text, masked, and its report; the flow's scenario and step; the setup form), the navigation tabs reopen
// each view's last URL, a navigation lands at the top of what it opened (or on the symptom) with the focus
// there; the loading indicator before the Wasm runs; the guide's search and keyboard path; the encoder.
// Screenshots of the guide and the encoder go to target/e2e-artifacts/views/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, axe, assertOwnRequestsOnly, env } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../fixtures/logs');
const ARTIFACTS = path.join(process.env.FTPX_ARTIFACTS ?? path.resolve(HERE, '../../target/e2e-artifacts'), 'views');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SIZES = { phone: { width: 390, height: 844 }, laptop: { width: 1366, height: 900 }, projector: { width: 1920, height: 1080 } };

const fixture = async (name) => (await readFile(path.join(FIXTURES, name), 'utf8')).replace(/\r\n/g, '\n');
const findings = (page) => page.$$eval('.finding', (els) => els.map((e) => `${e.dataset.code}: ${e.querySelector('h3')?.textContent}`));
const checked = (page) => page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Log checked'), null, { timeout: 60_000 });
const tab = (page, key) => page.click(`.site-nav a[data-tab=${key}]`);
const viewIs = (page, key) => page.waitForSelector(`.site-nav a[data-tab=${key}][aria-current=page]`);
const noSideScroll = (page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
/** Everything the page keeps in the session's storage, as one text. */
const stored = (page) => page.evaluate(() => Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`).join('\n'));

async function shot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Paste `text` into the text box as a user does (a paste event carrying it). */
async function paste(page, text) {
  await page.focus('#input');
  await page.$eval('#input', (a) => a.select());
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.querySelector('#input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('a pasted log and its report survive a visit to another view, and a reload (passwords masked)', async () => {
  const log = await fixture('lftp-vsftpd-nat-nofix-timeout.log');
  assert.match(log, /PASS guest@example\.com/); // lftp prints the password in clear
  const { page, requests, errors, context } = await open();
  await page.fill('#input', log);
  await checked(page);
  await page.fill('#range', '50000-50010');
  await checked(page);
  const before = await findings(page);
  const summary = await page.textContent('.summary-line');
  assert.ok(before.length > 0);
  await tab(page, 'guide');
  await page.waitForSelector('main.guide h2');
  await tab(page, 'analyse');
  await viewIs(page, 'analyse');
  // The same text (not the sample 227), the same options, the same report.
  assert.equal(await page.inputValue('#input'), log);
  assert.equal(await page.inputValue('#range'), '50000-50010');
  assert.deepEqual(await findings(page), before);
  assert.equal(await page.textContent('.summary-line'), summary);
  // The session's memory holds the text with the password masked, and nothing else of it.
  const memory = await stored(page);
  assert.match(memory, /PASS \*\*\*\*/);
  assert.doesNotMatch(memory, /guest@example\.com/);
  // A reload brings the text back (masked) and the same report.
  await page.reload();
  await page.waitForSelector('#input');
  await checked(page);
  assert.equal(await page.inputValue('#input'), log.replace('PASS guest@example.com', 'PASS ****'));
  assert.equal(await page.inputValue('#range'), '50000-50010');
  assert.deepEqual(await findings(page), before);
  assert.equal(await page.textContent('.summary-line'), summary);
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a text too large for the session memory is kept across views; after a reload the page says so', async () => {
  const one = await fixture('curl-vsftpd-pasv-ports-blocked-timeout.log');
  let big = '';
  while (big.length < 1.2 * 1024 * 1024) big += one;
  const { page, errors, context } = await open();
  await paste(page, big);
  await checked(page);
  const before = await findings(page);
  await tab(page, 'setup');
  await viewIs(page, 'setup');
  await tab(page, 'analyse');
  await viewIs(page, 'analyse');
  await checked(page);
  assert.deepEqual(await findings(page), before);
  assert.match(await page.textContent('.input-size'), /The box shows the first .* of 1\.\d MB/);
  await page.reload();
  await page.waitForSelector('#input');
  assert.equal(await page.inputValue('#input'), '');
  assert.match(await page.textContent('.notice'), /too large to keep across a reload .*up to 1\.0 MB/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the flow scenario and step and the setup form come back with their tabs, also after a reload', async () => {
  const { page, errors, context } = await open();
  await page.goto(env.server.url + '#/flow?preset=range-closed&step=13');
  await page.waitForFunction(() => /[?&]step=13\b/.test(location.hash));
  const flowUrl = new URL(page.url()).hash;
  assert.match(flowUrl, /preset=range-closed/);
  await tab(page, 'setup');
  await viewIs(page, 'setup');
  await page.fill('#setup-address', '198.51.100.77');
  await page.waitForFunction(() => location.hash.includes('198.51.100.77'));
  const setupUrl = new URL(page.url()).hash;
  await tab(page, 'guide');
  await page.waitForSelector('main.guide h2');
  // Each tab points at its view's last URL, and opens it.
  assert.equal(await page.getAttribute('.site-nav a[data-tab=flow]', 'href'), flowUrl);
  assert.equal(await page.getAttribute('.site-nav a[data-tab=setup]', 'href'), setupUrl);
  await tab(page, 'flow');
  await viewIs(page, 'flow');
  assert.equal(new URL(page.url()).hash, flowUrl);
  await page.waitForFunction(() => document.querySelector('#fx-narration')?.textContent.startsWith('Step 13 of '));
  await tab(page, 'setup');
  await viewIs(page, 'setup');
  assert.equal(await page.inputValue('#setup-address'), '198.51.100.77');
  // A reload keeps the current view (its URL) and the other tabs' URLs (the session's memory).
  await tab(page, 'guide');
  await page.waitForSelector('main.guide h2');
  await page.reload();
  await page.waitForSelector('main.guide h2');
  assert.equal(await page.getAttribute('.site-nav a[data-tab=flow]', 'href'), flowUrl);
  assert.equal(await page.getAttribute('.site-nav a[data-tab=setup]', 'href'), setupUrl);
  await tab(page, 'setup');
  assert.equal(await page.inputValue('#setup-address'), '198.51.100.77');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone, a guide button opens the view at its top, its heading focused', async () => {
  const { page, errors, context } = await open(PHONE);
  await page.goto(env.server.url + '#/guide/timeout-private-ip');
  await page.waitForSelector('#symptom-title');
  // Far down the guide, as after reading the entry.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await page.evaluate(() => scrollY) > 700);
  await page.click('text=Watch it happen');
  await viewIs(page, 'flow');
  await page.waitForFunction(() => scrollY < 5);
  assert.equal(await page.evaluate(() => document.activeElement?.matches('main h2')), true);
  // Back to the guide, down again, and to the checker with a log that shows the symptom.
  await page.goBack();
  await page.waitForSelector('#symptom-title');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.click('text=Check a log that shows it');
  await viewIs(page, 'analyse');
  await page.waitForSelector('.finding');
  assert.ok(await page.evaluate(() => scrollY) < 5);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'decoder-heading');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone, choosing a symptom shows its heading on screen with the focus; its actions are one Tab away', async () => {
  const { page, errors, context } = await open(PHONE);
  await page.goto(env.server.url + '#/guide');
  await page.waitForSelector('.symptoms a');
  const links = await page.$$eval('.symptoms a', (els) => els.map((e) => e.getAttribute('href')));
  for (const href of [links[links.length - 1], links[2]]) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click(`.symptoms a[href="${href}"]`);
    await page.waitForFunction(() => document.activeElement?.id === 'symptom-title');
    const box = await page.$eval('#symptom-title', (h) => h.getBoundingClientRect().toJSON());
    assert.ok(box.top >= 0 && box.bottom <= 844, `heading at ${box.top}..${box.bottom}`);
    assert.ok(box.top < 100, `heading ${box.top} px down the screen`);
  }
  // Keyboard: a symptom link and Enter, then Tab: "Watch it happen" (at most two Tabs).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus(`.symptoms a[href="${links[0]}"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement?.id === 'symptom-title' && location.hash.endsWith(id), links[0].split('/').pop());
  let tabs = 0;
  while (tabs < 12 && !(await page.evaluate(() => document.activeElement?.textContent.includes('Watch it happen')))) {
    await page.keyboard.press('Tab');
    tabs++;
  }
  assert.equal(tabs, 1, `${tabs} Tabs to "Watch it happen"`);
  const watch = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
  assert.ok(watch.top >= 0 && watch.bottom <= 844, `the focused button is on screen (${watch.top})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the guide finds symptoms by the error text in hand; the count is announced; the search is in the URL', async () => {
  const { page, errors, context } = await open(PHONE);
  await page.goto(env.server.url + '#/guide');
  await page.waitForSelector('#guide-search');
  const titles = () => page.$$eval('.symptoms a', (els) => els.map((e) => e.textContent));
  const count = () => page.textContent('#guide-search-count');
  assert.equal(await page.getAttribute('#guide-search-count', 'role'), 'status');
  await page.fill('#guide-search', '425');
  await page.waitForFunction(() => /symptoms? match/.test(document.querySelector('#guide-search-count').textContent));
  assert.equal((await titles())[0], 'Active mode: 425 Failed to establish connection');
  assert.equal(await count(), `${(await titles()).length} symptoms match “425”.`);
  assert.match(await page.textContent('.symptoms li'), /Matches 425 Failed to establish connection\./);
  await page.fill('#guide-search', 'curl: (28)');
  await page.waitForFunction(() => document.querySelector('#guide-search-count').textContent.includes('(28)'));
  assert.deepEqual(new Set(await titles()), new Set(['Timeout connecting to data port (private IP in PASV)', 'Timeout connecting to data port (range blocked)']));
  assert.equal(await count(), '2 symptoms match “curl: (28)”.');
  await page.fill('#guide-search', 'Illegal PORT');
  await page.waitForFunction(() => document.querySelector('#guide-search-count').textContent.includes('Illegal'));
  assert.deepEqual(await titles(), ['Active mode fails behind NAT (500 Illegal PORT command)']);
  assert.equal(await count(), '1 symptom matches “Illegal PORT”.');
  // A whole line from a log finds it too.
  await page.fill('#guide-search', 'ConnectionRefusedError: [Errno 111] Connection refused');
  await page.waitForFunction(() => document.querySelector('#guide-search-count').textContent.startsWith('1 symptom'));
  assert.deepEqual(await titles(), ['Connection refused to data port']);
  // The search is in the URL: a chosen symptom keeps it, a reload too.
  await page.fill('#guide-search', 'Illegal PORT');
  await page.waitForFunction(() => location.hash === '#/guide?q=Illegal%20PORT');
  await page.click('.symptoms a');
  await page.waitForFunction(() => document.activeElement?.id === 'symptom-title');
  assert.equal(new URL(page.url()).hash, '#/guide/active-illegal-port?q=Illegal%20PORT');
  await page.reload();
  await page.waitForSelector('#symptom-title');
  assert.equal(await page.inputValue('#guide-search'), 'Illegal PORT');
  assert.deepEqual(await titles(), ['Active mode fails behind NAT (500 Illegal PORT command)']);
  // Nothing matches: say so, and point at the checker.
  await page.fill('#guide-search', 'no such error 4711');
  await page.waitForFunction(() => document.querySelector('#guide-search-count').textContent.startsWith('No symptom'));
  assert.equal(await page.getAttribute('.no-match a', 'href'), '#/');
  const { scroll, width } = await noSideScroll(page);
  assert.ok(scroll <= width, `the guide scrolls sideways: ${scroll} > ${width}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a "Loading" status shows before the Wasm runs and goes when the page mounts', async () => {
  // In the HTML as served, before any script.
  const html = await readFile(path.join(process.env.FTPX_DIST ?? '../../dist', 'index.html'), 'utf8');
  const app = html.match(/<div [^>]*\bid="?app"?[^>]*>\s*<div [^>]*>/)?.[0] ?? '';
  assert.match(app, /aria-busy="?true"?/, app);
  assert.match(app, /class="?loading"?/, app);
  assert.match(app, /role="?status"?/, app);
  // With the page's code held back, the status is what the user sees under the intro.
  const context = await env.browser.newContext({ viewport: SIZES.phone });
  const page = await context.newPage();
  await page.route(/ftp-explorer-web-[0-9a-f]+(_wasm)?\.js$/, (route) => route.abort());
  await page.goto(env.server.url);
  const status = page.locator('#app .loading[role=status]');
  await status.waitFor();
  assert.match(await status.textContent(), /Loading/);
  const box = await status.boundingBox();
  assert.ok(box && box.height > 40 && box.y < 844, JSON.stringify(box));
  assert.equal(await page.getAttribute('#app', 'aria-busy'), 'true');
  assert.equal(await page.$eval('.loading-spinner', (s) => getComputedStyle(s).animationName), 'loading-spin');
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'loading-phone.png') });
  await context.close();
  // Reduced motion: no spinning.
  const still = await env.browser.newContext({ reducedMotion: 'reduce' });
  const p2 = await still.newPage();
  await p2.route(/ftp-explorer-web-[0-9a-f]+(_wasm)?\.js$/, (route) => route.abort());
  await p2.goto(env.server.url);
  await p2.locator('#app .loading').waitFor();
  assert.equal(await p2.$eval('.loading-spinner', (s) => getComputedStyle(s).display), 'none');
  await still.close();
  // Normally: gone once the page is there, and the region is no longer busy.
  const { page: ready, context: c3 } = await open();
  assert.equal(await ready.locator('.loading').count(), 0);
  assert.equal(await ready.getAttribute('#app', 'aria-busy'), null);
  await c3.close();
});

const FORMS = [
  ['pasv', '192.168.1.100', '50000', '227 Entering Passive Mode (192,168,1,100,195,80)'],
  ['epsv', '', '6446', '229 Entering Extended Passive Mode (|||6446|)'],
  ['port', '203.0.113.50', '65535', 'PORT 203,0,113,50,255,255'],
  ['eprt', '2001:db8::7', '6275', 'EPRT |2|2001:db8::7|6275|'],
  ['lpsv', '4.4.8.8', '612', '228 Entering Long Passive Mode (4,4,4,4,8,8,2,2,100)'],
  ['lprt', '::1', '1025', 'LPRT 6,16,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,2,4,1'],
];

async function openEncoder(page) {
  if (!(await page.$('details.encoder[open]'))) await page.click('details.encoder summary');
  await page.waitForSelector('#enc-kind');
}

test('the encoder fits a phone, writes each form and decodes it back', async () => {
  // On a phone (as a phone lays the page out), the open encoder fits the screen.
  const { page: phone, context: c1 } = await open(PHONE);
  await phone.click('#clear');
  await openEncoder(phone);
  const fits = await noSideScroll(phone);
  assert.ok(fits.scroll <= fits.width, `the encoder scrolls sideways: ${fits.scroll} > ${fits.width}`);
  for (const id of ['#enc-kind', '#enc-address', '#enc-port', '#enc-decode', '#enc-copy', '#encoded']) {
    const box = await phone.locator(id).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${id} at ${box.x}+${box.width}`);
  }
  await shot(phone, 'encoder-phone-mobile');
  await c1.close();
  const { page, errors, context } = await open({ viewport: SIZES.phone });
  await openEncoder(page);
  for (const [kind, address, port, text] of FORMS) {
    await page.selectOption('#enc-kind', kind);
    if (kind !== 'epsv') await page.fill('#enc-address', address);
    await page.fill('#enc-port', port);
    await page.waitForFunction((t) => document.querySelector('#encoded')?.textContent === t, text);
    await page.click('#enc-decode');
    await page.waitForFunction((t) => document.querySelector('#input').value === t, text);
    await page.waitForFunction((p) => document.querySelector('.result [data-field=port]')?.textContent === p, port);
    // Decoded: an ok card, or a warning card where the address is not public (documentation space here).
    assert.match(await page.getAttribute('.result', 'class'), /^result (ok|warn)$/);
    if (kind !== 'epsv') assert.equal(await page.textContent('.result [data-field=ip]'), address);
  }
  // EPSV carries no address: the field is off and says why.
  await page.selectOption('#enc-kind', 'epsv');
  assert.equal(await page.isDisabled('#enc-address'), true);
  assert.match(await page.textContent('#enc-address-msg'), /229 reply carries no address/);
  const form = await page.$eval('details.encoder', (d) => ({ scroll: d.scrollWidth, width: d.clientWidth, right: d.getBoundingClientRect().right }));
  assert.ok(form.scroll <= form.width && form.right <= 390, JSON.stringify(form));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the encoder shows each error beside its field, with the core\'s code, and keeps its fields', async () => {
  const { page, errors, context } = await open();
  await openEncoder(page);
  const expect = async (kind, address, port, field, code) => {
    await page.selectOption('#enc-kind', kind);
    await page.fill('#enc-address', address);
    await page.fill('#enc-port', port);
    await page.waitForFunction(([f, c]) => document.querySelector(`#enc-${f}-msg`)?.textContent.startsWith(c), [field, code]);
    assert.equal(await page.getAttribute(`#enc-${field}`, 'aria-invalid'), 'true');
    assert.equal(await page.isDisabled('#enc-decode'), true);
    assert.doesNotMatch(await page.textContent('#encoded'), /^\d{3} |^[A-Z]{4} /);
    // The message sits beside (under) its own field.
    const [input, msg] = [await page.locator(`#enc-${field}`).boundingBox(), await page.locator(`#enc-${field}-msg`).boundingBox()];
    assert.ok(msg.y >= input.y + input.height - 1 && msg.y - (input.y + input.height) < 30 && Math.abs(msg.x - input.x) < 2, JSON.stringify([input, msg]));
  };
  await expect('pasv', '2001:db8::1', '50000', 'address', 'wrong-family');
  assert.match(await page.textContent('#enc-address-msg'), /use EPSV/);
  await expect('port', '2001:db8::1', '50000', 'address', 'wrong-family');
  await expect('port', '0.0.0.0', '50000', 'address', 'unspecified-address');
  await expect('eprt', '', '50000', 'address', 'bad-address');
  await expect('pasv', '10.0.0.01', '50000', 'address', 'leading-zero');
  await expect('pasv', '10.0.0.1', '0', 'port', 'port-zero');
  await expect('pasv', '10.0.0.1', '65536', 'port', 'port-out-of-range');
  await expect('lprt', '10.0.0.1', '5e4', 'port', 'bad-port');
  // Fixed: the text is back.
  await page.fill('#enc-port', '50001');
  await page.waitForFunction(() => document.querySelector('#encoded').textContent === 'LPRT 4,4,10,0,0,1,2,195,81');
  assert.equal(await page.getAttribute('#enc-port', 'aria-invalid'), 'false');
  // The fields survive another view and a reload.
  await tab(page, 'flow');
  await viewIs(page, 'flow');
  await tab(page, 'analyse');
  await page.waitForSelector('details.encoder[open]');
  assert.equal(await page.inputValue('#enc-kind'), 'lprt');
  assert.equal(await page.inputValue('#enc-address'), '10.0.0.1');
  await page.reload();
  await page.waitForSelector('details.encoder[open]');
  assert.equal(await page.textContent('#encoded'), 'LPRT 4,4,10,0,0,1,2,195,81');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`the guide's search and the encoder have no axe-core violations (${colorScheme})`, async () => {
    const { page, context } = await open({ colorScheme });
    await openEncoder(page);
    await page.selectOption('#enc-kind', 'pasv');
    await page.fill('#enc-address', '2001:db8::1');
    await page.waitForSelector('#enc-address[aria-invalid=true]');
    assert.deepEqual(await axe(page), []);
    await page.goto(env.server.url + '#/guide/active-timeout?q=425');
    await page.waitForSelector('#symptom-title');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('screenshots: the guide (list, a symptom, a search) and the encoder, at three sizes, light and dark', async () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await open({ viewport, colorScheme });
      const side = async (what) => {
        const { scroll, width } = await noSideScroll(page);
        assert.ok(scroll <= width, `${what} at ${size}: ${scroll} > ${width}`);
      };
      await openEncoder(page);
      await page.selectOption('#enc-kind', 'eprt');
      await page.fill('#enc-address', '2001:db8::7');
      await page.fill('#enc-port', '6275');
      await page.click('#enc-decode');
      await page.waitForSelector('.result:not(.err)');
      await side('the encoder');
      await shot(page, `encoder-${size}-${colorScheme}`);
      await page.selectOption('#enc-kind', 'pasv');
      await page.waitForSelector('#enc-address[aria-invalid=true]');
      await side('the encoder with an error');
      await shot(page, `encoder-error-${size}-${colorScheme}`);
      await page.locator('details.encoder').screenshot({ path: path.join(ARTIFACTS, `encoder-form-${size}-${colorScheme}.png`) });
      await tab(page, 'guide');
      await page.waitForSelector('.symptoms a');
      await side('the guide');
      await shot(page, `guide-list-${size}-${colorScheme}`);
      await page.click('.symptoms a[href="#/guide/timeout-private-ip"]');
      await page.waitForFunction(() => document.activeElement?.id === 'symptom-title');
      await side('a symptom');
      await page.screenshot({ path: path.join(ARTIFACTS, `guide-symptom-${size}-${colorScheme}.png`) });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.fill('#guide-search', 'curl: (28)');
      await page.waitForFunction(() => document.querySelector('#guide-search-count').textContent.startsWith('2'));
      await side('a search');
      await page.screenshot({ path: path.join(ARTIFACTS, `guide-search-${size}-${colorScheme}.png`) });
      await context.close();
    }
  }
});

test('on a projector the header and tabs line up with every view, the wide ones included', async () => {
  for (const hash of ['#/', '#/flow?preset=pasv-private-ip', '#/setup', '#/guide']) {
    const { page, context } = await open({ viewport: SIZES.projector });
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForFunction(() => document.querySelectorAll('main h2').length > 0);
    await page.waitForTimeout(300);
    const left = (sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().left
      + parseFloat(getComputedStyle(document.querySelector(s)).paddingLeft), sel);
    const [header, nav, main] = [await left('.site-header'), await left('.site-nav'), await left('main')];
    assert.ok(Math.abs(header - main) <= 2 && Math.abs(nav - main) <= 2,
      `${hash}: header ${header}, tabs ${nav}, view ${main}`);
    await context.close();
  }
});
