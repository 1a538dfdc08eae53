// End to end: packet captures in the page (issue 13) — opened or dropped in the decoder, the report
// (findings first, data connections with their packet evidence, the timeline of packets and FTP lines),
// two captures compared, a damaged file, the replay in the flow view, a reload, and a large capture read
// in slices while the page stays responsive. Real captures from tests/fixtures/captures/ (see its README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync, mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, axe, assertOwnRequestsOnly } from './harness.mjs';
import { bigCapture } from './big-capture.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../fixtures/captures');
const SHOTS = path.join(process.env.FTPX_ARTIFACTS ?? path.resolve(HERE, '../../target/e2e-artifacts'), 'capture');
mkdirSync(SHOTS, { recursive: true });

const fixture = (name) => readFileSync(path.join(FIXTURES, name));
const file = (name, buffer = fixture(name)) => ({ name, mimeType: 'application/vnd.tcpdump.pcap', buffer });

/** Open captures with the file button and wait for their report. */
async function openCaptures(page, ...files) {
  await page.setInputFiles('#file', files);
  await page.waitForSelector('.capture-report');
}

/** Drop a capture on the text box (a real drag-and-drop's event, with the file's bytes). */
async function dropCapture(page, name) {
  const bytes = [...fixture(name)];
  await page.evaluate(({ name, bytes }) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/octet-stream' }));
    document.querySelector('#input').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, { name, bytes });
  await page.waitForSelector('.capture-report');
}

const codes = (page) => page.$$eval('.capture-session .finding', (els) => els.map((e) => e.dataset.code));
const visibleText = (page, selector) => page.locator(selector).first().innerText();

/** No sideways scroll on the page. */
async function noSidewaysScroll(page) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw + 1, `the page scrolls sideways: ${sw} > ${cw}`);
}

