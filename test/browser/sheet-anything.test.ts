/**
 * User stories for issue 24: a map sheet of whatever is on the map — the base map alone, one
 * imported layer, sketches — with no plan layer on. The export used to wait ≈90 s for a deck.gl
 * frame that never came and then blame the data. Each sheet is made as a PDF and a PNG, and its
 * legend, sources and title say what is actually in the frame.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launch, openMap, type Browser } from './browser';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'sheet-anything-'));
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
});
afterAll(async () => {
  await browser?.close();
});

/** a 300 dpi or a first capture under software WebGL on a loaded 2-core machine takes minutes */
const SLOW = { timeout: 600_000 };

/** The preview has finished: ready, or an error (which fails the story with its message). */
async function settled(p: Page) {
  const dialog = p.getByTestId('sheet-preview');
  await p.waitForSelector('[data-testid=sheet-preview]:is([data-sheet-state="ready"], [data-sheet-state="error"])', { timeout: 300_000 });
  const state = await dialog.getAttribute('data-sheet-state');
  expect(state, (await p.getByTestId('sheet-message').textContent().catch(() => '')) ?? '').toBe('ready');
}

async function download(p: Page, kind: 'PDF' | 'PNG', file: string) {
  const [dl] = await Promise.all([p.waitForEvent('download', { timeout: 300_000 }), p.getByRole('button', { name: `下载 ${kind} / Download ${kind}` }).click()]);
  const out = join(dir, file);
  await dl.saveAs(out);
  return out;
}

/** Both files of the sheet now previewed: the PDF's text, and the PNG's size in px. */
async function bothFiles(p: Page, name: string) {
  const pdf = await download(p, 'PDF', `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  // a page image to look at (kept in the temp dir with the files)
  execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', pdf, join(dir, `${name}-pdf`)]);
  const png = readFileSync(await download(p, 'PNG', `${name}.png`));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { text, size: [png.readUInt32BE(16), png.readUInt32BE(20)] };
}

async function closeSheet(p: Page) {
  await p.getByRole('button', { name: '关闭' }).first().click();
  await p.getByTestId('sheet-preview').waitFor({ state: 'detached' });
}

describe('a map sheet of anything', () => {
  it('the base map alone: a PDF and a PNG, citing only the base map', SLOW, async () => {
    const p = await browser.page();
    // no plan layer, no import, no sketch: only the offline base map around Taiyuan
    await openMap(p, 'v=2&m=111.9,37.3,113.1,38.2&l=');
    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await settled(p);
    const { text, size } = await bothFiles(p, 'base-only');
    expect(size).toEqual([1754, 1240]); // A4 landscape at 150 dpi
    expect(text).toContain('数据来源：底图：');
    expect(text).toContain('示意图，行政区划界线不作为权属争议依据');
    await closeSheet(p);
    await p.close();
  });
});
