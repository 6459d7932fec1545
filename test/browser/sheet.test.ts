/**
 * User stories for the map sheet (issue 9): a planner exports the map they see as a print-quality
 * PDF and PNG, made in the browser under the app's strict CSP, and the on-screen map is left
 * exactly as it was.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launch, openMap, type Browser } from './browser';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'sheet-test-'));
const SHENTU = process.env.VITE_SHENTU_HAO?.trim() || '未送审';
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
  // the app serves its own strict CSP (scripts/csp.ts: no eval, no inline code, fonts and workers
  // from its own origin); any violation during an export fails the story
  await browser.context.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});
afterAll(async () => {
  await browser?.close();
});

const page = () => browser.page();

const zhDate = (d: Date) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;

async function ready(p: Page) {
  await p.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]');
}

async function download(p: Page, button: RegExp, file: string) {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: button }).click()]);
  const out = join(dir, file);
  await dl.saveAs(out);
  return { path: out, name: dl.suggestedFilename() };
}

/** Share of pixels in a region of a PNG that look like the plan core's red, and how varied the region is. */
async function analyse(p: Page, png: Buffer, region: { x: number; y: number; w: number; h: number }) {
  return p.evaluate(
    async ({ b64, r }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const x = Math.round(r.x * img.width);
      const y = Math.round(r.y * img.height);
      const d = ctx.getImageData(x, y, Math.round(r.w * img.width), Math.round(r.h * img.height)).data;
      let red = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] - d[i + 1] > 40 && d[i] - d[i + 2] > 50) red++;
        colours.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
      }
      return { red: red / (d.length / 4), colours: colours.size, width: img.width, height: img.height };
    },
    { b64: png.toString('base64'), r: region },
  );
}

