// Measurement (not a test): frame times of the flow explorer while it plays, in headless Chromium.
// Plays a 20-step session at 1× and at 4× for a few seconds each (and at 4× on a CPU slowed down 4×) (packets travel by SMIL
// <animateMotion>; each step re-renders the view once), records requestAnimationFrame deltas and
// prints, as JSON, the median and 95th percentile frame time, the longest frame, and the share of
// frames over 25 ms (1.5 × 16.7 ms), and the longest main-thread task over 50 ms (0: none).
// Usage: node measure-frames.mjs [SECONDS]   (FTPX_DIST and FTPX_CHROMIUM as for the tests)
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const seconds = Number(process.argv[2] ?? 6);
const server = await serve(process.env.FTPX_DIST ?? '../../dist');
const browser = await chromium.launch({
  executablePath: process.env.FTPX_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function run(speed, cpuSlowdown = 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (cpuSlowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  await page.goto(`${server.url}#/flow?preset=pasv-address-set`);
  await page.waitForSelector('main.flow .pane');
  await page.selectOption('#fx-speed', { label: speed });
  // Let the page settle, then start playing and record every frame for `seconds`.
  await page.waitForTimeout(500);
  await page.click('.toolbar .play');
  const { deltas, longest } = await page.evaluate((ms) => new Promise((resolve) => {
    const out = [];
    // Main-thread tasks over 50 ms while it plays (a step's re-render is one task).
    const tasks = [];
    new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    let last = null;
    let start = null;
    const frame = (t) => {
      if (last !== null) out.push(t - last);
      if (start === null) start = t;
      last = t;
      if (t - start < ms) requestAnimationFrame(frame); else resolve({ deltas: out, longest: Math.max(0, ...tasks) });
    };
    requestAnimationFrame(frame);
  }), seconds * 1000);
  const step = await page.evaluate(() => document.querySelector('#fx-narration').textContent.match(/^Step (\d+)/)?.[1]);
  await context.close();
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v) => Math.round(v * 100) / 100;
  return {
    frames: deltas.length,
    steps_played: Number(step ?? 0),
    median_ms: round(at(0.5)),
    p95_ms: round(at(0.95)),
    max_ms: round(sorted.at(-1)),
    over_25ms: round(deltas.filter((d) => d > 25).length / deltas.length),
    longest_task_ms: round(longest),
  };
}

const result = {
  seconds,
  '1x': await run('1×'),
  '4x': await run('4×'),
  // A slower machine: Chromium's CPU throttling (as Lighthouse's mobile preset), playing at 4×.
  '4x_cpu_slowdown_4': await run('4×', 4),
};
console.log(JSON.stringify({ flow_frames: result }));
await browser.close();
server.close();
