// End to end, issue 18 (the administrator's view, Decode & check): what a user sees on a phone, a laptop
// and a projector. The Outcome column says how each data connection ended; the first finding of every
// fixture log is its README headline; nothing scrolls sideways at 390 px; a private 227 is a warning card;
// the malformed-reply note agrees with the client table; the timeline's flags and the findings' links go
// somewhere real. Screenshots of the decoder and the report land in target/e2e-artifacts/check/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { open, axe, assertOwnRequestsOnly } from './harness.mjs';

const LOGS = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../target/e2e-artifacts/check/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
const PROJECTOR = { width: 1920, height: 1080 };

const logFiles = readdirSync(LOGS).filter((f) => f.endsWith('.log')).sort();
const readLog = (f) => readFileSync(LOGS + f, 'latin1');

/** The README's "Headline: the first finding for each log" table: file → code (null: no finding). */
function headlines() {
  const readme = readFileSync(LOGS + 'README.md', 'utf8');
  const start = readme.indexOf('### Headline: the first finding for each log');
  assert.ok(start > 0, 'the headline table');
  const rows = new Map();
  for (const line of readme.slice(start).split('\n')) {
    const m = /^\| `([^`]+\.log)` \| (?:`([a-z-]+)`|none) \| ([a-z—]+) \|/.exec(line);
    if (m) rows.set(m[1], m[2] ?? null);
  }
  return rows;
}

// A log as the checker shows it (a log from the first text on, whatever was in the box).
async function paste(page, text) {
  if (await page.inputValue('#input')) {
    await page.click('#clear');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Nothing to decode yet.');
  }
  await page.fill('#input', text);
  await page.waitForFunction(() => /^Log checked/.test(document.querySelector('#status')?.textContent ?? ''));
}

async function decodeText(page, text) {
  await page.fill('#input', text);
  await page.waitForFunction(() => /decoded/.test(document.querySelector('#status')?.textContent ?? ''));
}

/** The page's width beyond the viewport (0 = no sideways scrolling). */
async function overflow(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
}

/** Every data connection's Outcome cell, as seen: its text, whether it shows, and the row's outcome. */
async function outcomes(page) {
  return page.$$eval('.dc-table tbody tr', (rows) => rows.map((tr) => {
    const td = tr.querySelector('td.outcome');
    const r = td.getBoundingClientRect();
    const style = getComputedStyle(td);
    return {
      want: tr.dataset.outcome,
      text: td.innerText.trim(),
      shown: r.width > 0 && r.height > 0 && style.display !== 'none' && style.visibility !== 'hidden',
      inside: r.left >= 0 && r.right <= window.innerWidth + 0.5,
    };
  }));
}

/** Words of the data-connection table broken across lines ("pa/ssi/ve"): a word whose glyphs take more
 * than one line box. Long endpoints may wrap; words up to 20 characters must not. */
async function brokenWords(page) {
  return page.evaluate(() => {
    const broken = [];
    for (const td of document.querySelectorAll('.dc-table td')) {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\S+/g)) {
          if (m[0].length > 20) continue;
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  });
}

test('every data connection says how it ended, in words, in the Outcome column (phone and laptop)', async () => {
  const cases = [
    ['curl-vsftpd-nat-no-skip-timeout.log', ['timed out']],
    ['curl-vsftpd-nat-no-skip-refused.log', ['refused']],
    ['curl-vsftpd-healthy-epsv.log', ['succeeded']],
    ['curl-vsftpd-active-port-blocked-refused.log', ['failed']],
    ['inetutils-vsftpd-nat-address-mismatch.log', ['not attempted']],
    ['curl-vsftpd-pasv-ports-blocked-refused.log', ['refused', 'refused']],
  ];
  for (const viewport of [LAPTOP, PHONE]) {
    const { page, context } = await open({ viewport });
    for (const [file, want] of cases) {
      await paste(page, readLog(file));
      const seen = await outcomes(page);
      assert.deepEqual(seen.map((o) => o.text.replace(/^[✓✗–?]\s*/, '').replace(/^Outcome:\s*/, '')), want, `${file} at ${viewport.width}px`);
      for (const o of seen) {
        assert.ok(o.shown, `${file}: the Outcome cell is hidden`);
        assert.ok(o.inside, `${file}: the Outcome cell is off-screen at ${viewport.width}px`);
        assert.ok(o.text.includes(o.want), `${file}: "${o.text}" does not say "${o.want}"`);
      }
    }
    // On a phone each row is a small card whose lines say what they are.
    if (viewport === PHONE) {
      const labels = await page.$$eval('.dc-table tbody tr:first-child td', (tds) => tds.map((td) => {
        const before = getComputedStyle(td, '::before');
        return { label: td.dataset.label, shown: before.content !== 'none' && before.content !== 'normal' && before.display !== 'none', text: td.innerText };
      }));
      assert.deepEqual(labels.map((l) => l.label), ['Connection', 'Mode', 'Negotiated with', 'Advertised', 'Client connected to', 'Transfer', 'Outcome']);
      assert.ok(labels.every((l) => l.shown), JSON.stringify(labels));
      assert.equal(labels[6].text, '✗ refused');
      assert.equal(labels[1].text, 'passive');
      // One card per row: the cells stack (each starts below the one before).
      const tops = await page.$$eval('.dc-table tbody tr:first-child td', (tds) => tds.map((td) => td.getBoundingClientRect().top));
      assert.ok(tops.every((t, i) => i === 0 || t > tops[i - 1]), `${tops}`);
      assert.deepEqual(await brokenWords(page), []);
    }
    await context.close();
  }
});

test('every fixture log pasted on a phone: its README headline first, outcomes shown, no sideways scrolling, flags that lead to findings', async () => {
  const want = headlines();
  assert.equal(want.size, logFiles.length, 'the README lists every log');
  const { page, errors, requests, context } = await open({ viewport: PHONE });
  const problems = [];
  for (const file of logFiles) {
    await paste(page, readLog(file));
    const first = await page.$eval('.report', (r) => r.querySelector('.finding')?.dataset.code ?? null);
    if (first !== want.get(file)) problems.push(`${file}: first finding ${first}, README ${want.get(file)}`);
    const over = await overflow(page);
    if (over > 0) problems.push(`${file}: the page is ${over}px wider than the phone`);
    for (const o of await outcomes(page)) {
      if (!o.shown || !o.text.includes(o.want)) problems.push(`${file}: outcome "${o.text}" (want ${o.want})`);
    }
    const broken = await brokenWords(page);
    if (broken.length) problems.push(`${file}: words broken across lines: ${broken.join(' ')}`);
    // Every "see finding" mark is a link to a finding that is on the page.
    const flags = await page.$$eval('.timeline .flag', (fs) => fs.map((f) => {
      const a = f.querySelector('a[href^="#finding-"]');
      return a ? (document.getElementById(a.getAttribute('href').slice(1))?.classList.contains('finding') ? 'ok' : 'dangling') : 'no link';
    }));
    if (flags.some((f) => f !== 'ok')) problems.push(`${file}: flags ${flags.join(',')}`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(errors, []);
  assertOwnRequestsOnly(requests);
  await context.close();
});

test('the NAT timeout leads with the private address, and its checks name the control address', async () => {
  const { page, context } = await open({ viewport: LAPTOP });
  for (const file of ['lftp-vsftpd-nat-nofix-timeout.log', 'ftplib-vsftpd-nat-trust-timeout.log', 'curl-pure-ftpd-nat-no-skip-timeout.log']) {
    await paste(page, readLog(file));
    const codes = await page.$$eval('.finding', (fs) => fs.map((f) => `${f.dataset.code} ${f.classList.contains('error') ? 'error' : f.classList.contains('warning') ? 'warning' : 'info'}`));
    assert.deepEqual(codes.slice(0, 2), ['advertised-private-address error', 'data-connection-timeout warning'], file);
    assert.match(await page.textContent('[data-field=summary]'), /^1 error, 1 warning: The server advertised 10\.255\.0\.5, a private address/, file);
    const fixes = await page.$$eval('.finding .fix', (ps) => ps.map((p) => p.innerText).join('\n'));
    assert.ok(!fixes.includes('nc -zv 10.255.0.5'), `${file}: ${fixes}`);
    assert.match(fixes, file.startsWith('ftplib') ? /nc -zv SERVER 5000\d/ : /nc -zv 127\.0\.0\.1 500\d\d/, file);
  }
  await context.close();
});

test('the decoder fits a phone: the default card, a malformed 227 and its marked byte stay on screen', async () => {
  const { page, context } = await open({ viewport: PHONE });
  await page.waitForSelector('.results .result');
  // The default sample (a 227 with a private address, its client table unfolded).
  assert.equal(await overflow(page), 0, 'the default card scrolls the page sideways');
  const card = await page.$eval('.results .result', (c) => c.getBoundingClientRect().toJSON());
  assert.ok(card.right <= 390, `card right edge at ${card.right}px`);
  // A malformed reply: the offending byte is marked and visible.
  await decodeText(page, '227 Entering Passive Mode (1,2,3,4,256,1)');
  await page.waitForSelector('.result.err mark');
  assert.equal(await overflow(page), 0);
  await page.$eval('.result.err mark', (m) => m.scrollIntoView({ block: 'center' }));
  const mark = await page.$eval('.result.err mark', (m) => m.getBoundingClientRect().toJSON());
  assert.ok(mark.left >= 0 && mark.right <= 390 && mark.width > 0, `the marked byte at ${mark.left}–${mark.right}px`);
  assert.equal(await page.textContent('.result.err mark'), '256');
  // The client table reflows into one card per client: no sideways scrolling inside it either.
  const inner = await page.$eval('.result.err .clients', (d) => d.scrollWidth - d.clientWidth);
  assert.ok(inner <= 0, `the client table scrolls ${inner}px sideways`);
  await context.close();
});

test('on a laptop and a projector the decoded card stays inside its column', async () => {
  for (const viewport of [LAPTOP, PROJECTOR]) {
    const { page, context } = await open({ viewport });
    await page.waitForSelector('.results .result .client-table');
    const [card, column] = await page.evaluate(() => [
      document.querySelector('.results .result').getBoundingClientRect().toJSON(),
      document.querySelector('section.decoder').getBoundingClientRect().toJSON(),
    ]);
    assert.ok(card.right <= column.right + 0.5, `card ends at ${card.right}, its column at ${column.right} (${viewport.width}px)`);
    // The client table fits its card: every column readable without scrolling.
    const inner = await page.$eval('.results .result .clients', (d) => d.scrollWidth - d.clientWidth);
    assert.ok(inner <= 0, `the client table is ${inner}px wider than its card (${viewport.width}px)`);
    assert.equal(await overflow(page), 0);
    await context.close();
  }
});

test('a 227 with a private address is a warning card, not the ✓ one; a clean one is ✓', async () => {
  const { page, context } = await open({ viewport: LAPTOP });
  await decodeText(page, '227 Entering Passive Mode (192,168,1,100,195,80).');
  const card = page.locator('.results .result').first();
  assert.ok(await card.evaluate((c) => c.classList.contains('warn') && !c.classList.contains('ok')));
  const heading = await card.locator('h3').innerText();
  assert.match(heading, /^⚠ 227 reply \(PASV\) — decoded, with a warning$/);
  assert.ok(!heading.includes('✓'));
  // Not colour alone: the border style differs from a clean card's too.
  const warnStyle = await card.evaluate((c) => getComputedStyle(c).borderLeftStyle);
  await decodeText(page, '227 Entering Passive Mode (93,184,216,34,195,80).');
  await page.waitForSelector('.results .result.ok');
  const okHeading = await page.locator('.results .result h3').innerText();
  assert.match(okHeading, /^✓ 227 reply \(PASV\)/);
  assert.ok(!okHeading.includes('warning'), okHeading);
  const okStyle = await page.$eval('.results .result', (c) => getComputedStyle(c).borderLeftStyle);
  assert.notEqual(warnStyle, okStyle);
  await context.close();
});

test("a malformed reply's note agrees with the client table (curl rejects what ftplib reads)", async () => {
  const { page, context } = await open({ viewport: LAPTOP });
  await decodeText(page, '227 Entering Passive Mode (1,2,3,4,256,1)');
  await page.waitForSelector('.result.err .client-table');
  const note = await page.textContent('.result.err .note');
  assert.match(await page.textContent('.client-table tr[data-client=curl]'), /✗ rejects/);
  assert.match(await page.textContent('.client-table tr[data-client=python-ftplib]'), /✓ accepts/);
  assert.match(note, /curl rejects it \("Couldn't interpret the 227-response"\)/);
  assert.match(note, /Python ftplib would read it as 1\.2\.3\.4 port 65537/);
  assert.ok(!note.includes('Both'), note);
  await context.close();
});

test('a "see finding" mark is a link: following it moves focus to that finding', async () => {
  for (const viewport of [PHONE, LAPTOP]) {
    const { page, context } = await open({ viewport });
    await paste(page, readLog('curl-vsftpd-nat-no-skip-timeout.log'));
    const flags = page.locator('.timeline .flag a');
    assert.ok(await flags.count() >= 3);
    const link = flags.last();
    const href = await link.getAttribute('href');
    assert.match(href, /^#finding-\d+$/);
    assert.match(await link.innerText(), /^finding \d+$/);
    await link.click();
    await page.waitForFunction((id) => document.activeElement?.id === id, href.slice(1));
    const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
    assert.ok(box.top < viewport.height && box.bottom > 0, 'the finding is on screen');
    assert.ok(page.url().endsWith(href));
    await context.close();
  }
});

// The check.test.mjs log: a server at the public 198.51.100.20 that advertises 10.0.0.5.
const PUBLIC_NAT = [
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

test('a finding opens the flow preset that shows it', async () => {
  const { page, errors, context } = await open({ viewport: LAPTOP });
  await paste(page, readLog('curl-vsftpd-nat-no-skip-timeout.log'));
  // Every finding's flow link names a preset the flow view knows.
  const hrefs = await page.$$eval('.finding a[data-link=flow]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 2);
  const first = page.locator('.finding').first().locator('a[data-link=flow]');
  assert.match(await first.innerText(), /Watch it happen: Timeout connecting to data port \(private IP in PASV\)/);
  await first.click();
  await page.waitForSelector('#fx-preset');
  assert.match(page.url(), /#\/flow\?preset=pasv-private-ip(&|$)/);
  assert.equal(await page.inputValue('#fx-preset'), 'pasv-private-ip');
  for (const href of hrefs) {
    const preset = href.replace('#/flow?preset=', '');
    assert.ok(await page.$(`#fx-preset option[value="${preset}"]`), `no preset ${preset}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a finding opens Server setup with the fix filled in from the log', async () => {
  const { page, errors, context } = await open({ viewport: LAPTOP });
  await paste(page, PUBLIC_NAT);
  assert.equal(await page.$eval('.finding', (f) => f.dataset.code), 'advertised-private-address');
  await page.click('.finding[data-code=advertised-private-address] a[data-link=setup]');
  await page.waitForSelector('#setup-address');
  assert.match(page.url(), /#\/setup\?target=vsftpd&ports=50000-51000&address=198\.51\.100\.20&nat=1$/);
  assert.equal(await page.inputValue('#setup-target'), 'vsftpd');
  assert.equal(await page.inputValue('#setup-address'), '198.51.100.20');
  assert.equal(await page.isChecked('#setup-nat'), true);
  await page.waitForSelector('.config-text');
  assert.match(await page.textContent('.config-text'), /^pasv_address=198\.51\.100\.20$/m);
  // Back, and the password note leads to FTPS.
  await page.goBack();
  await paste(page, PUBLIC_NAT);
  await page.click('.finding[data-code=cleartext-credentials] a[data-link=setup]');
  await page.waitForSelector('#setup-tls');
  assert.equal(await page.isChecked('#setup-tls'), true);
  assert.deepEqual(errors, []);
  await context.close();
});

const SIZES = [['phone', PHONE], ['laptop', LAPTOP], ['projector', PROJECTOR]];

for (const colorScheme of ['light', 'dark']) {
  test(`screenshots and axe-core (${colorScheme}): the decoder and the report at three sizes`, async () => {
    for (const [name, viewport] of SIZES) {
      const { page, context } = await open({ viewport, colorScheme });
      await page.waitForSelector('.results .result .client-table');
      await page.screenshot({ path: `${SHOTS}decoder-${name}-${colorScheme}.png`, fullPage: true });
      await decodeText(page, '227 Entering Passive Mode (1,2,3,4,256,1)');
      await page.waitForSelector('.result.err .client-table');
      await page.screenshot({ path: `${SHOTS}decoder-malformed-${name}-${colorScheme}.png`, fullPage: true });
      assert.deepEqual(await axe(page), [], `decoder ${name}`);
      await paste(page, readLog('lftp-vsftpd-nat-nofix-timeout.log'));
      await page.screenshot({ path: `${SHOTS}report-${name}-${colorScheme}.png`, fullPage: true });
      assert.equal(await overflow(page), 0, `report ${name}`);
      assert.deepEqual(await axe(page), [], `report ${name}`);
      await context.close();
    }
  });
}
