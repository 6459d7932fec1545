import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { listedLayers, toSite, type Site } from '../../src/public/sites';
import { groupPlaces, queryPlaces, placeOf, sameName, designations, placeDesignations } from '../../src/public/places';

const { catalog } = loadCatalogFromDisk(process.cwd());
const sites: Site[] = listedLayers(catalog!).flatMap((l) =>
  JSON.parse(readFileSync(`public/${l.data}`, 'utf8')).features.map((f: any) => toSite(l, f)).filter(Boolean),
);
const places = groupPlaces(sites);
const named = (n: string) => places.filter((p) => p.sites.some((s) => s.name === n));

describe('one entry per place in the public list', () => {
  it('五台山 is one place with all four designations, the world heritage one first', () => {
    const [wts, ...rest] = named('五台山');
    expect(rest).toEqual([]);
    expect(wts.name).toBe('五台山');
    expect(wts.sites.map((s) => s.category).sort()).toEqual(['世界文化遗产', '世界遗产', '国家5A级景区', '自然保护地'].sort());
    expect(wts.sites[0].category).toBe('世界文化遗产');
    expect(places.filter((p) => /五台山/.test(p.name))).toHaveLength(1);
  });

  it('平遥, 平遥古城 and 平遥古城景区 are one place named 平遥古城', () => {
    const p = named('平遥')[0];
    expect(p.name).toBe('平遥古城');
    expect(p.sites).toHaveLength(3);
    expect(designations(p)).toEqual(['世界文化遗产', '国家历史文化名城', '国家5A级景区']);
  });

  it('different sites at the same spot stay apart (代县 / 边靖楼, 窦大夫祠 / 兰村泉)', () => {
    expect(placeOf(places, 'inventory-items', 'inv-khs-bianjinglou')).not.toBe(placeOf(places, 'inventory-items', 'inv-hc-daixian'));
    expect(placeOf(places, 'inventory-items', 'inv-khs-doudafuci')).not.toBe(placeOf(places, 'inventory-items', 'inv-karst-lancun'));
    // the same name far apart is not the same place
    expect(named('太原')[0].sites.every((s) => s.name === '太原')).toBe(true);
  });

  it('no designation is dropped: the places hold every site exactly once', () => {
    expect(places.flatMap((p) => p.sites).length).toBe(sites.length);
    expect(places.length).toBeLessThan(sites.length);
  });

  it('a name only matches another with a designation word added', () => {
    expect(sameName('五台山', '五台山风景名胜区')).toBe(true);
    expect(sameName('平遥', '平遥古城景区')).toBe(true);
    expect(sameName('太原', '太原汾河国家级湿地公园')).toBe(false);
    expect(sameName('代县', '边靖楼')).toBe(false);
  });

  it('filters find a place by any of its designations, and a feature finds its place', () => {
    expect(queryPlaces(places, { category: '自然保护地' }).map((p) => p.name)).toContain('五台山');
    expect(queryPlaces(places, { text: '风景区' }).map((p) => p.name)).toContain('五台山');
    expect(placeOf(places, 'inventory-items', 'inv-nr-wutaishan-scenic')?.name).toBe('五台山');
  });
});

describe('a place’s card names each designation once', () => {
  it('五台山: world heritage once (plan and 清单 as its two sources), then 自然保护地 and 5A', () => {
    const d = placeDesignations(named('五台山')[0]);
    expect(d.map((x) => x.category)).toEqual(['世界文化遗产', '自然保护地', '国家5A级景区']);
    expect(d[0].sites.map((s) => s.layerId).sort()).toEqual(['heritage-region', 'inventory-items']);
    expect(d[0].level).toMatch(/2009/);
    // nothing lost: every site of the place is under one designation
    expect(d.flatMap((x) => x.sites)).toHaveLength(named('五台山')[0].sites.length);
  });
});
