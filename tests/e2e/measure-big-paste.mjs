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
const clearing = [];
const phases = [];
for (let i = 0; i < 3; i++) {
  const r = await page.evaluate(async (t) => {
    const watch = () => {
      const tasks = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])));
      observer.observe({ type: 'longtask', buffered: false });
      return [tasks, observer];
    };
    const area = document.querySelector('#input');
    // Clearing the previous report (a big one after the first run) is measured on its own.
    const [cleared, clearObserver] = watch();
    area.value = 'x';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 200));
    clearObserver.disconnect();
    performance.clearMarks();
    const [tasks, observer] = watch();
    const start = performance.now();
    area.value = t;
    area.dispatchEvent(new Event('input', { bubbles: true }));
    // Wait for the report (after the typing pause) to render.
    while (!document.querySelector('#status')?.textContent.startsWith('Log checked')) await new Promise((r) => setTimeout(r, 5));
    const elapsed = performance.now() - start;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    // Which phase each long task fell in, by the page's performance marks.
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Infinity;
    const bounds = [['reading', start, at('ftpx:read')], ['building the session', at('ftpx:read'), at('ftpx:session')],
      ['diagnosing', at('ftpx:session'), at('ftpx:diagnosed')], ['rendering', at('ftpx:diagnosed'), Infinity]];
    const byPhase = {};
    for (const [name, from, to] of bounds) {
      byPhase[name] = Math.max(0, ...tasks.filter(([s]) => s >= from - 1 && s < to).map(([, d]) => d));
    }
    return { elapsed, longest: Math.max(0, ...tasks.map(([, d]) => d)), clearing: Math.max(0, ...cleared.map(([, d]) => d)), byPhase };
  }, text);
  runs.push(r.elapsed);
  longTasks.push(r.longest);
  clearing.push(r.clearing);
  phases.push(r.byPhase);
}
const sorted = [...runs].sort((a, b) => a - b);
console.log(`${(text.length / 1e6).toFixed(2)} MB log: time to report ${runs.map((m) => m.toFixed(0)).join(', ')} ms (median ${sorted[1].toFixed(0)} ms, includes the 300 ms typing pause); longest main-thread task ${longTasks.map((m) => m.toFixed(0)).join(', ')} ms; clearing the previous report ${clearing.map((m) => m.toFixed(0)).join(', ')} ms`);
for (const name of Object.keys(phases[0])) {
  console.log(`  longest task while ${name}: ${phases.map((p) => p[name].toFixed(0)).join(', ')} ms`);
}
await browser.close();
server.close();
