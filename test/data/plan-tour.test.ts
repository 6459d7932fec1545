/**
 * The built-in tour (scenes/plan-tour.json): valid, walks the plan's structure, shows only layers
 * the catalog has, frames the region, and quotes the plan verbatim with the section it comes from.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadPlanTourFromDisk } from '../../scripts/vite-plugin-scenes';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { INVENTORY_CATEGORIES } from '../../src/inventory/categories';
import { REGION_BOUNDS } from '../../src/engine/region';

const ROOT = process.cwd();
const { deck, errors, unknownLayers } = loadPlanTourFromDisk(ROOT);
const { catalog } = loadCatalogFromDisk(ROOT);
const layers = new Map(catalog!.groups.flatMap((g) => g.layers).map((l) => [l.id, l]));
const scenes = deck?.scenes ?? [];
const readData = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'public', p), 'utf8'));

describe('the built-in tour', () => {
  it('is valid and names only layers the catalog has', () => {
    expect(errors).toEqual([]);
    expect(unknownLayers).toEqual([]);
    for (const s of scenes) for (const id of [...s.state.layers, ...(s.legend ?? [])]) expect(layers.has(id), `${s.id}: ${id}`).toBe(true);
  });

  it('walks the plan: at least 9 scenes, in this order', () => {
    expect(scenes.length).toBeGreaterThanOrEqual(9);
    const topics = ['区域总览', '一核', '四带', '多组团', '两极与三廊', '五群多点与园区', '交通走廊', '一轴两屏多廊', '太忻清单'];
    const titles = scenes.map((s) => s.title.zh);
    let at = -1;
    for (const topic of topics) {
      const i = titles.findIndex((t, j) => j > at && t.startsWith(topic));
      expect(i, `a scene on ${topic} after scene ${at + 1}`).toBeGreaterThan(at);
      at = i;
    }
  });

  it('every scene: two languages, one to three sentences, a citation of a known document', () => {
    for (const s of scenes) {
      expect(s.title.zh && s.title.en, s.id).toBeTruthy();
      const zh = s.caption!.zh;
      const sentences = zh.split('。').filter((x) => x.replace(/[…\s]/g, '') !== '').length;
      expect(sentences, `${s.id}: ${zh}`).toBeGreaterThanOrEqual(1);
      expect(sentences, `${s.id}: ${zh}`).toBeLessThanOrEqual(3);
      expect(catalog!.sources[s.citation!.doc]?.file, s.id).toBeTruthy();
    }
  });

  const seedDir = path.resolve(ROOT, '../shared/seeds');
  it.skipIf(!fs.existsSync(seedDir))('every caption is the cited document’s own words (fragments joined by “……”), under a heading it has', () => {
    for (const s of scenes) {
      const src = catalog!.sources[s.citation!.doc];
      const text = fs.readFileSync(path.join(seedDir, src.file!), 'utf8');
      const fragments = s.caption!.zh.split('……').filter((f) => f.trim() !== '');
      expect(fragments.length, s.id).toBeGreaterThan(0);
      for (const f of fragments) expect(text.includes(f), `${s.id}: “${f}” in ${src.file}`).toBe(true);
      if (s.citation!.doc === 'plan-2022') {
        const m = /^(前言|第[一二三四五六七八九十]+章(?:第[一二三四五六七八九十]+节)?)(?: (.+))?$/.exec(s.citation!.section);
        expect(m, `${s.id}: section "${s.citation!.section}"`).toBeTruthy();
        const heading = m![2] ? `${m![1].replace(/^第.+章(?=第)/, '')} ${m![2]}` : m![1].replace(/^前言$/, '前 言');
        expect(text.split('\n').some((line) => line.trim() === heading), `${s.id}: heading “${heading}” is a line of the plan`).toBe(true);
      }
    }
  });

  it('frames bounds (not a zoom) inside the region, and its selections and filters exist', () => {
    const [[w, s], [e, n]] = REGION_BOUNDS;
    for (const sc of scenes) {
      const [bw, bs, be, bn] = sc.state.view.bounds;
      expect(bw >= w - 0.01 && bs >= s - 0.01 && be <= e + 0.01 && bn <= n + 0.01, `${sc.id} inside the region`).toBe(true);
      if (sc.state.selection) {
        const fc = readData(layers.get(sc.state.selection.layer)!.data);
        expect(fc.features.some((f: any) => f.properties.id === sc.state.selection!.id), sc.id).toBe(true);
        expect(sc.state.layers).toContain(sc.state.selection.layer);
      }
      for (const [layer, ids] of Object.entries(sc.state.hidden ?? {})) {
        const fc = readData(layers.get(layer)!.data);
        for (const id of ids) expect(fc.features.some((f: any) => f.properties.id === id), `${sc.id}: ${layer}/${id}`).toBe(true);
      }
    }
  });

  it('the 清单 scene shows exactly the public categories', () => {
    const inv = scenes.find((s) => s.title.zh.startsWith('太忻清单'))!;
    expect(inv.state.layers).toContain('inventory-items');
    expect([...(inv.state.inventory?.categories ?? [])].sort()).toEqual(INVENTORY_CATEGORIES.filter((c) => c.public).map((c) => c.id).sort());
  });
});
