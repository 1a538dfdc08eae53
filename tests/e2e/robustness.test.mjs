// The page survives everything it is given: every fixture log, under every reading mode and format
// override. A panic in the Wasm would show as a page error and leave the page dead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { open } from './harness.mjs';

const FIXTURES = new URL('../fixtures/logs/', import.meta.url);

test('every fixture log, in every mode and format, without a page error', async () => {
  const { page, errors, context } = await open();
  const files = (await readdir(FIXTURES)).filter((f) => f.endsWith('.log')).sort();
  assert.ok(files.length >= 70);
  const formats = await page.$$eval('#format option', (os) => os.map((o) => o.value));
  let i = 0;
  for (const file of files) {
    const text = await readFile(new URL(file, FIXTURES), 'utf8');
    await page.selectOption('#mode', ['auto', 'decode', 'check'][i % 3]);
    await page.selectOption('#format', formats[i % formats.length]);
    await page.fill('#input', text);
    await page.waitForFunction(() => /decoded|Log checked|Nothing/.test(document.querySelector('#status')?.textContent ?? ''));
    i++;
  }
  assert.deepEqual(errors, [], errors.join('\n'));
  // Still alive: a reply still decodes.
  await page.selectOption('#mode', 'auto');
  await page.selectOption('#format', '');
  await page.fill('#input', '229 Entering Extended Passive Mode (|||6446|)');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '6446');
  await context.close();
});
