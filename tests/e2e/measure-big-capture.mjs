// Measurement (not a test): how fast the page reads a large packet capture, in headless Chromium — a
// ~100 MB capture (tests/fixtures/captures/pasv-healthy.pcap grown, see big-capture.mjs) opened with
// "Open a log or capture…", from the file handed over to the report on screen, median of 3, with the
// longest main-thread task meanwhile. The file is made in a temporary folder and removed.
// Usage: node measure-big-capture.mjs [MB]   (FTPX_DIST and FTPX_CHROMIUM as for the tests)
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { bigCapture } from './big-capture.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const mb = Number(process.argv[2] ?? 100);
const src = readFileSync(path.resolve(HERE, '../fixtures/captures/pasv-healthy.pcap'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'ftpx-measure-capture-'));
const server = await serve(process.env.FTPX_DIST ?? '../../dist');
const browser = await chromium.launch({ executablePath: process.env.FTPX_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const { bytes } = bigCapture(src, mb * 1024 * 1024);
  const file = path.join(dir, 'big.pcap');
  writeFileSync(file, bytes);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('#input');
    await page.evaluate(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    const start = Date.now();
    await page.setInputFiles('#file', file);
    await page.waitForSelector('.capture-report', { timeout: 120_000 });
    const ms = Date.now() - start;
    const longest = await page.evaluate(() => Math.max(0, ...window.__long));
    runs.push({ ms, longest });
    await page.close();
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const ms = median(runs.map((r) => r.ms));
  const size = bytes.length / 1e6;
  console.log(`capture in the page: ${size.toFixed(1)} MB read, reassembled and diagnosed, report after ${ms} ms (median of 3: ${runs.map((r) => r.ms).join(', ')} ms): ${(size / (ms / 1000)).toFixed(0)} MB/s; longest main-thread task ${Math.round(median(runs.map((r) => r.longest)))} ms (median)`);
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
