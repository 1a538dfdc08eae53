// End to end, issue 18 on the Server setup view (#/setup): typing never blanks the output and is not
// shouted at; every checkbox sits on its label's line; the server's configuration and its firewall rules
// are shown together, each downloadable as a file made in the page; the settings come before the long
// comments; no sideways scroll on a phone; axe-clean light and dark; screenshots at three sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe, env } from './harness.mjs';

const ARTIFACTS = path.join(
  process.env.FTPX_ARTIFACTS ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/e2e-artifacts'),
  'setup',
);

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const PROJECTOR = { width: 1920, height: 1080 };

/** A fresh context on `#/setup?QUERY`, recording requests, page errors and console errors (a CSP
 * violation is reported on the console). */
async function openSetup(query = '', options = {}) {
  const context = await env.browser.newContext({ viewport: LAPTOP, ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.server.url + '#/setup' + (query ? `?${query}` : ''));
  await page.waitForSelector('#setup-output-0 .config-text');
  return { page, context, requests, errors };
}

/** Let the page render what the last event changed. */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

const text = async (page, n) => (await page.textContent(`#setup-output-${n} .config-text`)) ?? '';
const status = async (page, n) => (await page.textContent(`#setup-output-${n} .setup-status`)) ?? '';

/** What a user sees of an output right now: its text is there, on screen-sized boxes, not empty. */
async function visibleOutput(page, n) {
  const box = await page.locator(`#setup-output-${n} .config-text`).boundingBox();
  assert.ok(box && box.height > 80 && box.width > 200, `output ${n} is not visible: ${JSON.stringify(box)}`);
  const t = await text(page, n);
  assert.ok(t.length > 500, `output ${n} is nearly empty`);
  return t;
}

/** Only the page's own files; a download's blob: URL is made in the page and is no request. */
function ownRequestsOnly(requests) {
  for (const url of requests) {
    assert.ok(url.startsWith(env.server.url) || url.startsWith('data:') || url.startsWith('blob:' + env.server.origin), `unexpected request ${url}`);
  }
}

test('ticking "behind NAT", then typing the address character by character: the output never goes, no error before the field is left', async () => {
  const { page, context, errors } = await openSetup();
  const before = await visibleOutput(page, 0);
  assert.doesNotMatch(before, /^pasv_address=/m);
  await page.check('#setup-nat');
  await settle(page);
  // The configuration stays, marked not updated; what is needed is said beside the address field.
  assert.equal(await visibleOutput(page, 0), before);
  assert.match(await status(page, 0), /Not updated: “Public address to advertise” is needed here/);
  const needed = page.locator('#setup-address-problems [data-code=address-required]');
  assert.equal(await needed.count(), 1);
  assert.match(await needed.getAttribute('class'), /needed/);
  assert.doesNotMatch(await needed.textContent(), /Error/);
  assert.equal(await page.getAttribute('#setup-address', 'aria-invalid'), 'false');
  assert.equal(await page.getAttribute('#setup-address', 'aria-required'), 'true');
  assert.match(await page.getAttribute('#setup-address', 'aria-describedby'), /setup-address-problems/);
  // Beside the field: the message's box is right under the input, not elsewhere on the page.
  const input = await page.locator('#setup-address').boundingBox();
  const msg = await needed.boundingBox();
  assert.ok(msg.y >= input.y + input.height - 1 && msg.y - (input.y + input.height) < 80, `${JSON.stringify(input)} ${JSON.stringify(msg)}`);
  // The firewall rules do not need the address: they follow at once.
  assert.match(await status(page, 1), /Up to date/);
  assert.match(await text(page, 1), /Behind NAT: yes/);

  await page.click('#setup-address');
  const address = '198.51.100.20';
  for (let i = 0; i < address.length; i++) {
    await page.keyboard.type(address[i]);
    await settle(page);
    const typed = address.slice(0, i + 1);
    await visibleOutput(page, 0);
    assert.equal(await page.locator('#setup-address-problems .problem.error').count(), 0, `an error while typing '${typed}'`);
    assert.notEqual(await page.getAttribute('#setup-address', 'aria-invalid'), 'true', typed);
    if (i < address.length - 2) {
      // Not an address yet ("198.51.100.2" is one): the last text stays, and the status says why.
      assert.match(await status(page, 0), /Not updated/, typed);
    }
  }
  // Complete: the text follows at once, before the field is even left.
  assert.match(await text(page, 0), /^pasv_address=198\.51\.100\.20$/m);
  assert.match(await status(page, 0), /Up to date/);
  // Leaving the field shows what was held back (a documentation address: a warning).
  await page.press('#setup-address', 'Tab');
  await page.waitForSelector('#setup-address-problems [data-code=address-documentation]');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a value still wrong when the field is left: the error beside it, the output kept and marked not updated', async () => {
  const { page, context } = await openSetup('target=vsftpd&firewall=iptables&address=198.51.100.20&nat=1');
  const good = await visibleOutput(page, 0);
  assert.match(good, /^pasv_address=198\.51\.100\.20$/m);
  await page.fill('#setup-address', '198.51.100.256');
  await settle(page);
  // While typing: a gentle note only.
  assert.equal(await page.locator('#setup-address-problems .problem.error').count(), 0);
  assert.match(await page.textContent('#setup-address-problems'), /checked when you leave the field/);
  assert.match(await status(page, 0), /Not updated yet: finish “Public address to advertise”/);
  await page.press('#setup-address', 'Tab');
  const error = page.locator('#setup-address-problems [data-code=address-invalid]');
  await error.waitFor();
  assert.match(await error.getAttribute('class'), /error/);
  assert.match(await error.textContent(), /✖ Error: '198\.51\.100\.256' is not an IP address/);
  assert.equal(await page.getAttribute('#setup-address', 'aria-invalid'), 'true');
  const input = await page.locator('#setup-address').boundingBox();
  const box = await error.boundingBox();
  assert.ok(box.y >= input.y + input.height - 1 && box.y - (input.y + input.height) < 80, 'the error sits right under its field');
  // The last configuration that matched stays, clearly marked.
  assert.equal(await text(page, 0), good);
  assert.match(await status(page, 0), /Not updated: fix “Public address to advertise” \(see the message beside it\)\. Shown: the last configuration that matched the form\./);
  assert.match(await page.getAttribute('#setup-output-0 .config-text', 'class'), /stale/);
  // The status's field name takes the keyboard to the field.
  await page.click('#setup-output-0 .setup-go');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'setup-address');
  // The firewall rules do not use the address, but refuse one that is not even an address (as the
  // command line does): they keep their last text too.
  assert.match(await status(page, 1), /Not updated: fix “Public address to advertise”/);
  await visibleOutput(page, 1);
  // A character that can never be right is an error at once, while typing.
  await page.fill('#setup-address', '198.51.100.20 x');
  await page.waitForSelector('#setup-address-problems [data-code=address-invalid].error');
  await context.close();
});

