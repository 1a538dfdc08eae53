// Lighthouse audit of the built dist/ (served from a sub-path on 127.0.0.1) in the OS's Chromium; prints
// the four category scores and the audits that fall short. Usage: node run.mjs DIST CHROMIUM
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve } from '../../tests/e2e/server.mjs';

const [dist, chromePath] = process.argv.slice(2);
const server = await serve(dist);
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const result = await lighthouse(server.url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  const { categories, audits } = result.lhr;
  console.log('lighthouse: ' + Object.values(categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`).join(', '));
  for (const a of Object.values(audits)) {
    if (a.score !== null && a.score < 0.9 && !['notApplicable', 'informative', 'manual'].includes(a.scoreDisplayMode)) {
      console.log(`  below 90: ${a.id} ${a.displayValue ?? ''}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
