// Measurement (not a test): time from navigation to first render and to interactive (a pasted reply
// decoded on screen), in headless Chromium, median of 5 fresh page loads.
// Usage: node measure-load.mjs   (FTPX_DIST and FTPX_CHROMIUM as for the tests)
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const server = await serve(process.env.FTPX_DIST ?? '../../dist');
const browser = await chromium.launch({ executablePath: process.env.FTPX_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const first = [];
const interactive = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.waitForSelector('#input');
  first.push(await page.evaluate(() => performance.now()));
  const ready = await page.evaluate(async () => {
    const area = document.querySelector('#input');
    area.value = '227 Entering Passive Mode (10,0,0,1,195,80)';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    while (document.querySelector('[data-field=port]')?.textContent !== '50000') await new Promise((r) => requestAnimationFrame(r));
    return performance.now();
  });
  interactive.push(ready);
  await context.close();
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`page load: first render ${median(first).toFixed(0)} ms, interactive ${median(interactive).toFixed(0)} ms after navigation (median of 5; all: ${first.map((v) => v.toFixed(0)).join(', ')} / ${interactive.map((v) => v.toFixed(0)).join(', ')})`);
await browser.close();
server.close();