test('a link that cannot be generated still shows a text: the rest of the settings, saying what is left out', async () => {
  const { page, context } = await openSetup('target=proftpd&firewall=docker&nat=1&ports=50000-50100');
  for (const n of [0, 1]) {
    await visibleOutput(page, n);
    assert.match(await status(page, n), /Not updated: “Public address to advertise” is needed here\. Shown: the configuration without “Public address to advertise”\./);
  }
  assert.match(await text(page, 0), /^PassivePorts 50000 50100$/m);
  assert.match(await text(page, 1), /-p 50000-50100:50000-50100\/tcp/);
  await context.close();
});

test('the server configuration and the firewall rules are both on the page; each downloads as its file, exactly', async () => {
  const { page, context, requests, errors } = await openSetup('target=vsftpd&address=198.51.100.20&nat=1&ports=50000-50100');
  const server = await visibleOutput(page, 0);
  const rules = await visibleOutput(page, 1);
  assert.match(await page.textContent('#setup-output-0 h3'), /vsftpd configuration · vsftpd\.conf/);
  assert.match(await page.textContent('#setup-output-1 h3'), /nftables firewall rules · ftp-server\.nft/);
  assert.match(server, /^pasv_min_port=50000$/m);
  assert.match(rules, /tcp dport 50000-50100 ct state new accept/);
  // At 1366×900 both start on the first screen's width, one under the other, beside the form.
  for (const n of [0, 1]) {
    const box = await page.locator(`#setup-output-${n}`).boundingBox();
    assert.ok(box.x + box.width <= LAPTOP.width, `output ${n} sticks out`);
  }
  const form = await page.locator('.setup-form').boundingBox();
  const out0 = await page.locator('#setup-output-0').boundingBox();
  assert.ok(out0.x >= form.x + form.width, 'the outputs sit beside the form');
  assert.ok(out0.y < LAPTOP.height / 2, 'the configuration starts on the first screen');

  for (const [n, name, body] of [[0, 'vsftpd.conf', server], [1, 'ftp-server.nft', rules]]) {
    const button = page.locator(`#setup-output-${n} .setup-download`);
    assert.equal(await button.textContent(), `Download ${name}`);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.equal(download.suggestedFilename(), name);
    assert.ok(download.url().startsWith('blob:'), download.url());
    const saved = await readFile(await download.path(), 'utf8');
    assert.equal(saved, body, `${name}: the file is the text shown`);
  }
  // Another pair: iptables' script, Docker's.
  await page.selectOption('#setup-firewall', 'iptables');
  await page.waitForFunction(() => document.querySelector('#setup-output-1')?.dataset.filename === 'ftp-iptables.sh');
  assert.match(page.url(), /firewall=iptables/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#setup-output-1 .setup-download')]);
  assert.equal(download.suggestedFilename(), 'ftp-iptables.sh');
  assert.equal(await readFile(await download.path(), 'utf8'), await text(page, 1));
  assert.deepEqual(errors, [], 'no CSP violation, no error');
  ownRequestsOnly(requests);
  await context.close();
});

test('the settings come first: vsftpd.conf\'s first setting is within its first five lines, the notes after the last setting', async () => {
  const { page, context } = await openSetup('target=vsftpd&address=198.51.100.20&nat=1&tls=1');
  const lines = (await text(page, 0)).split('\n');
  const first = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  assert.ok(first >= 0 && first < 5, `the first setting is on line ${first + 1}`);
  const notes = lines.findIndex((l) => l.startsWith('# NOTES:'));
  const last = lines.findLastIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  assert.ok(notes > last, 'the notes come after every setting');
  // The notes are set apart on the page (muted), the settings are not.
  const [settingsColour, notesColour] = await page.evaluate(() => {
    const code = document.querySelector('#setup-output-0 .config-text code');
    return [getComputedStyle(code).color, getComputedStyle(code.querySelector('.config-notes')).color];
  });
  assert.notEqual(settingsColour, notesColour);
  await context.close();
});

test('keyboard only: Tab through the form, Space ticks a box, Enter commits a field and downloads', async () => {
  const { page, context } = await openSetup();
  await page.focus('#setup-firewall');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'setup-nat');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#setup-nat'), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'setup-address');
  await page.keyboard.type('198.51.100.7');
  await settle(page);
  assert.equal(await page.locator('#setup-address-problems [data-code=address-documentation]').count(), 0, 'held back while typing');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#setup-address-problems [data-code=address-documentation]');
  assert.match(await text(page, 0), /^pasv_address=198\.51\.100\.7$/m);
  await page.focus('#setup-output-0 .setup-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'vsftpd.conf');
  await context.close();
});

for (const viewport of [PHONE, LAPTOP]) {
  test(`every checkbox sits on the line of its label, box first (${viewport.width}×${viewport.height})`, async () => {
    const { page, context } = await openSetup('', { viewport });
    const checks = await page.$$eval('.setup-form input[type=checkbox]', (els) => els.map((input) => {
      const label = document.querySelector(`label[for="${input.id}"]`);
      const a = input.getBoundingClientRect();
      const b = label.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(label).lineHeight);
      return { id: input.id, box: [a.left, a.top, a.right, a.bottom], label: [b.left, b.top, b.right, b.bottom], line };
    }));
    assert.deepEqual(checks.map((c) => c.id), ['setup-nat', 'setup-active', 'setup-tls']);
    for (const c of checks) {
      const [bl, bt, br, bb] = c.box;
      const [ll, lt, , lb] = c.label;
      assert.ok(br <= ll, `${c.id}: the box is left of its label`);
      assert.ok(ll - br < 16, `${c.id}: the label is next to the box`);
      // The box's middle lies within the label's first line.
      const mid = (bt + bb) / 2;
      assert.ok(mid >= lt && mid <= lt + c.line && mid <= lb, `${c.id}: box ${bt}-${bb}, label first line ${lt}-${lt + c.line}`);
    }
    // All three the same way: the same distance between box and label.
    const gaps = checks.map((c) => Math.round(c.label[0] - c.box[2]));
    assert.equal(new Set(gaps).size, 1, `gaps ${gaps}`);
    await context.close();
  });
}

