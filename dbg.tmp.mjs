import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking'],
  viewport: { width: 1280, height: 800 },
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 60000 });
const r = await page.evaluate(async () => {
  const eng = window.planningMap; window.__keepSnap = true;
  const t0 = performance.now();
  const c = await eng.capture({ width: 600, height: 400, pixelRatio: Number(new URLSearchParams(location.search).get('r') ?? 1), center: [112.5, 38], zoom: 7, bearing: 0, timeoutMs: 60000 });
  return { ms: performance.now() - t0, url: c.toDataURL("image/png"), w: c.width, marks: performance.getEntriesByType("mark").filter(m => m.name.startsWith("sheet")).map(m => m.name + " " + Math.round(m.startTime - t0)) };
});
console.log(r.ms, r.w, r.marks);
writeFileSync('/tmp/w9-cap.png', Buffer.from(r.url.split(',')[1], 'base64'));
await ctx.close();
await server.close();
