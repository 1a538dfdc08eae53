// Measurement (not a test): how long the page takes to check a large pasted log, in headless Chromium,
// and the longest main-thread task while it does (pasting, reading, diagnosing, rendering, and freeing
// the previous report when it is cleared).
// Usage: node measure-big-paste.mjs LOGFILE   (FTPX_DIST and FTPX_CHROMIUM as for the tests)
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const file = process.argv[2];
const text = await readFile(file, 'utf8');
const server = await serve(process.env.FTPX_DIST ?? '../../dist');
const browser = await chromium.launch({ executablePath: process.env.FTPX_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage();
await page.goto(server.url);
await page.waitForSelector('#input');
// The text goes into the page once, before measuring: handing 21 MB to page.evaluate is itself a long task.
await page.evaluate((t) => { window.bigLog = t; }, text);
const results = [];
for (let i = 0; i < 3; i++) {
  results.push(await page.evaluate(async () => {
    const t = window.bigLog;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const watch = () => {
      const tasks = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])));
      observer.observe({ type: 'longtask', buffered: false });
      return [tasks, observer];
    };
    const longest = (tasks, from = -Infinity, to = Infinity) => Math.max(0, ...tasks.filter(([s]) => s >= from - 1 && s < to).map(([, d]) => d));
    // Clearing the previous report (a big one after the first run) is measured on its own, until it is freed.
    const [cleared, clearObserver] = watch();
    document.querySelector('#clear').click();
    await frame();
    await new Promise((r) => setTimeout(r, 2500));
    clearObserver.disconnect();
    performance.clearMarks();
    const [tasks, observer] = watch();
    const area = document.querySelector('#input');
    area.focus();
    const start = performance.now();
    // Paste as a user does: a paste event carrying the text (the page takes a large paste over).
    const data = new DataTransfer();
    data.setData('text/plain', t);
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await frame();
    const pasted = performance.now();
    while (!document.querySelector('#status')?.textContent.startsWith('Log checked')) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - start;
    await frame();
    await new Promise((r) => setTimeout(r, 100));
    observer.disconnect();
    // Which phase each long task fell in, by the page's performance marks.
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Infinity;
    const bounds = [['pasting', start, pasted], ['reading', pasted, at('ftpx:read')], ['building the session', at('ftpx:read'), at('ftpx:session')],
      ['diagnosing', at('ftpx:session'), at('ftpx:diagnosed')], ['rendering', at('ftpx:diagnosed'), Infinity]];
    const byPhase = Object.fromEntries(bounds.map(([name, from, to]) => [name, longest(tasks, from, to)]));
    return { elapsed, longest: longest(tasks), clearing: longest(cleared), byPhase, shown: area.value.length };
  }));
}
const ms = (list) => list.map((m) => m.toFixed(0)).join(', ');
const sorted = results.map((r) => r.elapsed).sort((a, b) => a - b);
const megabytes = Buffer.byteLength(text) / 1e6;
console.log(`${megabytes.toFixed(2)} MB log pasted: time to report ${ms(results.map((r) => r.elapsed))} ms (median ${sorted[1].toFixed(0)} ms, includes the 300 ms typing pause: the checker in Wasm, yielding between slices, ${(megabytes / ((sorted[1] - 300) / 1000)).toFixed(1)} MB/s); longest main-thread task ${ms(results.map((r) => r.longest))} ms; clearing the previous report ${ms(results.map((r) => r.clearing))} ms; the text box shows ${results[0].shown} characters`);
for (const name of Object.keys(results[0].byPhase)) {
  console.log(`  longest task while ${name}: ${ms(results.map((r) => r.byPhase[name]))} ms`);
}
await browser.close();
server.close();
