/**
 * The early draw (src/state/earlyDraw.ts): what the engine draws before the UI has mounted must be
 * what the planner's store will hold for the same link — the same codec, the same defaults — or
 * less (never a layer the store would not show: it would flash).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Catalog } from '../../src/catalog/types';
import { earlyDraw } from '../../src/state/earlyDraw';
import { stateContext } from '../../src/state/context';
import { parseHash, stateFromHash } from '../../src/state/url';
import { shownSide, sideOf } from '../../src/state/sides';

const catalog = loadCatalogFromDisk(process.cwd()).catalog as Catalog;
const all = catalog.groups.flatMap((g) => g.layers);
const defaults = all.filter((l) => l.visible).map((l) => l.id);
const ctx = stateContext(catalog);
/** what the planner's store draws on its map for a link (the UI's path: url.ts → sideOf) */
const storeLayers = (hash: string) => {
  const s = stateFromHash(parseHash(hash, ctx), ctx);
  return sideOf(s, shownSide(s)).layers;
};

describe('earlyDraw', () => {
  it('draws the catalog defaults for a link without a hash, at their opacity, the whole plan, in Chinese', () => {
    const d = earlyDraw('', catalog, 'planner')!;
    expect(defaults.length).toBeGreaterThan(0);
    expect(d.visible).toEqual(defaults);
    expect(d.visible).toEqual(storeLayers(''));
    for (const l of all) expect(d.opacity.get(l.id)).toBe(l.opacity);
    expect(d.stop).toEqual({ t: 2035, later: 'hide' });
    expect(d.lang).toBe('zh');
  });

  it('reads the link as the store does: layers in catalog order, unknown ones dropped, opacity, period, language', () => {
    const hash = '#v=2&l=rivers,nope,cities,plan-core&o=plan-core:0.4&t=2020&tl=planned&lang=en';
    const d = earlyDraw(hash, catalog, 'planner')!;
    expect(d.visible).toEqual(storeLayers(hash));
    expect(d.visible).toEqual(all.map((l) => l.id).filter((id) => ['rivers', 'cities', 'plan-core'].includes(id)));
    expect(d.opacity.get('plan-core')).toBe(0.4);
    expect(d.stop).toEqual({ t: 2020, later: 'planned' });
    expect(d.lang).toBe('en');
  });

  it('keeps the defaults for a list of unknown layers only, and draws nothing for a list of imported layers only', () => {
    expect(earlyDraw('#v=2&l=nope,gone', catalog, 'planner')!.visible).toEqual(defaults);
    // the store knows user-… layers once IndexedDB has answered: it would show none of the defaults
    expect(earlyDraw('#v=2&l=user-abc123', catalog, 'planner')!.visible).toEqual([]);
    expect(earlyDraw('#v=2&l=user-abc123,cities', catalog, 'planner')!.visible).toEqual(['cities']);
    expect(earlyDraw('#v=2&l=', catalog, 'planner')!.visible).toEqual([]);
  });

  it('draws the side a flipped comparison shows (side B), with its period and opacity', () => {
    const hash = '#v=2&l=counties,plan-core&cmp=flip&cp=0.5&tb=2020&lb=counties,rivers&ob=rivers:0.3&cf=b';
    const d = earlyDraw(hash, catalog, 'planner')!;
    expect(d.visible).toEqual(storeLayers(hash));
    expect(d.visible).toEqual(['counties', 'rivers']);
    expect(d.opacity.get('rivers')).toBe(0.3);
    expect(d.stop.t).toBe(2020);
    // not flipped (or a swipe): side A
    expect(earlyDraw('#v=2&l=counties,plan-core&cmp=swipe&cp=0.5&tb=2020&lb=counties,rivers', catalog, 'planner')!.visible).toEqual(['counties', 'plan-core']);
  });

  it('leaves to the UI the layers it filters (elements switched off, the 清单 filter): drawn unfiltered they would flash', () => {
    expect(earlyDraw('#v=2&l=counties,plan-belts&h=plan-belts:belt-taihang', catalog, 'planner')!.visible).toEqual(['counties']);
    expect(earlyDraw('#v=2&l=counties,inventory-items&ic=文物', catalog, 'planner')!.visible).toEqual(['counties']);
    expect(earlyDraw('#v=2&l=counties,inventory-items', catalog, 'planner')!.visible).toEqual(['counties', 'inventory-items']);
  });

  it('draws nothing early in present mode (a scene decides) and on the public map (its own layers and filters)', () => {
    expect(earlyDraw('#v=2&mode=present&scene=2', catalog, 'present')).toBeNull();
    expect(earlyDraw('#v=2&mode=public', catalog, 'public')).toBeNull();
  });

  it('never throws on a malformed link', () => {
    for (const h of ['#%E0%A4%A', '#l=%%%', '#v=2&l=' + 'x,'.repeat(500), '#o=plan-core:NaN&t=abc&cmp=flip&cf=b&lb=%ZZ'])
      expect(() => earlyDraw(h, catalog, 'planner')).not.toThrow();
  });
});
