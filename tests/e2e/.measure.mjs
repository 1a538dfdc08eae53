import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
const server = await serve(process.env.FTPX_DIST);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const w of [1366, 1920]) {
const ctx = await browser.newContext({ viewport: { width: w, height: 900 } });
const page = await ctx.newPage();
await page.goto(server.url);
await page.waitForSelector('.client-table');
console.log(w, await page.evaluate(() => {
  const c = document.querySelector('.clients'); const t = c.querySelector('table');
  return { box: c.clientWidth, table: t.scrollWidth, cols: [...t.querySelectorAll('thead th')].map((th) => Math.round(th.getBoundingClientRect().width)) };
}));
}
await browser.close(); server.close();
