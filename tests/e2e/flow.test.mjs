// End to end: the connection-flow explorer (#/flow) in the release build, in the OS's Chromium:
// deep links, the toolbar, the keyboard, the URL as the state, side by side, the decoder link,
// reduced motion, export, print, axe-core, and screenshots of the main states as artifacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { axe } from './harness.mjs';
import { openFlow, urlStep, urlPairs, narration, atStep, shot, assertOwnRequestsOnly } from './flow-harness.mjs';

test('a deep link opens at its step, with the narration and the blocked packet marked in words', async () => {
  const { page, context, requests, errors } = await openFlow('preset=range-closed&step=13');
  await atStep(page, 13);
  assert.match(await narration(page), /^Step 13 of 15\. The client opens the data connection: a SYN from 192\.168\.1\.10:51001 to 203\.0\.113\.100:50000\./);
  // The mark has an accessible name: the word, where, and the rule; and says it in text, not colour.
  const mark = page.getByRole('img', { name: /^DROPPED at the NAT router \+ firewall \(port forwards\): policy drop/ });
  assert.equal(await mark.count(), 1);
  assert.equal(await mark.locator('.word').textContent(), 'DROPPED');
  assert.equal(await mark.locator('path.x').count(), 1); // the ✕ shape
  assert.match(await page.textContent('#fx-main .stopped'), /✕ DROPPED at the NAT router \+ firewall \(port forwards\): policy drop \(new connection to port 50000 not allowed\)/);
  // The sequence diagram marks the same step; steps to come are faint and untold.
  assert.equal(await page.textContent('#fx-main .lanes .row.cur .word'), 'DROPPED');
  assert.equal(await page.locator('#fx-main .lanes .row.future').count(), 2); // the drop and the timeout
  assert.equal(await page.locator('#fx-main .lanes .row.future text.lbl').count(), 0);
  // The outcome waits for the last step.
  assert.equal(await page.isVisible('#fx-main .outcome'), false);
  // The next step is the drop, told at the device; the outcome shows at the last step.
  await page.keyboard.press('ArrowRight');
  await atStep(page, 14);
  assert.match(await narration(page), /^Step 14 of 15\. The server-side NAT\/firewall discards the packet and sends nothing back: .* it lets in only ports 21 and answers/);
  await page.keyboard.press('ArrowRight');
  await atStep(page, 15);
  assert.match(await page.textContent('#fx-main .outcome'), /✕ It fails\. The data connection timed out/);
  assert.ok(await page.isVisible('#fx-main .outcome'));
  // One step earlier nothing is blocked yet.
  await page.goto(page.url().replace(/step=\d+/, 'step=12'));
  await page.reload();
  await atStep(page, 12);
  assert.equal(await page.locator('.blocked').count(), 0);
  assertOwnRequestsOnly(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a packet lost on the Internet and one refused by a reset are told apart', async () => {
  const { page, context, errors } = await openFlow('preset=pasv-private-ip&step=13');
  assert.equal(await page.getByRole('img', { name: 'LOST at the Internet: no route to 10.0.0.5' }).count(), 1);
  // The 227 carried the private address: its bytes, the decoded endpoint and the legs are in the details.
  await page.click('#fx-main .lanes [data-step="11"]');
  await atStep(page, 11);
  assert.equal(await page.textContent('#fx-main .bytes'), '227 Entering Passive Mode (10,0,0,5,195,80)\\r\\n');
  assert.match(await page.textContent('#fx-main .step-detail'), /Endpoint10\.0\.0\.5 port 50000/);
  assert.equal(await page.locator('#fx-main .legs tbody tr').count(), 4);
  assert.match(await page.textContent('#fx-main .legs tbody tr:nth-child(2)'), /✎ 203\.0\.113\.100:21 \(rewritten\)/);
  await page.goto(page.url().replace(/preset=pasv-private-ip.*$/, 'preset=refused-data-port&step=14'));
  await page.reload();
  await atStep(page, 14);
  assert.equal(await page.getByRole('img', { name: /^REFUSED at the NAT router \+ firewall \(port forwards\): reject with tcp reset/ }).count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the toolbar steps, plays at a chosen speed and pauses; the URL follows every step', async () => {
  const { page, context, errors } = await openFlow('preset=pasv-address-set');
  assert.match(await narration(page), /^Before the first packet/);
  const toolbar = page.getByRole('toolbar', { name: 'Playback' });
  for (let i = 0; i < 3; i++) await toolbar.getByRole('button', { name: 'Forward' }).click();
  await atStep(page, 3);
  assert.match(await narration(page), /The server greets: reply code 220/);
  await toolbar.getByRole('button', { name: 'Back' }).click();
  await atStep(page, 2);
  await toolbar.getByRole('button', { name: 'Restart' }).click();
  await page.waitForFunction(() => document.querySelector('#fx-narration').textContent.startsWith('Before the first packet'));
  assert.equal(urlStep(page), 0);
  // Play at 4×: the first step at once, then one every 450 ms; Pause stops it.
  await page.selectOption('#fx-speed', { label: '4×' });
  await toolbar.getByRole('button', { name: 'Play' }).click();
  await atStep(page, 1);
  await page.waitForFunction(() => /^Step [3-9] of /.test(document.querySelector('#fx-narration').textContent));
  await toolbar.getByRole('button', { name: 'Pause' }).click();
  const paused = urlStep(page);
  await page.waitForTimeout(1000);
  assert.equal(urlStep(page), paused);
  // The step list goes anywhere; the current step is marked.
  await page.getByRole('button', { name: /^17\. hello\.txt/ }).click();
  await atStep(page, 17);
  assert.equal(await page.getAttribute('.step-list button[aria-current=step]', 'aria-current'), 'step');
  assert.match(await page.textContent('.step-list button[aria-current=step]'), /^17\. hello\.txt · server → client \(data\)/);
  // Played to the end, it stops there and tells the outcome.
  await page.selectOption('#fx-speed', { label: '4×' });
  await toolbar.getByRole('button', { name: 'Play' }).click();
  await atStep(page, 20);
  await page.waitForSelector('.toolbar .play:has-text("Play")');
  assert.match(await narration(page), /Outcome: It works/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Press Tab until `predicate()` holds in the page (at most `max` presses); return the presses used. */
async function tabTo(page, predicate, max = 80) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return i;
  }
  throw new Error(`never reached: ${predicate}`);
}

test('keyboard only: Tab to the toolbar, Space plays and pauses, the arrows step', async () => {
  const { page, context, errors } = await openFlow('preset=active-firewall');
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, () => document.activeElement?.matches('.toolbar .play'));
  await page.keyboard.press('Space');
  await atStep(page, 1);
  assert.equal((await page.textContent('.toolbar .play')).trim(), '‖ Pause');
  await page.keyboard.press('Space');
  await page.waitForSelector('.toolbar .play:has-text("Play")');
  const at = urlStep(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await atStep(page, at + 2);
  await page.keyboard.press('ArrowLeft');
  await atStep(page, at + 1);
  // Focus still on the toolbar; the focused control shows its outline.
  assert.ok(await page.evaluate(() => document.activeElement.closest('[role=toolbar]') !== null));
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  // In a select the arrows are the select's: the step stays.
  await page.focus('#fx-speed');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(100);
  assert.equal(urlStep(page), at + 1);
  // With the focus nowhere in particular, Space plays too; the arrows reach the blocked step.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Space');
  await page.waitForSelector('.toolbar .play:has-text("Pause")');
  await page.keyboard.press('Space');
  await page.waitForSelector('.toolbar .play:has-text("Play")');
  await page.waitForTimeout(200);
  const from = urlStep(page);
  for (let i = from; i < 13; i++) await page.keyboard.press('ArrowRight');
  await atStep(page, 13);
  assert.equal(await page.getByRole('img', { name: /^DROPPED at the firewall: policy drop/ }).count(), 1);
  // A step of the list, with Enter.
  await tabTo(page, () => document.activeElement?.closest('.step-list') !== null, 200);
  await page.keyboard.press('Enter');
  await atStep(page, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('changing a knob recomputes from step 0 and updates the URL; reloading restores it; bad values are explained', async () => {
  const { page, context, errors } = await openFlow('preset=pasv-private-ip&step=5');
  await atStep(page, 5);
  // A preset opens with its settings folded away (issue 18): unfold them first.
  await page.click('details.settings > summary');
  await page.selectOption('#fx-mode', 'epsv');
  await page.waitForFunction(() => location.hash.includes('mode=epsv'));
  let pairs = urlPairs(page);
  assert.equal(pairs.preset, undefined); // no longer the preset
  assert.equal(pairs.step, undefined);
  assert.match(await narration(page), /^Before the first packet/);
  assert.equal(await page.inputValue('#fx-preset'), '');
  // Step on, then reload: the same scenario at the same step.
  await page.evaluate(() => document.activeElement.blur());
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await atStep(page, 4);
  const url = page.url();
  await page.reload();
  await page.waitForSelector('main.flow .pane');
  assert.equal(page.url(), url);
  await atStep(page, 4);
  assert.equal(await page.inputValue('#fx-mode'), 'epsv');
  assert.equal(await page.inputValue('#fx-server'), 'nat');
  // An address field refuses what is not an address, says why next to it, and changes nothing.
  await page.click('summary:has-text("Addresses and port ranges")');
  await page.fill('#fx-server-public', '203.0.113.300');
  await page.press('#fx-server-public', 'Enter');
  await page.waitForFunction(() => document.querySelector('#fx-server-public-err').textContent !== '');
  assert.equal(await page.getAttribute('#fx-server-public', 'aria-invalid'), 'true');
  assert.equal(page.url(), url);
  await page.fill('#fx-server-public', '198.51.100.200');
  await page.press('#fx-server-public', 'Enter');
  await page.waitForFunction(() => location.hash.includes('server-public=198.51.100.200'));
  assert.equal(await page.textContent('#fx-server-public-err'), '');
  assert.match(await page.textContent('#fx-main .topology'), /outside 198\.51\.100\.200/);
  // A preset from the picker.
  await page.selectOption('#fx-preset', 'alg-ftps');
  await page.waitForFunction(() => location.hash.startsWith('#/flow?preset=alg-ftps&'));
  assert.equal(await page.inputValue('#fx-tls'), 'on');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link value that cannot be read is shown and the rest applies', async () => {
  const { page, context } = await openFlow('mode=port&client=moon&step=2');
  assert.match(await page.textContent('.problems'), /client=moon: expected public\|nat\|lan/);
  assert.equal(await page.inputValue('#fx-mode'), 'port');
  await atStep(page, 2);
  await context.close();
});

test('side by side: both sessions advance with the same step control', async () => {
  const { page, context, errors } = await openFlow('preset=pasv-address-set&step=2');
  await page.check('#fx-compare');
  await page.waitForSelector('#fx-other');
  assert.equal(urlPairs(page)['vs.mode'], 'port');
  assert.equal(urlPairs(page).preset, 'pasv-address-set');
  assert.match(await page.textContent('#fx-other-title'), /^Active \(PORT\)/);
  assert.match(await page.textContent('#fx-main-title'), /^Passive \(PASV\)/);
  await atStep(page, 2);
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await atStep(page, 13);
  assert.match(await page.textContent('#fx-main .step-detail h4'), /^Step 13 of 20: SYN/);
  // Each session tells its own progress (issue 18: "(This session ended at step 11.)" beside "Step 13
  // of 20" named neither session).
  assert.match(await page.textContent('#fx-other .pane-status'), /^B · finished at its step 11: ✕ it fails$/);
  assert.match(await page.textContent('#fx-main .pane-status'), /^A · step 13 of 20$/);
  assert.match(await narration(page), /^Step 13 of 20\. A, step 13 of 20: The client opens the data connection.* — B, finished at its step 11: Active mode failed/);
  // The preset that compares by itself.
  await page.selectOption('#fx-preset', 'epsv-works-pasv-fails');
  await page.waitForSelector('#fx-other-title:has-text("Extended passive (EPSV)")');
  assert.ok(await page.isChecked('#fx-compare'));
  await page.reload();
  await page.waitForSelector('#fx-other');
  // Unchecked, the preset's comparison goes, and stays gone after a reload.
  await page.uncheck('#fx-compare');
  await page.waitForFunction(() => !document.querySelector('#fx-other'));
  await page.reload();
  await page.waitForSelector('main.flow .pane');
  assert.equal(await page.locator('#fx-other').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Open in decoder" lands in the decoder with that line decoded', async () => {
  const { page, context, errors } = await openFlow('preset=pasv-address-set&step=11');
  const link = page.locator('#fx-main .step-detail a.open-decoder');
  assert.equal(await link.textContent(), 'Open “227 Entering Passive Mode (203,0,113,100,195,80)” in the decoder');
  await link.click();
  await page.waitForSelector('#input');
  assert.match(new URL(page.url()).hash, /^#log=227%20Entering/);
  assert.equal(await page.inputValue('#input'), '227 Entering Passive Mode (203,0,113,100,195,80)');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '50000');
  assert.equal(await page.textContent('[data-field=ip]'), '203.0.113.100');
  // Back returns to the same step of the explorer.
  await page.goBack();
  await page.waitForSelector('main.flow .pane');
  await atStep(page, 11);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The packet's left edge on the screen, now. */
const packetX = (page) => page.evaluate(() => document.querySelector('#fx-main .pkt').getBoundingClientRect().x);

test('packets travel with <animateMotion>; reduced motion (or the toggle) shows them in place', async () => {
  const moving = await openFlow('preset=pasv-address-set&step=12');
  assert.ok(await moving.page.isChecked('#fx-animate'));
  // Each step's packet starts over and moves: the SYN to the right, the SYN-ACK back to the left.
  for (const [step, direction] of [[13, 1], [14, -1], [15, 1]]) {
    await moving.page.keyboard.press('ArrowRight');
    await atStep(moving.page, step);
    assert.equal(await moving.page.locator('#fx-main .topology animateMotion').count(), 1);
    const x0 = await packetX(moving.page);
    await moving.page.waitForTimeout(600);
    const x1 = await packetX(moving.page);
    assert.ok((x1 - x0) * direction > 100, `step ${step}: the packet went from ${x0} to ${x1}`);
  }
  // A stopped packet's mark appears when the packet gets there.
  await moving.page.goto(moving.page.url().replace(/preset=pasv-address-set.*$/, 'preset=range-closed&step=12'));
  await moving.page.reload();
  await atStep(moving.page, 12);
  await moving.page.keyboard.press('ArrowRight');
  await atStep(moving.page, 13);
  const opacity = () => moving.page.evaluate(() => getComputedStyle(document.querySelector('#fx-main .blocked')).opacity);
  assert.equal(await opacity(), '0');
  await moving.page.waitForFunction(() => getComputedStyle(document.querySelector('#fx-main .blocked')).opacity === '1', null, { timeout: 3000 });
  await moving.page.uncheck('#fx-animate');
  await moving.page.waitForFunction(() => document.querySelectorAll('animateMotion').length === 0);
  assert.equal(await moving.page.locator('#fx-main .topology .pkt[transform]').count(), 1);
  await moving.context.close();

  const still = await openFlow('preset=pasv-address-set&step=13', { reducedMotion: 'reduce' });
  assert.equal(await still.page.isChecked('#fx-animate'), false);
  for (const step of [1, 11, 13]) {
    await still.page.click(`#fx-main .lanes [data-step="${step}"]`);
    await atStep(still.page, step);
    assert.equal(await still.page.locator('animateMotion, set').count(), 0);
    assert.equal(await still.page.locator('#fx-main .topology .pkt').count(), 1);
  }
  assert.deepEqual(still.errors, []);
  await still.context.close();
});

test('export: the diagram as an SVG file with its style, and as a PNG', async () => {
  const { page, context, errors } = await openFlow('preset=range-closed&step=13', { acceptDownloads: true });
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('text=Export SVG')]);
  assert.equal(svg.suggestedFilename(), 'ftp-flow-range-closed-step-13.svg');
  const text = await readFile(await svg.path(), 'utf8');
  assert.match(text, /^<svg class="fx" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /<style>\.fx ?\{/);
  assert.match(text, /DROPPED/);
  assert.ok(!text.includes('animateMotion'));
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('text=Export PNG')]);
  assert.equal(png.suggestedFilename(), 'ftp-flow-range-closed-step-13.png');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(bytes.length > 20000, `PNG of ${bytes.length} bytes`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('print: no controls, the diagram and every step\'s narration', async () => {
  const { page, context } = await openFlow('preset=pasv-private-ip&step=13');
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.scenario', '.toolbar', '.step-list', '.export', '.site-nav']) {
    assert.equal(await page.isVisible(hidden), false, hidden);
  }
  assert.ok(await page.isVisible('#fx-main .topology svg'));
  assert.ok(await page.isVisible('#fx-main .outcome'));
  assert.equal(await page.locator('#fx-main .story li:visible').count(), 15);
  await context.close();
});

for (const [name, query, options] of [
  ['light', 'preset=pasv-private-ip&step=13', { colorScheme: 'light' }],
  ['dark', 'preset=alg-cleartext&step=11', { colorScheme: 'dark' }],
  ['side by side', 'preset=active-vs-passive&step=13', { colorScheme: 'light' }],
  ['phone, dark', 'preset=bounce&step=13', { colorScheme: 'dark', viewport: { width: 360, height: 740 } }],
]) {
  test(`no axe-core violations (${name})`, async () => {
    const { page, context, errors } = await openFlow(query, options);
    await page.click('details.settings > summary');
    await page.click('summary:has-text("Addresses and port ranges")');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('screenshots of the main states (test artifacts)', async () => {
  const shots = [
    ['passive-works', 'preset=pasv-address-set&step=14', { viewport: { width: 1280, height: 900 } }],
    ['active-blocked', 'preset=active-firewall&step=13', { viewport: { width: 1280, height: 900 } }],
    ['compare', 'preset=active-vs-passive&step=13', { viewport: { width: 1400, height: 900 } }],
    ['phone-portrait', 'preset=pasv-private-ip&step=13', { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 }],
    ['dark', 'preset=alg-cleartext&step=11', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
    ['port-stealing', 'preset=port-stealing&step=13', { viewport: { width: 1280, height: 900 } }],
  ];
  for (const [name, query, options] of shots) {
    const { page, context, errors } = await openFlow(query, { reducedMotion: 'reduce', ...options });
    await shot(page, name);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // The phone's drawing is laid out top to bottom and fits the screen.
  const phone = await openFlow('preset=pasv-private-ip&step=13', { viewport: { width: 360, height: 740 } });
  const box = await phone.page.locator('#fx-main .topology svg').boundingBox();
  assert.ok(box.width <= 360 && box.height > box.width, JSON.stringify(box));
  assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth), 360);
  await phone.context.close();
});
