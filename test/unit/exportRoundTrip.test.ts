/**
 * Every export round-trips through our own importer with hostile names (issue 22 #18, issue 23 #6):
 * markup, `]]>`, control characters, lone surrogates, bidi overrides, a spreadsheet formula.
 * Sketch GeoJSON/KML and a 我的数据 layer's GeoJSON come back through the 我的数据 pipeline, the
 * 清单 CSV/GeoJSON through the 清单 importer, deck files through the deck reader, the report CSV
 * through the pipeline's CSV reader. What comes back is the name as the importers clean every name
 * (`cleanText`: control and bidi-override characters and lone surrogate halves removed, spaces folded).
 * The KML is also checked for what XML forbids (a strict parser in the browser story, test/browser/store.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { sketchesToGeoJSON, sketchesToKML } from '../../src/sketch/export';
import type { Sketch } from '../../src/sketch/model';
import { parseFiles } from '../../src/import/pipeline';
import { cleanText } from '../../src/import/text';
import { readTable } from '../../src/import/formats/table';
import { toCsv, toGeoJSON, csvText } from '../../src/inventory/exporter';
import { parseInventoryFile } from '../../src/inventory/importer';
import { exportDeck, importDeck } from '../../src/scenes/deckFile';
import { createDeck, addScene } from '../../src/scenes/deckEdit';
import { reportCsv } from '../../src/report/csv';
import type { Report } from '../../src/report/report';

export const HOSTILE = [
  '<img src=x onerror=alert(1)>规划 & "用地"',
  'CDATA ]]> 结束 <![CDATA[ x ]]>',
  '控制\u0001字符\u0007与\u0000空',
  '孤立代理\uD800尾\uDFFF',
  '\u202E反向覆盖\u202C与\u2066隔离\u2069',
  '=HYPERLINK("http://x","点我")',
];
const expected = (s: string) => cleanText(s) ?? '';
const area: [[number, number], [number, number]] = [[110.2, 36.0], [114.2, 39.7]];
const utf8 = (s: string) => new TextEncoder().encode(s);

const ROOT = path.resolve(__dirname, '../..');
const REGION_FILE = path.join(ROOT, 'public/data/base/region.geojson');
const region: Feature<Polygon | MultiPolygon> = JSON.parse(fs.readFileSync(REGION_FILE, 'utf8')).features[0];

const sketches: Sketch[] = HOSTILE.map((name, i) => ({
  id: `sk-${i}`,
  kind: 'point',
  name,
  note: `备注 ${name}`,
  geometry: { type: 'Point', coordinates: [112.3 + i * 0.01, 37.6] },
  created: 1_700_000_000_000 + i,
  updated: 1_700_000_000_000 + i,
}));

function imported(name: string, text: string) {
  const r = parseFiles([{ name, bytes: utf8(text) }], { area });
  if (r.status !== 'ok') throw new Error(JSON.stringify(r));
  return r.layers[0].features;
}

describe('exports round-trip through our own importers with hostile names', () => {
  it('sketch GeoJSON', () => {
    const back = imported('sketches.geojson', JSON.stringify(sketchesToGeoJSON(sketches)));
    expect(back.map((f) => f.properties?.name)).toEqual(HOSTILE.map(expected));
    expect(back.map((f) => f.properties?.note)).toEqual(HOSTILE.map((n) => cleanText(`备注 ${n}`, { multiline: true })));
  });

  it('sketch KML: no raw `]]>` or character XML forbids in the file, and the names come back', () => {
    const kml = sketchesToKML(sketches);
    const text = kml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    expect(text).not.toContain(']]>');
    expect(kml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const back = imported('sketches.kml', kml);
    expect(back.map((f) => f.properties?.name)).toEqual(HOSTILE.map(expected));
  });

  it('清单 CSV and GeoJSON (the formula guard is undone on import)', () => {
    const items: Feature[] = HOSTILE.map((name, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [112.3 + i * 0.02, 37.6] },
      properties: { id: `import-${i + 1}`, name, category: '重点文保单位', description: name, accuracy: 'approximate' },
    }));
    for (const [file, text] of [['清单.csv', toCsv(items)], ['清单.geojson', toGeoJSON(items)]] as const) {
      const r = parseInventoryFile(file, utf8(text), { region, existing: [] });
      expect(r.ok, `${file}: ${JSON.stringify(r.messages)} ${JSON.stringify(r.rows.filter((x) => x.status === 'error'))}`).toBe(true);
      expect(r.items.map((f) => f.properties?.name)).toEqual(HOSTILE.map(expected));
    }
  });

  it('a deck file keeps its titles exactly (JSON escapes what UTF-8 cannot hold)', () => {
    let deck = createDeck({ zh: HOSTILE[1], en: HOSTILE[4] }, 'deck-h', '2026-12-05T00:00:00Z');
    HOSTILE.forEach((t, i) => {
      deck = addScene(deck, { id: `s${i}`, title: { zh: t, en: '' }, caption: { zh: t, en: t }, state: { view: { bounds: [111, 36.5, 114.5, 39.5], bearing: 0 }, layers: ['counties'] } } as never, '2026-12-05T00:00:00Z');
    });
    const text = exportDeck(deck);
    expect(text).not.toMatch(/[\uD800-\uDFFF]/); // the file's text is plain UTF-8: lone halves are written as \u escapes
    const r = importDeck('h.deck.json', text);
    expect(r.ok ? r.deck.scenes.map((s) => s.title.zh) : r).toEqual(HOSTILE);
  });

  it('a 我的数据 layer exported as GeoJSON comes back the same', () => {
    const once = imported('layer.geojson', JSON.stringify(sketchesToGeoJSON(sketches)));
    const twice = imported('layer.geojson', JSON.stringify({ type: 'FeatureCollection', features: once }));
    expect(twice.map((f) => f.properties?.name)).toEqual(once.map((f) => f.properties?.name));
  });

  it('the report CSV: every cell comes back through the CSV reader (formula guard aside)', () => {
    const entry = (name: string, i: number) => ({ layer: 'inventory-items', layerTitle: { zh: '清单', en: 'Inventory' }, id: `import-${i}`, name, relation: 'near' as const, distance: 1200, accuracy: 'approximate' as const, doc: 'user-import', quote: name, note: name });
    const report = {
      target: { kind: 'feature', layer: 'sketches', id: 'sk-1' },
      shape: 'polygon',
      at: [112.3, 37.6],
      area: 1e6,
      label: HOSTILE[1],
      radii: { lines: 10_000, sites: 20_000 },
      counties: [],
      cities: [],
      sections: [{ id: 'sites', entries: HOSTILE.map(entry) }],
      ledgerAvailable: true,
      outside: false,
    } as unknown as Report;
    const table = readTable(reportCsv(report, 'zh'), 1000);
    const names = table.rows.slice(1).map((r) => r.cells[1].replace(/^'(?=[=+\-@\t\r])/, ''));
    expect(names).toEqual(HOSTILE.map(csvText)); // every character a CSV can hold
    expect(table.rows[0].cells[1]).toContain(HOSTILE[1]);
  });
});