test('no sideways scroll at 390×844: long lines scroll inside their own box', async () => {
  const { page, context } = await openSetup('target=pure-ftpd&firewall=iptables&address=ftp.a-rather-long-host-name.example.com&nat=1&tls=1&max_clients=0', { viewport: PHONE });
  await page.click('.setup-more summary');
  await page.fill('#setup-ports', '1000-80000');
  await page.press('#setup-ports', 'Tab');
  await page.waitForSelector('#setup-ports-problems .problem.error');
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    view: document.documentElement.clientWidth,
    boxes: [...document.querySelectorAll('.config-text')].map((p) => [p.scrollWidth, p.clientWidth, p.getBoundingClientRect().right]),
  }));
  assert.ok(widths.page <= widths.view, `the page scrolls sideways: ${widths.page} > ${widths.view}`);
  for (const [scroll, client, right] of widths.boxes) {
    assert.ok(right <= widths.view, 'a box sticks out');
    assert.ok(scroll > client, 'the long lines scroll inside the box');
  }
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds nothing on the setup view, with messages and a stale output (${colorScheme})`, async () => {
    const { page, context } = await openSetup('target=vsftpd&firewall=docker&nat=1&max_clients=0&tls=1', { colorScheme });
    await page.waitForSelector('#setup-address-problems [data-code=address-required]');
    assert.deepEqual(await axe(page), []);
    await page.fill('#setup-ports', '60000-59000');
    await page.press('#setup-ports', 'Tab');
    await page.waitForSelector('#setup-ports-problems .problem.error');
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test('screenshots of the setup view: phone, laptop, projector, light and dark (test artifacts)', async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const query = 'target=vsftpd&firewall=nftables&address=198.51.100.20&nat=1&ports=50000-51000';
  for (const [name, viewport] of [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]]) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await openSetup(query, { viewport, colorScheme });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} ${colorScheme}: sideways scroll of ${overflow} px`);
      if (name === 'projector') {
        // Side by side, each box holds a whole comment line (92 columns) without scrolling.
        const boxes = await page.evaluate(() => [...document.querySelectorAll('.config-text')].map((p) => {
          const s = document.createElement('span');
          s.textContent = '#'.repeat(92);
          p.querySelector('code').prepend(s);
          const fits = s.getBoundingClientRect().width <= p.clientWidth - 2 * parseFloat(getComputedStyle(p).paddingLeft);
          const top = p.getBoundingClientRect().top;
          s.remove();
          return { fits, top };
        }));
        assert.equal(boxes.length, 2);
        assert.ok(boxes.every((b) => b.fits), `${colorScheme}: a 92-column line does not fit`);
        assert.equal(Math.round(boxes[0].top), Math.round(boxes[1].top), 'the two texts side by side');
      }
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${colorScheme}.png`) });
      if (name === 'phone') await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${colorScheme}-full.png`), fullPage: true });
      await context.close();
    }
  }
  // The form while an address is still needed and a range is wrong.
  const { page, context } = await openSetup('target=proftpd&firewall=ufw&nat=1', { viewport: LAPTOP });
  await page.fill('#setup-ports', '60000-59000');
  await page.press('#setup-ports', 'Tab');
  await page.waitForSelector('#setup-ports-problems .problem.error');
  await page.screenshot({ path: path.join(ARTIFACTS, 'laptop-problems.png') });
  await context.close();
});
