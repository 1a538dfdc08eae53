// End to end: the flow explorer as each audience sees it (issue 18, items 8–11 and presenter mode):
// the animation on the first screen when a preset opens, every label readable and apart on a phone, a
// laptop and a projector, comparisons that line up with their own step lists, the active-mode NAT
// lesson's drop mark, and the presenter layout. Each check measures what is drawn (bounding boxes,
// rendered font sizes, scroll widths), and the screenshots go to target/e2e-artifacts/flow/.
import { test, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { axe } from './harness.mjs';
import {
  env, flowIn, goStep, show, presetIds, stepCounts, midStep, drawnTexts, overlapping, narration, atStep, urlStep, screen,
} from './flow-harness.mjs';

const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };
const COMPARED = ['active-vs-passive', 'epsv-works-pasv-fails', 'works-locally'];

/** One context per screen size, shared by the tests (reduced motion: packets shown where they end),
 * made on first use (after the harness has started the browser); and the presets the picker offers. */
const made = {};
const SIZES = { LAPTOP, PHONE, PROJECTOR };
const contexts = new Proxy({}, { get: (_, name) => made[name] });
let ids = [];
async function setUp() {
  if (ids.length) return;
  for (const [name, viewport] of Object.entries(SIZES)) {
    made[name] = await env.browser.newContext({ viewport, reducedMotion: 'reduce' });
  }
  const { page } = await flowIn(made.LAPTOP, '');
  ids = await presetIds(page);
  assert.ok(ids.length >= 24 && ids.includes('active-nat-no-forward'), ids.join());
  await page.close();
}
beforeEach(setUp);
after(async () => { for (const c of Object.values(made)) await c.close(); });

