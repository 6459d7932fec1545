import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const hash = process.argv[2] ?? 'v=2&print=1&paper=a4-landscape&dpi=300';
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shot-')), {
  executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking'],
  viewport: { width: 1440, height: 900 },
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
const t0 = Date.now();
await page.goto(url + '#' + hash);
await page.waitForSelector('[data-sheet-state="ready"], [data-sheet-state="error"]', { timeout: 120000 });
console.log('preview state', await page.getAttribute('[data-testid=sheet-preview]', 'data-sheet-state'), Date.now() - t0, 'ms');
await page.waitForSelector('[data-testid=sheet-image]', { timeout: 10000 }).catch(() => {});
await page.screenshot({ path: '/tmp/w9-preview.png' });
for (const kind of (process.env.KINDS ?? 'PDF,PNG').split(',').filter(Boolean)) {
  const t1 = Date.now();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.getByRole('button', { name: `下载 ${kind}` }).click()]);
  const out = `/tmp/w9-sheet.${kind.toLowerCase()}`;
  await dl.saveAs(out);
  console.log(kind, dl.suggestedFilename(), Date.now() - t1, 'ms');
}
console.log(await page.evaluate(() => document.body.dataset.sheetExport));
await ctx.close();
await server.close();
