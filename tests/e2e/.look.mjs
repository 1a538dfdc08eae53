// Ad-hoc: screenshots of parts of the page for a human to look at (not a test).
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { readFileSync } from 'node:fs';
const server = await serve(process.env.FTPX_DIST);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const [w, hs, scheme, what, arg] = process.argv.slice(2); const h = +hs;
const ctx = await browser.newContext({ viewport: { width: +w, height: +h }, colorScheme: scheme });
const page = await ctx.newPage();
await page.goto(server.url);
await page.waitForSelector('#input');
if (what === 'log') {
  await page.fill('#input', readFileSync('../fixtures/logs/' + arg, 'latin1'));
  await page.waitForSelector('.report');
} else if (what === 'text') {
  await page.fill('#input', arg);
  await page.waitForTimeout(800);
} else { await page.waitForSelector('.results .result'); }
const total = await page.evaluate(() => document.scrollingElement.scrollHeight);
let i = 0;
for (let y = 0; y < total && i < 12; y += h, i++) {
  await page.evaluate((y) => window.scrollTo(0, y), y);
  await page.waitForTimeout(100);
  await page.screenshot({ path: `/tmp/look/${what}-${w}-${scheme}-${i}.png` });
}
console.log(total, i);
await browser.close(); server.close();