test('at 1366×900 every preset opens with its settings folded and its toolbar and diagram on the first screen', async () => {
  const problems = [];
  for (const id of ids) {
    const { page, errors } = await flowIn(contexts.LAPTOP, `preset=${id}`);
    const seen = await page.evaluate(() => ({
      settings: document.querySelector('details.settings').open,
      toolbar: document.querySelector('.toolbar').getBoundingClientRect().bottom,
      diagrams: [...document.querySelectorAll('.topology svg')].map((s) => s.getBoundingClientRect().top),
    }));
    if (seen.settings) problems.push(`${id}: settings open`);
    if (seen.toolbar > LAPTOP.height) problems.push(`${id}: toolbar ends at ${seen.toolbar}`);
    for (const top of seen.diagrams) if (top >= LAPTOP.height - 150) problems.push(`${id}: diagram starts at ${top}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.deepEqual(problems, []);
});

test('a preset chosen from the picker folds the settings away; the user can reopen them', async () => {
  const { page } = await flowIn(contexts.LAPTOP, '');
  // Without a preset the settings are open; choosing one folds them and brings the animation up.
  assert.equal(await page.evaluate(() => document.querySelector('details.settings').open), true);
  await page.selectOption('#fx-preset', 'range-closed');
  await page.waitForFunction(() => location.hash.includes('preset=range-closed'));
  await page.waitForFunction(() => !document.querySelector('details.settings').open);
  assert.ok(await page.evaluate(() => document.querySelector('#fx-main .topology svg').getBoundingClientRect().top) < 750);
  // The folded settings still say what is set.
  assert.match(await page.textContent('details.settings > summary'), /Passive \(PASV\) · client behind NAT · server behind NAT, external address set · range closed/);
  await page.click('details.settings > summary');
  await page.waitForSelector('#fx-mode', { state: 'visible' });
  await page.selectOption('#fx-mode', 'epsv');
  await page.waitForFunction(() => location.hash.includes('mode=epsv'));
  // A knob changed: still open (the user is working in it); another preset folds them again.
  assert.equal(await page.evaluate(() => document.querySelector('details.settings').open), true);
  await page.selectOption('#fx-preset', 'alg-ftps');
  await page.waitForFunction(() => !document.querySelector('details.settings').open);
  await page.close();
});

test('at 1920×1080 the view uses the screen\'s width and the diagram is on the first screen', async () => {
  for (const id of ['pasv-private-ip', 'epsv-works-pasv-fails']) {
    const { page } = await flowIn(contexts.PROJECTOR, `preset=${id}&step=13`);
    const seen = await page.evaluate(() => ({
      main: document.querySelector('main.flow').getBoundingClientRect().width,
      svgs: [...document.querySelectorAll('.topology svg')].map((s) => s.getBoundingClientRect().toJSON()),
    }));
    assert.ok(seen.main > 1800, `main is ${seen.main} px wide`);
    for (const s of seen.svgs) {
      assert.ok(s.top < 800, `${id}: the diagram starts at ${s.top}`);
      assert.ok(s.width > (seen.svgs.length === 2 ? 850 : 1700), `${id}: the diagram is ${s.width} px wide`);
    }
    await page.close();
  }
});

test('no horizontal scroll at 390×844 for every preset, at a middle and its last step', async () => {
  const problems = [];
  const { page } = await flowIn(contexts.PHONE, 'preset=pasv-private-ip');
  for (const id of ids) {
    await show(page, `preset=${id}`);
    for (const step of [await midStep(page), 99]) {
      await goStep(page, step);
      const seen = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        drawing: Math.max(...[...document.querySelectorAll('.topology svg')].map((s) => s.getBoundingClientRect().right)),
      }));
      if (seen.page > PHONE.width) problems.push(`${id} step ${step}: the page is ${seen.page} px wide`);
      if (seen.drawing > PHONE.width) problems.push(`${id} step ${step}: the drawing ends at ${seen.drawing}`);
    }
  }
  await page.close();
  assert.deepEqual(problems, []);
});

/** Overlaps, texts outside their drawing, and labels under `min` px, of the drawings now shown. */
async function drawingProblems(page, label, min) {
  const texts = await drawnTexts(page);
  const out = overlapping(texts).map((o) => `${label}: ${o}`);
  for (const t of texts) {
    const inside = t.box.x >= t.frame.x - 1 && t.box.y >= t.frame.y - 1
      && t.box.x + t.box.w <= t.frame.x + t.frame.w + 1 && t.box.y + t.box.h <= t.frame.y + t.frame.h + 1;
    if (!inside) out.push(`${label}: "${t.text}" sticks out of its drawing`);
    if (min && t.px < min - 0.01) out.push(`${label}: "${t.text}" (${t.where}) is ${t.px.toFixed(1)} px`);
    // An address is never cut over two lines: a line of digits and dots alone is a whole address.
    if (/^[\d.]*\.[\d.]*$/.test(t.text.trim()) && !/^\d+\.\d+\.\d+\.\d+$/.test(t.text.trim())) out.push(`${label}: "${t.text}" is a piece of an address`);
    if (/\d+\.\d+\.\d+\.$/.test(t.text.trim())) out.push(`${label}: "${t.text}" ends inside an address`);
  }
  return out;
}

for (const [size, min] of [['LAPTOP', 12], ['PHONE', 0], ['PROJECTOR', 12]]) {
  test(`no overlapping labels, none cut or under ${min || 'any'} px (${size.toLowerCase()}, every preset at a middle and its last step)`, async () => {
    const problems = [];
    const { page } = await flowIn(contexts[size], 'preset=pasv-private-ip');
    for (const id of ids) {
      await show(page, `preset=${id}`);
      for (const step of [await midStep(page), 99]) {
        await goStep(page, step);
        problems.push(...await drawingProblems(page, `${id} step ${step}`, min));
      }
    }
    await page.close();
    assert.deepEqual(problems, []);
  });
}

test('labels are at least 12 px as rendered at 1366, single and side by side', async () => {
  for (const q of ['preset=pasv-address-set&step=13', 'preset=epsv-works-pasv-fails&step=13', 'preset=bounce&step=14']) {
    const { page } = await flowIn(contexts.LAPTOP, q);
    const texts = await drawnTexts(page);
    assert.ok(texts.length > 40, `${q}: ${texts.length} labels`);
    const small = texts.filter((t) => t.px < 12).map((t) => `${t.text}: ${t.px}`);
    assert.deepEqual(small, [], q);
    // Measured as drawn, too: a line of 12 px text is at least 12 px tall on the screen.
    const short = texts.filter((t) => t.box.h < 12).map((t) => `${t.text}: ${t.box.h}`);
    assert.deepEqual(short, [], q);
    await page.close();
  }
});

test('side by side: the diagrams line up, each session has its own step list and tells its own progress', async () => {
  for (const [size, id] of COMPARED.flatMap((id) => [['LAPTOP', id], ['PROJECTOR', id]])) {
    const { page } = await flowIn(contexts[size], `preset=${id}`);
    const [a, b] = await stepCounts(page);
    assert.ok(a > 5 && b > 5, `${id}: ${a} and ${b} steps in the two lists`);
    for (const step of [Math.min(a, b), Math.max(a, b)]) {
      await goStep(page, step);
      const tops = await page.evaluate(() => [...document.querySelectorAll('.topology svg')].map((s) => s.getBoundingClientRect().top));
      assert.equal(tops.length, 2);
      assert.ok(Math.abs(tops[0] - tops[1]) <= 3, `${size} ${id} step ${step}: the diagrams start at ${tops}`);
    }
    // At the longer session's last step the shorter one says it has finished, with its own count.
    const short = a < b ? '#fx-main' : '#fx-other';
    const n = Math.min(a, b);
    if (a !== b) {
      assert.match(await page.textContent(`${short} .pane-status`), new RegExp(`^[AB] · finished at its step ${n}: [✓✕] it (works|fails)$`));
      const told = await narration(page);
      assert.ok(!told.includes('ended at step'), told);
      assert.match(told, new RegExp(`^Step ${Math.max(a, b)} of ${Math.max(a, b)}\\. A, .* — B, `));
      assert.match(told, new RegExp(`${a < b ? 'A' : 'B'}, finished at its step ${n}: `));
    }
    await page.close();
  }
  // A step of a session's own list goes there; the other session tells where it is.
  const { page } = await flowIn(contexts.LAPTOP, 'preset=epsv-works-pasv-fails');
  const [a, b] = await stepCounts(page);
  assert.equal(a, 15);
  assert.equal(b, 19);
  await page.click(`#fx-main .step-list li:nth-child(${a}) button`);
  await atStep(page, a);
  assert.match(await page.textContent('#fx-main .pane-status'), /^A · step 15 of 15, its last: ✕ it fails$/);
  assert.match(await page.textContent('#fx-other .pane-status'), /^B · step 15 of 19$/);
  assert.ok(!(await page.textContent('#fx-main .step-detail')).includes('ended'));
  assert.equal(await page.locator('#fx-main .step-list [aria-current=step]').count(), 1);
  assert.equal(await page.locator('#fx-other .step-list [aria-current=step]').count(), 1);
  await page.click('#fx-other .step-list li:nth-child(18) button');
  await atStep(page, 18);
  assert.match(await page.textContent('#fx-main .pane-status'), /^A · finished at its step 15: ✕ it fails$/);
  assert.equal(await page.locator('#fx-main .step-list [aria-current=step]').count(), 0);
  // The outcome is below the drawing: showing it does not move the drawing.
  const below = await page.evaluate(() => {
    const svg = document.querySelector('#fx-main .topology svg').getBoundingClientRect();
    const out = document.querySelector('#fx-main .outcome').getBoundingClientRect();
    return out.top >= svg.bottom;
  });
  assert.ok(below);
  // Every list is named by its session.
  assert.equal(await page.getByRole('region', { name: 'Every step of A' }).count(), 1);
  assert.equal(await page.getByRole('region', { name: 'Every step of B' }).count(), 1);
  await page.close();
});

test('the outcome waits for the failure: no "failed" while the SYN still travels, and the drawing stays put', async () => {
  for (const [size, id, syn] of [['PHONE', 'pasv-private-ip', 13], ['LAPTOP', 'range-closed', 13], ['LAPTOP', 'active-nat-no-forward', 13]]) {
    const { page } = await flowIn(contexts[size], `preset=${id}&step=${syn}`);
    const labels = async () => (await drawnTexts(page, '#fx-main .topology')).map((t) => t.text).join(' | ');
    assert.match(await labels(), /data[^|]*· opening/, `${id} at its SYN`);
    assert.doesNotMatch(await labels(), /failed/);
    const top = await page.evaluate(() => document.querySelector('#fx-main .topology svg').getBoundingClientRect().top);
    await page.keyboard.press('ArrowRight');
    await atStep(page, syn + 1);
    assert.match(await labels(), /data[^|]*· failed/, `${id} after its SYN`);
    await page.evaluate(() => { location.hash = location.hash.replace(/&step=\d+/, '&step=99'); });
    await page.waitForSelector('#fx-main .outcome.shown');
    const after = await page.evaluate(() => document.querySelector('#fx-main .topology svg').getBoundingClientRect().top);
    assert.equal(after, top, `${id}: the drawing moved when the outcome showed`);
    await page.close();
  }
});

test('the phone shows every leg\'s addresses, with the NAT\'s rewrite marked, and no rotated text', async () => {
  const { page } = await flowIn(contexts.PHONE, 'preset=pasv-address-set&step=13');
  const texts = (await drawnTexts(page, '#fx-main .topology')).map((t) => t.text);
  for (const leg of ['192.168.1.10:51001→ 203.0.113.100:50000', '198.51.100.7:51001→ 203.0.113.100:50000', '198.51.100.7:51001→ 10.0.0.5:50000']) {
    assert.ok(texts.includes(leg), `${leg} in ${texts.join(' | ')}`);
  }
  assert.ok(texts.includes('outside 203.0.113.100'), texts.join(' | '));
  assert.equal(await page.locator('#fx-main .topology text.chg, #fx-main .topology tspan.chg').count(), 2);
  assert.equal(await page.locator('.topology [transform*=rotate]').count(), 0);
  await page.close();
});

test('the NAT lessons: the address check refuses the private PORT; announced, the public one dies at the client\'s router, its mark clear of the line', async () => {
  const { page } = await flowIn(contexts.LAPTOP, 'preset=active-nat&step=99');
  assert.match(await page.textContent('#fx-main-title'), /^Active \(PORT\) · client behind NAT/);
  assert.match(await page.inputValue('#fx-preset'), /^active-nat$/);
  assert.match(await page.textContent('#fx-preset option[value=active-nat]'), /address check refuses the private address in PORT/);
  assert.match(await page.textContent('#fx-main .outcome'), /Illegal PORT|refused it/);
  await page.close();
  for (const size of ['LAPTOP', 'PHONE', 'PROJECTOR']) {
    const { page } = await flowIn(contexts[size], 'preset=active-nat-no-forward&step=99');
    await atStep(page, 16);
    assert.match(await page.textContent('#fx-main .outcome'), /✕ It fails\. The data connection timed out: at the client-side NAT\/firewall/);
    const mark = page.getByRole('img', { name: /^DROPPED at the NAT router \(\+ its stateful filter\): policy drop \(new connection to port 52000 not allowed\)/ });
    assert.equal(await mark.count(), 1, size);
    const clear = await page.evaluate(() => {
      const word = document.querySelector('#fx-main .blocked .word').getBoundingClientRect();
      const line = document.querySelector('#fx-main .topology path.conn.data').getBoundingClientRect();
      const pad = 2;
      const hit = word.left < line.right + pad && word.right > line.left - pad && word.top < line.bottom + pad && word.bottom > line.top - pad;
      return { hit, word: word.toJSON(), line: line.toJSON() };
    });
    assert.equal(clear.hit, false, `${size}: the data line crosses the mark's word ${JSON.stringify(clear)}`);
    // The PORT carried the public address.
    await page.click('#fx-main .step-list li:nth-child(10) button');
    await atStep(page, 10);
    assert.equal(await page.textContent('#fx-main .bytes'), 'PORT 198,51,100,7,203,32\\r\\n');
    await page.close();
  }
});

test('addresses never wrap inside, side by side at 1366 and on a phone', async () => {
  for (const [size, q] of [['LAPTOP', 'preset=epsv-works-pasv-fails&step=13'], ['PHONE', 'preset=pasv-private-ip&step=13'], ['LAPTOP', 'preset=works-locally&step=99']]) {
    const { page } = await flowIn(contexts[size], q);
    const texts = (await drawnTexts(page, '.topology')).map((t) => t.text);
    assert.ok(texts.some((t) => /(^| )203\.0\.113\.100( |:|$)/.test(t)), texts.join(' | '));
    assert.deepEqual(texts.filter((t) => /^(203\.0\.113\.10|0)$/.test(t)), []);
    await page.close();
  }
});

test('presenter mode: fills a 1920×1080 screen with the drawing and the narration, large; Page Down/Up, B and Esc', async () => {
  const context = await env.browser.newContext({ viewport: PROJECTOR, reducedMotion: 'reduce' });
  const { page, errors } = await flowIn(context, 'preset=pasv-address-set&step=13');
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await page.waitForFunction(() => location.hash.includes('present=1'));
  await page.waitForSelector('main.flow.present');
  await page.waitForTimeout(200);
  const seen = await page.evaluate(() => {
    const r = (s) => document.querySelector(s)?.getBoundingClientRect().toJSON();
    return {
      svg: r('#fx-main .topology svg'),
      narration: r('#fx-narration'),
      toolbar: r('.toolbar'),
      height: document.documentElement.scrollHeight,
      header: document.querySelector('.site-header').getBoundingClientRect().height,
      nav: getComputedStyle(document.querySelector('.site-nav')).display,
      settings: document.querySelector('.scenario'),
      narrationPx: parseFloat(getComputedStyle(document.querySelector('#fx-narration')).fontSize),
    };
  });
  assert.ok(seen.header <= 1, `the page's header is ${seen.header} px tall`);
  assert.equal(seen.nav, 'none');
  assert.equal(seen.settings, null);
  assert.ok(seen.svg.width > 1700, `the drawing is ${seen.svg.width} px wide`);
  assert.ok(seen.svg.height > 450, `the drawing is ${seen.svg.height} px tall`);
  assert.ok(seen.height <= PROJECTOR.height, `the page is ${seen.height} px tall`);
  assert.ok(seen.narration.bottom <= PROJECTOR.height && seen.narration.top > seen.svg.bottom - 1, JSON.stringify(seen));
  assert.ok(seen.narrationPx >= 28, `narration at ${seen.narrationPx} px`);
  // Labels readable from the back of the room.
  const texts = await drawnTexts(page, '#fx-main .topology');
  const smallest = Math.min(...texts.map((t) => t.px));
  assert.ok(smallest >= 22, `the smallest label is ${smallest} px`);
  assert.deepEqual(overlapping(texts), []);
  // What a presentation remote sends.
  await page.keyboard.press('PageDown');
  await atStep(page, 14);
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await atStep(page, 12);
  assert.equal(await page.evaluate(() => scrollY), 0);
  await page.keyboard.press('b');
  const blank = await page.evaluate(() => {
    const b = document.querySelector('.blank').getBoundingClientRect();
    return { w: b.width, h: b.height, bg: getComputedStyle(document.querySelector('.blank')).backgroundColor };
  });
  assert.deepEqual(blank, { w: 1920, h: 1080, bg: 'rgb(0, 0, 0)' });
  assert.match(await page.textContent('.blank [role=status]'), /blank/);
  await page.keyboard.press('B');
  await page.waitForFunction(() => !document.querySelector('.blank'));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !location.hash.includes('present=1'));
  await page.waitForSelector('.scenario');
  assert.ok(await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height) > 50);
  assert.equal(urlStep(page), 12);
  // Outside presenter mode Page Down is the page's again (scrolling): the view leaves it alone.
  const taken = await page.evaluate(() => {
    const e = new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    return e.defaultPrevented;
  });
  assert.equal(taken, false);
  await page.waitForTimeout(200);
  assert.equal(urlStep(page), 12);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [scheme, query] of [['light', 'preset=range-closed&step=14&present=1'], ['dark', 'preset=epsv-works-pasv-fails&step=17&present=1']]) {
  test(`presenter mode in the ${scheme} theme, with reduced motion: high contrast, no animation, no axe violations`, async () => {
    const context = await env.browser.newContext({ viewport: PROJECTOR, colorScheme: scheme, reducedMotion: 'reduce' });
    const { page, errors } = await flowIn(context, query);
    assert.equal(await page.locator('animateMotion, set').count(), 0);
    assert.equal(await page.isChecked('#fx-animate'), false);
    assert.deepEqual(await axe(page), []);
    const texts = await drawnTexts(page, '.topology');
    assert.deepEqual(overlapping(texts), []);
    assert.ok(Math.min(...texts.map((t) => t.px)) >= (query.includes('epsv-works') ? 12 : 22));
    // Side by side, the two drawings are stacked and both on the screen.
    const bottoms = await page.evaluate(() => [...document.querySelectorAll('.topology svg')].map((s) => s.getBoundingClientRect().bottom));
    for (const b of bottoms) assert.ok(b <= PROJECTOR.height, `a drawing ends at ${b}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight) <= PROJECTOR.height + 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('axe-core finds nothing in the folded settings, side by side and on a phone', async () => {
  for (const [size, q] of [['LAPTOP', 'preset=epsv-works-pasv-fails&step=16'], ['PHONE', 'preset=active-nat-no-forward&step=14']]) {
    const { page } = await flowIn(contexts[size], q);
    assert.deepEqual(await axe(page), [], q);
    await page.close();
  }
});

test('screenshots: phone, laptop and projector (100% and 200%), light and dark, single, side by side, presenter', async () => {
  const sizes = [
    ['phone', PHONE, 1], ['laptop', LAPTOP, 1], ['projector', PROJECTOR, 1], ['projector-200', PROJECTOR, 2],
  ];
  const views = [
    ['single', 'preset=pasv-private-ip&step=13'],
    ['nat-no-forward', 'preset=active-nat-no-forward&step=16'],
    ['compare', 'preset=epsv-works-pasv-fails&step=15'],
    ['presenter', 'preset=pasv-address-set&step=13&present=1'],
  ];
  for (const [sname, viewport, deviceScaleFactor] of sizes) {
    for (const scheme of ['light', 'dark']) {
      const context = await env.browser.newContext({ viewport, deviceScaleFactor, colorScheme: scheme, reducedMotion: 'reduce' });
      for (const [vname, q] of views) {
        if (vname === 'presenter' && sname === 'phone') continue;
        const { page, errors } = await flowIn(context, q);
        await page.evaluate(() => document.fonts.ready);
        // What the first screen shows, and the drawing itself.
        await screen(page, `layout-${vname}-${sname}-${scheme}`);
        if (vname !== 'presenter') {
          await page.evaluate(() => document.querySelector('#fx-main h3').scrollIntoView());
          await screen(page, `layout-${vname}-${sname}-${scheme}-diagram`);
        }
        assert.deepEqual(errors, []);
        await page.close();
      }
      await context.close();
    }
  }
});

test('a key pressed as soon as the view shows is not lost (nor undone by the link it opened with)', async () => {
  const { page } = await flowIn(contexts.LAPTOP, 'preset=range-closed&step=12');
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => { location.hash = location.hash.replace(/step=\d+/, 'step=12'); });
    await page.reload({ waitUntil: 'commit' });
    // One → the moment the narration appears; then the step must move on and stay.
    const took = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      let sent = null;
      const tick = () => {
        const n = document.querySelector('#fx-narration')?.textContent ?? '';
        if (sent === null && n.startsWith('Step 12 of')) {
          document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
          sent = performance.now();
        }
        if (sent !== null && n.startsWith('Step 13 of')) return resolve('moved');
        if (performance.now() - t0 > 8000) return resolve(`stuck at "${n.slice(0, 12)}"`);
        setTimeout(tick, 1);
      };
      tick();
    }));
    assert.equal(took, 'moved', `reload ${i}`);
    await page.waitForTimeout(300);
    await atStep(page, 13);
  }
  await page.close();
});

test('side by side, nothing the page scrolls to hides under the sticky toolbar', async () => {
  const { page } = await flowIn(contexts.LAPTOP, 'preset=works-locally&step=12');
  const below = async (sel) => page.evaluate((sel) => {
    const bar = document.querySelector('.toolbar').getBoundingClientRect().bottom;
    return { top: document.querySelector(sel).getBoundingClientRect().top, bar };
  }, sel);
  // At first both titles and both drawings are on the screen, below the toolbar.
  for (const sel of ['#fx-main-title', '#fx-other-title']) {
    const { top, bar } = await below(sel);
    assert.ok(top >= bar && top < LAPTOP.height, `${sel} at ${top}, toolbar ends at ${bar}`);
  }
  // Scrolled down, then back up to a pane's sequence diagram by focus (Shift+Tab does this): it
  // stops below the toolbar.
  for (const sel of ['#fx-main .lanes', '#fx-other .lanes', '#fx-main .step-list li:first-child button']) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.focus(sel);
    const { top, bar } = await below(sel);
    assert.ok(top >= bar - 1, `${sel} scrolled to ${top}, under the toolbar (ends at ${bar})`);
  }
  await page.close();
});
