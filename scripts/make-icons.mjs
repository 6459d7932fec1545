// Renders public/icon.svg into the PNG icons the web app manifest and iOS need (public/icons/),
// with Debian's Chromium: the PNGs are regenerated from the SVG, never edited by hand.
//   node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const svg = readFileSync('public/icon.svg', 'utf8');
const sizes = [
  { name: 'icon-180.png', size: 180, pad: 0 },
  { name: 'icon-192.png', size: 192, pad: 0 },
  { name: 'icon-512.png', size: 512, pad: 0 },
  // maskable: the artwork inside the central 80 % safe zone, on a full-bleed background
  { name: 'icon-maskable-512.png', size: 512, pad: 0.1 },
];
mkdirSync('public/icons', { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'icons-'));
const ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const page = ctx.pages()[0] ?? (await ctx.newPage());
for (const { name, size, pad } of sizes) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - 2 * pad));
  const html = `<html><body style="margin:0;background:${pad ? '#fbfaf6' : 'transparent'}"><div style="width:${size}px;height:${size}px;display:grid;place-items:center">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`;
  await page.setContent(html);
  await page.screenshot({ path: join('public/icons', name), omitBackground: !pad });
  console.log('wrote public/icons/' + name);
}
await ctx.close();
rmSync(dir, { recursive: true, force: true });