test('a healthy PASV capture: no problem, the data connection with its packets, the timeline, read locally', async () => {
  const { page, requests, errors, context } = await open();
  const before = requests.length;
  await openCaptures(page, file('pasv-healthy.pcap'));
  assert.match(await page.textContent('.notice'), /^Opened pasv-healthy\.pcap \(\d+ KB\): a packet capture, read here in memory only/);
  assert.match(await page.textContent('#status'), /^Capture read: 0 errors, \d+ warnings?\.$|^Capture read: 0 errors, 0 warnings\.$/);
  assert.match(await page.textContent('[data-field=capture-facts]'), /^pasv-healthy\.pcap: pcap, timestamps in microseconds, link ethernet: 33 packets over 0\.036975 s; 2 TCP connections, 1 FTP session\.$/);
  assert.equal(await visibleText(page, '.capture-session .no-findings'), '✓ No errors or warnings.');
  // The data connection: where it went, how it ended, its bytes and final reply.
  const row = page.locator('.capture-dc tbody tr').first();
  assert.equal(await row.locator('[data-label=Outcome]').innerText(), '✓ connected');
  assert.match(await row.locator('[data-label="Connection on the wire"]').innerText(), /127\.0\.0\.1:\d+ → 127\.0\.0\.1:50003/);
  assert.equal(await row.locator('[data-label=Bytes]').innerText(), '0 ↑ 135 ↓');
  assert.equal(await row.locator('[data-label="Final reply"]').innerText(), '226 Directory send OK.');
  // Its packets, folded: SYN, SYN-ACK, the data.
  await page.click('.evidence summary');
  const flags = await page.$$eval('.evidence-table tbody tr td:nth-child(4)', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(flags.slice(0, 2), ['SYN', 'SYN,ACK']);
  // The timeline: packets and FTP lines in the capture's order, the 227 decoded, the password masked.
  const rows = await page.$$eval('.capture-timeline .row', (els) => els.map((e) => e.innerText.replace(/\s+/g, ' ')));
  const at = (re) => rows.findIndex((r) => re.test(r));
  assert.ok(at(/PASV/) < at(/227 Entering Passive Mode/) && at(/227 Entering/) < at(/data #1 SYN/) && at(/data #1 SYN/) < at(/135 bytes to the client/), rows.join('\n'));
  assert.match(rows[at(/227 Entering/)], /⟶ .*127\.0\.0\.1.*50003/);
  assert.ok(rows.some((r) => r.includes('PASS ****')));
  assert.ok(!(await page.content()).includes('guest@example.com'), 'the password is masked');
  await noSidewaysScroll(page);
  // Nothing was fetched: the capture was read in the page.
  assert.deepEqual(requests.slice(before), []);
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('a dropped capture of a server behind NAT advertising its private address: which connection failed, how, why, the fix; replayed', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, errors, context } = await open({ colorScheme, viewport: { width: 1366, height: 900 } });
    await dropCapture(page, 'nat-private-used-client.pcap');
    const found = await codes(page);
    assert.ok(found.includes('data-syn-unanswered') && found.includes('advertised-private-address'), found.join());
    // The first card is an error that names the failing connection and how it failed.
    const first = page.locator('.capture-session .finding').first();
    assert.match(await first.getAttribute('class'), /\berror\b/);
    const unanswered = page.locator('.capture-session .finding[data-code=data-syn-unanswered]');
    assert.match(await unanswered.innerText(), /10\.0\.1\.5:50004/);
    assert.match(await unanswered.innerText(), /3 times over 2\.0 s|3 SYNs|sent 3 times/);
    // Why: the private address; the fix names pasv_address, with the flow preset and setup links.
    const cause = page.locator('.capture-session .finding[data-code=advertised-private-address]');
    assert.match(await cause.innerText(), /10\.0\.1\.5/);
    assert.match(await page.locator('.capture-session .finding .fix').first().innerText(), /pasv_address/);
    assert.ok(await page.locator('.capture-session .finding a[data-link=flow]').count() > 0);
    // The data connection row says how it ended.
    assert.equal(await page.locator('.capture-dc [data-label=Outcome]').first().innerText(), '✗ no answer to 3 SYNs over 2.0 s');
    // A finding's packet link lands on the packet's row of the timeline.
    const link = unanswered.locator('.lines a').first();
    const packet = (await link.innerText()).trim();
    await link.click();
    assert.ok(page.url().endsWith(`-p${packet}`), page.url());
    assert.equal(await page.evaluate(() => document.activeElement?.querySelector('.ln')?.textContent), packet);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(SHOTS, `report-nat-laptop-${colorScheme}.png`), fullPage: true });
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['projector', { width: 1920, height: 1080 }], ['laptop', { width: 1366, height: 900 }]]) {
      await page.setViewportSize(viewport);
      await noSidewaysScroll(page);
      // Every address:port in the data-connection table stays whole on its line (none split inside).
      const split = await page.evaluate(() => {
        const bad = [];
        for (const cell of document.querySelectorAll('.capture-dc td.endpoint, .capture-dc td[data-label="Bytes"]')) {
          const words = cell.textContent.split(/\s+/).filter((w) => /\d/.test(w));
          for (const w of words) {
            const range = document.createRange();
            const node = [...cell.childNodes].find((n) => n.nodeType === 3 && n.textContent.includes(w)) ?? cell.firstChild;
            const at = node?.textContent.indexOf(w) ?? -1;
            if (!node || at < 0) continue;
            range.setStart(node, at);
            range.setEnd(node, at + w.length);
            if (range.getClientRects().length > 1) bad.push(w);
          }
        }
        return bad;
      });
      assert.deepEqual(split, [], `${name}: split inside ${split.join(', ')}`);
      if (name !== 'laptop') await page.screenshot({ path: path.join(SHOTS, `report-nat-${name}-${colorScheme}.png`), fullPage: false });
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    // The replay: its own packets, stepped with the flow view's toolbar, the outcome from the wire.
    await page.click('.capture-session a[data-link=replay]');
    await page.waitForSelector('main.flow .pane');
    assert.match(new URL(page.url()).hash, /^#\/flow\?replay=1/);
    assert.equal(await page.textContent('#fx-heading'), 'Replay of a capture: session 1');
    const steps = await page.$$eval('#fx-main .step-list li button', (b) => b.map((x) => x.innerText.replace(/\s+/g, ' ')));
    assert.ok(steps.length >= 15, steps.join('\n'));
    // The settings of a simulated scenario are not offered: this is the capture's own session.
    assert.equal(await page.locator('#fx-preset').count(), 0);
    // Step to the first data SYN: it is drawn lost on the way, with the rule.
    const syn = steps.findIndex((s) => /^\d+\. SYN · client → server \(data\)$/.test(s)) + 1;
    assert.ok(syn > 0, steps.join('\n'));
    for (let i = 0; i < syn; i++) await page.click('button:has-text("Forward")');
    await page.waitForFunction((n) => document.querySelector('#fx-narration')?.textContent.startsWith(`Step ${n} of `), syn);
    assert.match(await page.textContent('#fx-narration'), /Packet \d+, .*Data connection 1: the client sends a SYN from 192\.168\.1\.2:\d+ to 10\.0\.1\.5:50004/);
    assert.equal(await page.getByRole('img', { name: /^LOST at the network between: no route to 10\.0\.1\.5/ }).count(), 1);
    assert.match(await page.textContent('#fx-main .stopped'), /LOST/);
    // The server's NAT is drawn: the capture proves it (the advertised address is not the one reached).
    assert.match(await page.textContent('#fx-main .topology'), /server's NAT/);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: path.join(SHOTS, `replay-nat-laptop-${colorScheme}.png`), fullPage: true });
    // To the end: the outcome is the wire's.
    const last = steps.length;
    while (!(await page.textContent('#fx-narration')).startsWith(`Step ${last} of `)) await page.click('button:has-text("Forward")');
    assert.match(await page.textContent('#fx-narration'), /no answer to 3 SYNs in 2\.0 s.*Outcome: Data connection 1: SYN to 10\.0\.1\.5:50004 sent 3 times/);
    assert.match(await page.locator('#fx-main .outcome.shown').innerText(), /✕ It fails\./);
    assert.match(await page.locator('#fx-main .outcome.shown').innerText(), /pasv_address/);
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['projector', { width: 1920, height: 1080 }]]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(200);
      await noSidewaysScroll(page);
      await page.screenshot({ path: path.join(SHOTS, `replay-nat-${name}-${colorScheme}.png`), fullPage: false });
    }
    // Back to the report: it is still there (the capture survives a view switch).
    await page.click('a[data-tab=analyse]');
    await page.waitForSelector('.capture-report');
    assert.deepEqual(errors, [], errors.join('\n'));
    await context.close();
  }
});

