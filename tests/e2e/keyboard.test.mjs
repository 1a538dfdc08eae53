// Keyboard only: every control is reachable with Tab in a sensible order and works with the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness.mjs';

/** Press Tab until `predicate(activeElement)` holds (at most `max` presses); return the presses used. */
async function tabTo(page, describe, max = 40) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(describe);
    if (hit) return i;
  }
  throw new Error(`never reached: ${describe}`);
}

test('keyboard-only: type a reply, switch modes, load an example log, follow a finding to its line', async () => {
  const { page, context } = await open();
  await page.evaluate(() => document.activeElement?.blur());
  // The first Tab stop is the skip link; Enter on it, and the next Tab is the text box (past the
  // navigation between the views), without the URL changing.
  assert.equal(await tabTo(page, () => document.activeElement?.classList.contains('skip-link'), 1), 1);
  const url = page.url();
  await page.keyboard.press('Enter');
  assert.equal(await tabTo(page, () => document.activeElement?.id === 'input', 1), 1);
  assert.equal(page.url(), url);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('227 Entering Passive Mode (8,8,8,8,100,200)');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '25800');
  // The mode select works with the arrow keys.
  await tabTo(page, () => document.activeElement?.id === 'mode');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue('#mode'), 'decode');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#mode'), 'auto');
  // An example log button, with Enter.
  await tabTo(page, () => document.activeElement?.textContent === 'Server behind NAT');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.finding[data-code=advertised-private-address]');
  // The copy buttons and then a finding's line link, with Enter: the timeline row becomes the target.
  await tabTo(page, () => document.activeElement?.textContent === 'Copy as text');
  await tabTo(page, () => document.activeElement?.closest('.finding .lines') !== null);
  const line = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => location.hash === `#line-${n}`, line);
  // Focus is always visible: the focused element has an outline.
  await page.keyboard.press('Shift+Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await context.close();
});
