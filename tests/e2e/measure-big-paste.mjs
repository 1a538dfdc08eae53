// Measurement (not a test): how long the page takes to check a large pasted log, in headless Chromium.
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
const runs = [];
const longTasks = [];
for (let i = 0; i < 3; i++) {
  const [ms, longest] = await page.evaluate(async (t) => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const area = document.querySelector('#input');
    area.value = 'x';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 50));
    const start = performance.now();
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    // Wait for the report (after the typing pause) to render.
    while (!document.querySelector('#status')?.textContent.startsWith('Log checked')) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - start;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return [elapsed, Math.max(0, ...tasks)];
  }, text);
  runs.push(ms);
  longTasks.push(longest);
}
runs.sort((a, b) => a - b);
console.log(`${(text.length / 1e6).toFixed(2)} MB log: time to report ${runs.map((m) => m.toFixed(0)).join(', ')} ms (median ${runs[1].toFixed(0)} ms, includes the 300 ms typing pause); longest main-thread task ${longTasks.map((m) => m.toFixed(0)).join(', ')} ms`);
await browser.close();
server.close();