test('a data connection refused by a reset, and by an ICMP error: how, from where, what the program is told', async () => {
  const { page, context } = await open();
  await openCaptures(page, file('pasv-range-reset-client.pcap'));
  assert.ok((await codes(page)).includes('data-syn-reset'));
  assert.equal(await page.locator('.capture-dc [data-label=Outcome]').last().innerText(), '✗ refused: reset by 203.0.113.5');
  assert.ok(await page.locator('.capture-timeline .row.failed', { hasText: 'RST from 203.0.113.5' }).count() >= 1);
  await openCaptures(page, file('pasv-range-icmp-client.pcap'));
  await page.waitForSelector('.finding[data-code=data-icmp-error]');
  assert.match(await page.locator('.capture-dc [data-label=Outcome]').last().innerText(), /^✗ refused: ICMP from 203\.0\.113\.5 \(“No route to host/);
  // The replay shows the ICMP error as the answer that refused the SYN.
  await page.click('.capture-session a[data-link=replay]');
  await page.waitForSelector('main.flow .pane');
  const steps = await page.$$eval('#fx-main .step-list li button', (b) => b.map((x) => x.innerText.replace(/\s+/g, ' ')));
  const icmp = steps.findIndex((s) => /ICMP communication administratively prohibited/.test(s)) + 1;
  assert.ok(icmp > 1, steps.join('\n'));
  await page.click(`#fx-main .step-list li:nth-child(${icmp - 1}) button`);
  assert.equal(await page.getByRole('img', { name: /^REFUSED at the FTP server: answered with ICMP/ }).count(), 1);
  await page.click(`#fx-main .step-list li:nth-child(${icmp}) button`);
  assert.match(await page.textContent('#fx-narration'), /type 3 code 13.*No route to host/);
  await context.close();
});

test('two captures of the same session (client side, server side): what changed between them, each side replayable', async () => {
  const { page, errors, context } = await open({ viewport: { width: 1366, height: 900 } });
  await openCaptures(page, file('nat-helper-pasv-client.pcap'), file('nat-helper-pasv-server.pcap'));
  assert.match(await page.textContent('.notice'), /two packet captures, compared as the client's side and the server's/);
  assert.equal(await page.textContent('#report-heading'), 'Diagnosis of the two captures');
  const between = page.locator('.finding[data-code=reply-rewritten-in-transit]');
  assert.equal(await between.count(), 1);
  assert.match(await between.innerText(), /\(10,0,1,5,.*\(203,0,113,5,/s);
  assert.deepEqual(await page.$$eval('h3.capture-side', (h) => h.map((x) => x.textContent)),
    ["The client's side: nat-helper-pasv-client.pcap", "The server's side: nat-helper-pasv-server.pcap"]);
  assert.equal(await page.locator('a[data-link=replay][href$="replay=1&side=2"]').count(), 1);
  await page.screenshot({ path: path.join(SHOTS, 'report-two-sides-laptop-light.png'), fullPage: true });
  await page.click('a[data-link=replay][href$="replay=1&side=2"]');
  await page.waitForSelector('main.flow .pane');
  assert.equal(await page.textContent('#fx-heading'), "Replay of a capture: session 1 of the server's side");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('a truncated capture says at which byte it stopped and why, and keeps what it read before', async () => {
  const whole = fixture('pasv-healthy.pcap');
  const cut = whole.subarray(0, whole.length - 40);
  const { page, context } = await open();
  await openCaptures(page, file('cut.pcap', cut));
  const error = await page.locator('[data-field=capture-error]').innerText();
  assert.match(error, new RegExp(`Reading stopped at byte \\d+ of ${cut.length}: .*truncated`));
  assert.match(error, /The \d+ packets read before it are kept and analysed below\./);
  assert.ok(await page.locator('.finding[data-code=capture-file-damaged]').count() === 1);
  // What was read is kept: the session and its dialogue.
  assert.ok(await page.locator('.capture-session').count() === 1);
  assert.ok(await page.locator('.capture-timeline .row', { hasText: '227 Entering Passive Mode' }).count() === 1);
  // A text file is still read as a log.
  await page.setInputFiles('#file', { name: 'session.log', mimeType: 'text/plain', buffer: Buffer.from('> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80)\n') });
  await page.waitForSelector('.report:not(.capture-report)');
  assert.equal(await page.locator('.capture-report').count(), 0);
  await context.close();
});

test('after a reload the capture is gone, and both views say so', async () => {
  const { page, context } = await open();
  await openCaptures(page, file('pasv-healthy.pcap'));
  await page.click('.capture-session a[data-link=replay]');
  await page.waitForSelector('main.flow .pane');
  await page.reload();
  await page.waitForSelector('main.flow');
  const gone = await page.locator('main.flow [role=status]').innerText();
  assert.match(gone, /no capture in memory to replay session 1 from/);
  assert.match(gone, /held in memory only, never stored/);
  assert.equal(await page.locator('main.flow a[href="#/flow?preset=pasv-private-ip"]').count(), 1);
  // Nothing of the capture was stored: not in the URL, not in the session's storage.
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  assert.ok(!stored.includes('220 (vsFTPd') && !stored.includes('PASV'), stored);
  assert.ok(!page.url().includes('pcap'));
  await page.click('main.flow a[href="#/"]');
  await page.waitForSelector('#input');
  assert.match(await page.textContent('.notice'), /The packet capture you had open, pasv-healthy\.pcap \(\d+ KB\), is not kept across a reload/);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('a large capture (~60 MB) is read in slices: progress shown and announced, the page answers clicks meanwhile', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftpx-capture-'));
  try {
    const { bytes, shift } = bigCapture(fixture('pasv-healthy.pcap'), 60 * 1024 * 1024);
    const big = path.join(dir, 'big.pcap');
    writeFileSync(big, bytes);
    const { page, errors, context } = await open();
    // Long tasks while it works (the browser's own measure).
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      // Every text the status line (a live region: what a screen reader announces) takes.
      window.__status = [];
      const status = document.querySelector('#status');
      new MutationObserver(() => window.__status.push(status.textContent)).observe(status, { subtree: true, childList: true, characterData: true });
    });
    const t0 = Date.now();
    await page.setInputFiles('#file', big);
    // Progress, in the status line (a live region).
    await page.waitForFunction(() => /^Reading the capture \(big\.pcap \(6\d\.\d MB\)\)… [1-9]\d*%$/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.equal(await page.getAttribute('#status', 'role'), 'status');
    // While it reads: a click on another control (the encoder's fold) is handled at once.
    const clicked = await page.evaluate(async () => {
      const status = document.querySelector('#status').textContent;
      const start = performance.now();
      document.querySelector('details.encoder summary').click();
      await new Promise((r) => requestAnimationFrame(() => r()));
      return { status, open: document.querySelector('details.encoder').open, ms: performance.now() - start };
    });
    assert.ok(clicked.open, 'the fold opened');
    assert.match(clicked.status, /^Reading the capture/);
    assert.ok(clicked.ms < 250, `the click took ${clicked.ms} ms to be handled and painted`);
    // The progress moves on.
    await page.waitForSelector('.capture-report', { timeout: 60_000 });
    const seen = await page.evaluate(() => window.__status);
    const percents = seen.map((s) => Number(s.match(/^Reading the capture.*… (\d+)%$/)?.[1])).filter((n) => n > 0);
    // At least one figure between the start and the end was shown (how many depends on the machine's
    // speed: a quiet machine reads 60 MB in a few slices), and they only go up.
    assert.ok(percents.some((p) => p < 100), seen.join(' | '));
    assert.ok(percents.every((p, i) => i === 0 || p > percents[i - 1]), percents.join());
    assert.match(seen.at(-1), /^Capture read: /);
    const took = Date.now() - t0;
    const long = await page.evaluate(() => window.__long);
    console.log(`60 MB capture: report after ${took} ms; progress ${percents.join(', ')}%; ${long.length} long tasks, longest ${Math.round(Math.max(0, ...long))} ms`);
    // The report: one session, its data connection with all the bytes.
    const row = page.locator('.capture-dc tbody tr').first();
    assert.equal(await row.locator('[data-label=Outcome]').innerText(), '✓ connected');
    assert.equal(await row.locator('[data-label=Bytes]').innerText(), `0 ↑ ${shift + 135} ↓`);
    assert.match(await page.textContent('#status'), /^Capture read: /);
    // Another input cancels a capture being read: open it again and type meanwhile.
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Reading the capture'));
    await page.fill('#input', '227 Entering Passive Mode (192,168,1,100,195,80).');
    await page.waitForSelector('.results');
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.capture-report').count(), 0, 'the cancelled capture did not come back');
    assert.deepEqual(errors, [], errors.join('\n'));
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
