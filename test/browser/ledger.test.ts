/**
 * User stories for the completeness ledger (issue 11): a county's panel lists what the plan names
 * there but does not map; the whole-plan ledger table filters by chapter; search finds the plan's
 * short forms.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openMap, type Browser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const page = () => browser.page();

/** The default map, shared by the table and search stories (one map load for both); opened by whichever runs first. */
let defaultMap: Page | undefined;
async function onDefaultMap(): Promise<Page> {
  if (defaultMap && !defaultMap.isClosed()) {
    await defaultMap.bringToFront(); // a tab not in front draws no frames
    return defaultMap;
  }
  defaultMap = await page();
  await openMap(defaultMap);
  return defaultMap;
}

describe('planner checks what the plan names but the map does not show', () => {
  it("a county's panel lists its unmapped items, with the reason, and the features lying in it", async () => {
    const p = await page();
    await openMap(p, 'v=1&l=counties&s=counties/140322'); // 盂县
    const panel = p.getByTestId('inspect');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('盂县');
    const unmapped = panel.getByTestId('ledger-unmapped');
    await unmapped.waitFor();
    const text = await unmapped.textContent();
    expect(text).toContain('规划提及、未上图');
    expect(text).toContain('西烟镇');
    expect(text).toContain('藏山');
    expect(text).toContain('本项目未找到可引用的坐标');
    // features located in the county by geometry (the 滹沱河 crosses 盂县); the solid-waste base names the
    // county (county_ref), so it is listed with the elements that include it, not repeated here
    const located = await panel.getByTestId('located-here').textContent();
    expect(located).toContain('滹沱河');
    expect(located).not.toContain('国家大宗固废综合利用示范基地');
    await expect.poll(() => panel.textContent()).toContain('国家大宗固废综合利用示范基地');
    await p.close();
  });

  it('an unmapped corridor stop shows its county, and the county button selects it', async () => {
    const p = await page();
    await openMap(p, 'v=1&l=industry-corridors&s=industry-corridors/corridor-eco-culture-tourism');
    const panel = p.getByTestId('inspect');
    const unmapped = panel.getByTestId('ledger-unmapped');
    await unmapped.waitFor();
    const zangshan = unmapped.locator('[data-ledger-item="zangshan"]');
    await expect.poll(() => zangshan.textContent()).toContain('所在县：');
    await zangshan.getByRole('button', { name: '盂县' }).click();
    await expect.poll(() => panel.locator('h2').textContent()).toBe('盂县');
    await p.close();
  });

  it('the ledger table filters by chapter and by status, and a drawn item flies to its feature', async () => {
    const p = await onDefaultMap();
    await p.getByTestId('open-ledger').click();
    const table = p.getByTestId('ledger-table');
    await table.getByTestId('ledger-row').first().waitFor();
    const all = await table.getByTestId('ledger-row').count();
    expect(all).toBeGreaterThanOrEqual(216);
    await table.getByTestId('ledger-chapter').selectOption('第四章');
    const chapterOf = () => table.getByTestId('ledger-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-chapter')));
    // the table follows the filter once the change is handled: poll, never sample it at once
    await expect.poll(async () => [...new Set(await chapterOf())]).toEqual(['第四章']);
    const chapters = await chapterOf();
    expect(chapters.length).toBeGreaterThan(10);
    expect(chapters.length).toBeLessThan(all);
    expect(new Set(chapters)).toEqual(new Set(['第四章']));
    await expect.poll(() => table.textContent()).toContain('西烟镇');
    await expect.poll(() => table.textContent()).not.toContain('乔家大院');
    await table.getByTestId('ledger-status').selectOption('unmapped');
    await expect.poll(async () => new Set(await table.getByTestId('ledger-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))).toEqual(new Set(['unmapped']));
    // search within the table, then open a drawn item
    await table.getByTestId('ledger-chapter').selectOption('');
    await table.getByTestId('ledger-status').selectOption('');
    await table.getByTestId('ledger-search').fill('晋祠');
    await table.getByRole('button', { name: '晋祠', exact: true }).first().click();
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toBe('晋祠');
    await expect.poll(() => p.getByTestId('ledger-table').count()).toBe(0);
  });

  it('search finds the plan’s short form 综改区', async () => {
    const p = await onDefaultMap(); // (the table story's map, if it ran: a search needs no fresh one)
    const box = p.getByTestId('search');
    await box.fill('综改区');
    await p.getByTestId('search-option').first().waitFor();
    await expect.poll(() => p.getByTestId('search-option').first().textContent()).toContain('山西综改示范区');
    await box.press('Enter');
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toContain('山西综改示范区');
    await p.close();
  });
});
