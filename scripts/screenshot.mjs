// Takes screenshots of the built app for review and README:
//   node scripts/screenshot.mjs [hash] [out.png] [width] [height]
// SHOT_TOUCH=1 emulates a phone (touch, mobile viewport, device scale 2); SHOT_ACTION runs page code first.
// Needs a built app (npm run build); serves dist/ with vite preview on a free port.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [hash = '', out = 'screenshot.png', w = '1280', h = '800'] = process.argv.slice(2);
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking'],
  viewport: { width: Number(w), height: Number(h) },
  ...(process.env.SHOT_TOUCH ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url + (hash ? '#' + hash : ''));
try {
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 60000 });
  await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 60000 });
} catch (e) {
  console.log('wait failed:', e.message);
}
if (process.env.SHOT_ACTION) await eval(`(async () => { ${process.env.SHOT_ACTION} })()`);
await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 300));
await page.screenshot({ path: out });
console.log('saved', out, 'hash now', await page.evaluate(() => location.hash));
await ctx.close();
await server.close();
