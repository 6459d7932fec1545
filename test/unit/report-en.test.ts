import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Catalog } from '../../src/catalog/types';
import { PlanIndex } from '../../src/report/spatialIndex';
import { buildReport } from '../../src/report/report';
import { reportRows, ROW_COLUMNS } from '../../src/report/rows';
import { parseLedger } from '../../src/report/ledger';

let catalog: Catalog;
let index: PlanIndex;
const ledger = parseLedger(JSON.parse(readFileSync('public/data/ledger.json', 'utf8')));
beforeAll(() => {
  catalog = loadCatalogFromDisk(process.cwd()).catalog!;
  const layers = catalog.groups.flatMap((g) => g.layers);
  index = new PlanIndex(layers.map((layer) => ({ layer, features: JSON.parse(readFileSync(`public/${layer.data}`, 'utf8')).features })));
});

const CJK = /[\u3400-\u9fff]/;
const PLACES: [string, [number, number]][] = [
  ['盂县', [113.41, 38.086]],
  ['清徐', [112.32583, 37.61748]],
  ['忻府', [112.734, 38.417]],
  ['离石', [111.134, 37.519]],
];

describe('the report in English', () => {
  it.each(PLACES)('at %s no column but the quote holds Chinese', (_, at) => {
    const r = buildReport({ index, catalog, ledger }, { kind: 'point', at }, at);
    const rows = reportRows(r, 'en');
    expect(rows.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const row of rows) for (const c of ROW_COLUMNS) if (c !== 'quote' && CJK.test(row[c])) bad.push(`${row.id} ${c}: ${row[c].slice(0, 60)}`);
    expect(bad).toEqual([]);
    // the ledger's unmapped items of the county come with their English note
    const unmapped = r.sections.find((s) => s.id === 'unmapped')!.entries;
    expect(unmapped.length).toBeGreaterThan(0);
    for (const e of unmapped) expect(e.note_en, e.id).toBeTruthy();
  });
});