describe('map sheet', () => {
  it('exports the current view as an A4 landscape 300 dpi PDF and PNG; the map on screen stays as it was', async () => {
    const p = await page();
    // known state: counties, the core and the belts visible (the green axis hidden), a view around Taiyuan
    await openMap(p, 'v=2&m=111.6,37.0,113.5,38.5&l=counties,plan-core,plan-belts');
    const before = await p.evaluate(() => {
      const m = (window as any).planningMap.map;
      return { center: m.getCenter().toArray(), zoom: m.getZoom(), bearing: m.getBearing(), w: m.getCanvas().width, h: m.getCanvas().height, hash: location.hash };
    });

    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await ready(p);
    expect(p.url()).toContain('print=1&paper=a4-landscape&dpi=150');
    await p.getByLabel('300 dpi').check();
    await p.waitForFunction(() => location.hash.includes('dpi=300'));
    const sizeLine = await p.locator('.size').textContent();
    expect(sizeLine).toMatch(/^3508 × 2480 px · 1:[\d ]+$/);
    const scale = sizeLine!.split(' · ')[1];

    const pdf = await download(p, /^下载 PDF \/ Download PDF$/, 'sheet.pdf');
    expect(pdf.name).toMatch(/_a4-landscape_300dpi\.pdf$/);
    const text = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' });
    const dates = [zhDate(new Date(Date.now() - 600_000)), zhDate(new Date())];
    expect(dates.some((d) => text.includes(`制图日期：${d}`)), text).toBe(true);
    for (const s of ['山西中部城市群城镇格局图', `审图号：${SHENTU}`, '数据来源：', '山西中部城市群高质量发展规划', `比例尺 ${scale}`, '一核（太原六区+榆次+太谷，成员合并）', '汾河谷地城镇带（8县市合并）', '县级单元界', '示意图，行政区划界线不作为权属争议依据'])
      expect(text, s).toContain(s);
    // hidden layers are not in the legend
    expect(text).not.toContain('汾河生态绿轴');
    expect(text).not.toContain('产业增长极');

    // the page rendered: the map frame is drawn and shows the overlay colours
    execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', pdf.path, join(dir, 'page')]);
    const page60 = readFileSync(join(dir, 'page.png'));
    const mapFrame = await analyse(p, page60, { x: 0.08, y: 0.2, w: 0.6, h: 0.6 });
    expect(mapFrame.width).toBe(Math.round((297 / 25.4) * 60));
    expect(mapFrame.colours).toBeGreaterThan(40); // not a blank frame
    expect(mapFrame.red).toBeGreaterThan(0.01); // the core / Taiyuan counties drawn by deck.gl

    const png = await download(p, /^下载 PNG \/ Download PNG$/, 'sheet.png');
    const bytes = readFileSync(png.path);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([3508, 2480]);

    // close: the route drops print, the on-screen map is exactly as it was, no CSP violation
    await p.getByRole('button', { name: '关闭' }).first().click();
    await p.waitForFunction(() => !location.hash.includes('print=1'));
    const after = await p.evaluate(() => {
      const m = (window as any).planningMap.map;
      return { center: m.getCenter().toArray(), zoom: m.getZoom(), bearing: m.getBearing(), w: m.getCanvas().width, h: m.getCanvas().height, hash: location.hash };
    });
    expect(after).toEqual(before);
    expect(await p.evaluate(() => document.querySelectorAll('[data-snapshot]').length)).toBe(0);
    expect(await p.evaluate(() => (window as any).__csp)).toEqual([]);
    await p.close();
  });

  it('a linked print setup opens the preview; a GPU too small for 300 dpi is told so and offered 150 dpi', async () => {
    const p = await page();
    // a GPU whose textures stop at 3000 px: A3 at 300 dpi (4961 px) cannot be drawn
    await p.addInitScript(() => {
      const get = WebGL2RenderingContext.prototype.getParameter;
      WebGL2RenderingContext.prototype.getParameter = function (this: WebGL2RenderingContext, n: number) {
        const v = get.call(this, n);
        if (n === this.MAX_TEXTURE_SIZE || n === this.MAX_RENDERBUFFER_SIZE) return Math.min(v as number, 3000);
        if (n === this.MAX_VIEWPORT_DIMS) return new Int32Array([Math.min((v as Int32Array)[0], 3000), Math.min((v as Int32Array)[1], 3000)]);
        return v;
      } as typeof get;
    });
    await openMap(p, 'v=2&l=counties,plan-core&print=1&paper=a3-landscape&dpi=300&area=region&scale=1000000');
    const dialog = p.getByTestId('sheet-preview');
    await dialog.waitFor();
    await expect.poll(() => p.getByTestId('sheet-paper').inputValue()).toBe('a3-landscape');
    await expect.poll(() => p.getByTestId('sheet-scale').inputValue()).toBe('1000000');
    await expect.poll(() => p.getByLabel('全区').isChecked()).toBe(true);
    await p.getByText('超出此设备显卡的最大画布').waitFor();
    await expect.poll(() => p.getByRole('button', { name: /下载 PDF/ }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: '改用 150 dpi' }).click();
    await p.waitForFunction(() => location.hash.includes('dpi=150'));
    await ready(p);
    await expect.poll(() => p.getByRole('button', { name: /下载 PDF/ }).isDisabled()).toBe(false);
    // at 1:1 000 000 an A3 frame does not hold the whole region: the preview says so
    await p.getByText('图框只能容纳所选范围的中心部分').waitFor();
    await p.close();
  });

  it('a 500-character title and an unreachable online base map still give a complete sheet, and say so', async () => {
    const p = await page();
    let online = true;
    // OSM answers while the page loads, then goes away before the export
    await p.route('https://tile.openstreetmap.org/**', (route) =>
      online ? route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC', 'base64') }) : route.abort('internetdisconnected'),
    );
    await openMap(p, 'v=2&b=osm&l=counties,plan-core');
    await p.waitForFunction(() => (window as any).planningMap.getBasemap() === 'osm');
    online = false;
    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await p.getByTestId('sheet-title').fill('太原'.repeat(250));
    await ready(p);
    await p.getByText('图名过长').waitFor();
    const pdf = await download(p, /^下载 PDF/, 'fallback.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' });
    expect(text).toContain('在线底图无法访问，本图改用离线底图');
    expect(text).toContain('太原太原太原');
    expect(text).toContain('…');
    expect(text).toContain(`审图号：${SHENTU}`);
    // the on-screen map still shows OSM (the sheet fell back, not the user's map)
    expect(await p.evaluate(() => (window as any).planningMap.getBasemap())).toBe('osm');
    await p.close();
  });
});
