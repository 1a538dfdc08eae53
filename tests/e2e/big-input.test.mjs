// End to end: large texts. A pasted or opened log of megabytes is kept whole and analysed whole, while the
// text box shows only its beginning (a browser takes seconds to lay out megabytes in a text box).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { open, axe } from './harness.mjs';

const FIXTURES = new URL('../fixtures/logs/', import.meta.url);

/** The real curl logs among the fixtures, one after another, until the text is `size` bytes. */
async function bigLog(size) {
  const files = (await readdir(FIXTURES)).filter((f) => f.startsWith('curl-') && f.endsWith('.log')).sort();
  const logs = await Promise.all(files.map((f) => readFile(new URL(f, FIXTURES), 'utf8')));
  let text = '';
  for (let i = 0; text.length < size; i++) text += logs[i % logs.length].trimEnd() + '\n';
  return text;
}

/** Paste `text` into the focused text box as a user does (a paste event carrying it). */
async function paste(page, text) {
  await page.focus('#input');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.querySelector('#input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const checked = (page) => page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Log checked'), null, { timeout: 60_000 });

test('a 3 MB paste is analysed whole; the box shows its beginning, read-only; Clear empties it', async () => {
  const text = await bigLog(3_000_000);
  const lines = text.split('\n').length - 1;
  const { page, errors, context } = await open();
  await page.$eval('#input', (a) => a.select()); // select all, then paste: the example is replaced
  await paste(page, text);
  await checked(page);
  const box = await page.$eval('#input', (a) => ({ value: a.value, readOnly: a.readOnly, described: a.getAttribute('aria-describedby') }));
  assert.ok(box.readOnly);
  assert.ok(box.value.length > 1000 && box.value.length <= 32 * 1024, `${box.value.length}`);
  assert.ok(text.replace(/\r\n?/g, '\n').startsWith(box.value), 'the box shows the beginning of the text');
  assert.match(await page.textContent(`#${box.described}`), /shows the first 31 KB of 2\.9 MB \(read-only\); the analysis reads all of it/);
  assert.match(await page.textContent('.notice'), /^Pasted: 2\.9 MB\./);
  // The report covers every line, not only what the box shows.
  assert.match(await page.textContent('.decoder'), new RegExp(`Showing the first 1000 of ${lines} lines`));
  assert.deepEqual(await axe(page), []);
  // Changing an option re-analyses the whole text in slices (the status says so first).
  const statusBefore = await page.textContent('#status');
  await page.fill('#range', '1-2');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('Analysing'));
  await checked(page);
  assert.notEqual(await page.textContent('#status'), statusBefore); // every passive port is now outside the range
  // Clear: an empty, editable box with the focus in it.
  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Nothing to decode yet.');
  const cleared = await page.$eval('#input', (a) => ({ value: a.value, readOnly: a.readOnly, focused: document.activeElement === a }));
  assert.deepEqual(cleared, { value: '', readOnly: false, focused: true });
  assert.ok(await page.isDisabled('#clear'));
  await page.fill('#input', 'EPRT |2|::1|6275|');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '6275');
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('a large paste into a short text goes where the cursor is; a paste into a large text replaces it', async () => {
  const log = await bigLog(200_000);
  const { page, errors, context } = await open();
  await page.fill('#input', '> SYST\n< 215 UNIX Type: L8\n');
  await page.$eval('#input', (a) => a.setSelectionRange(a.value.length, a.value.length));
  await paste(page, log);
  await checked(page);
  assert.ok((await page.inputValue('#input')).startsWith('> SYST\n< 215 UNIX Type: L8\n' + log.slice(0, 100)));
  assert.match(await page.textContent('.timeline'), /215 UNIX Type: L8/);
  // Pasting into the read-only beginning of a large text replaces the whole text.
  await paste(page, '227 Entering Passive Mode (192,168,1,100,195,80)');
  await page.waitForFunction(() => document.querySelector('[data-field=port]')?.textContent === '50000');
  assert.equal(await page.inputValue('#input'), '227 Entering Passive Mode (192,168,1,100,195,80)');
  assert.ok(!(await page.$eval('#input', (a) => a.readOnly)));
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('a log file is opened with the file button or dropped on the box, read locally', async () => {
  const text = await bigLog(1_000_000);
  const { page, requests, errors, context } = await open();
  const before = requests.length;
  await page.setInputFiles('#file', { name: 'session.log', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await checked(page);
  assert.match(await page.textContent('.notice'), /^Opened session\.log: 97\d KB\./);
  assert.ok(await page.$eval('#input', (a) => a.readOnly));
  // Dropped: the same, from a drag-and-drop of a file.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80)\n'], 'small.log', { type: 'text/plain' }));
    document.querySelector('#input').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('.notice')?.textContent.startsWith('Opened small.log'));
  await checked(page);
  assert.ok((await page.inputValue('#input')).includes('(10,0,0,1,195,80)'));
  assert.ok(!(await page.$eval('#input', (a) => a.readOnly)));
  // Reading a file is not a request: nothing was fetched.
  assert.deepEqual(requests.slice(before), []);
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('200,000 lines to decode are decoded in slices; the first 200 are shown', async () => {
  const reply = (i) => `227 Entering Passive Mode (10,0,${i % 256},1,${(i >> 8) % 256},${(i % 255) + 1})`;
  const text = Array.from({ length: 200_000 }, (_, i) => reply(i)).join('\n');
  const { page, errors, context } = await open();
  await page.selectOption('#mode', 'decode');
  await paste(page, text);
  await page.waitForFunction(() => /^\d+ decoded/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.equal(await page.textContent('#status'), '200000 decoded.');
  assert.equal(await page.$$eval('.results > li', (els) => els.length), 200);
  assert.match(await page.textContent('.more'), /Showing the first 200 of 200000 inputs/);
  assert.deepEqual(errors, [], errors.join('\n'));
  await context.close();
});

test('a 21 MB paste and a 1,000,000-line log: no crash, progress shown while reading, the whole text reported', async () => {
  const { page, errors, context } = await open();
  const cases = [
    // 21 MB of real curl logs; then 1,000,000 short lines (a keep-alive loop).
    [await bigLog(21_000_000), null],
    ['> NOOP\n< 200 NOOP ok.\n'.repeat(500_000), 1_000_000],
  ];
  for (const [text, lines] of cases) {
    await page.evaluate((t) => { window.bigText = t; }, text);
    await page.click('#clear'); // (the second time, the 21 MB report is freed a slice at a time)
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'Nothing to decode yet.');
    const seen = await page.evaluate(async () => {
      // Every status the page shows while it works: it must get to paint progress between slices.
      const statuses = new Set();
      const observer = new MutationObserver(() => statuses.add(document.querySelector('#status')?.textContent));
      observer.observe(document.body, { childList: true, characterData: true, subtree: true });
      const area = document.querySelector('#input');
      const data = new DataTransfer();
      data.setData('text/plain', window.bigText);
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      while (!document.querySelector('#status').textContent.startsWith('Log checked')) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      observer.disconnect();
      return [...statuses];
    });
    assert.ok(seen.some((s) => /^Analysing \d+ KB… [1-9]\d*%$/.test(s)), seen.join(' | '));
    if (lines) assert.match(await page.textContent('.decoder'), new RegExp(`Showing the first 1000 of ${lines} lines`));
    assert.deepEqual(errors, [], errors.join('\n'));
  }
  await context.close();
});
