/**
 * Open data: every layer of the catalog, downloaded as GeoJSON, KML, CSV (points) and a zipped
 * Shapefile, re-imports through the app's own importer (我的数据, src/import/pipeline.ts) with the
 * same features, attributes and positions. The Shapefile is UTF-8 with a .cpg and a CGCS2000 .prj.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Feature, Position } from 'geojson';
import { parseFiles, type ParsedLayer } from '../../src/import/pipeline';
import { cleanValue } from '../../src/import/text';
import { REGION_BOUNDS } from '../../src/engine/region';
import { exportLayer, formatsFor, type ExportFormat } from '../../src/export/layerExport';
import { dbfTable, dbfFieldNames, flatValue, cutUtf8 } from '../../src/export/flatten';
import { writeShp } from '../../src/export/shapefile';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';

const ROOT = path.resolve(__dirname, '../..');
const { catalog } = loadCatalogFromDisk(ROOT);
const layers = catalog!.groups.flatMap((g) => g.layers);
const featuresOf = (data: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'public', data), 'utf8')).features as Feature[];
const DATE = '2026-12-05';

function reimport(format: ExportFormat, layerId: string): { parsed: ParsedLayer; source: Feature[]; files: Record<string, Uint8Array> } {
  const layer = layers.find((l) => l.id === layerId)!;
  const source = featuresOf(layer.data);
  const file = exportLayer(format, { catalog: catalog!, layer, features: source, date: DATE });
  const files = format === 'shapefile' ? unzipSync(file.bytes) : { [file.name]: file.bytes };
  const r = parseFiles([{ name: file.name, bytes: file.bytes }], { area: REGION_BOUNDS });
  if (r.status !== 'ok') throw new Error(`${layerId} ${format}: ${JSON.stringify(r)}`);
  expect(r.layers).toHaveLength(1);
  return { parsed: r.layers[0], source, files };
}

/** every position of a geometry, as sorted strings (ring orientation and part order set aside) */
function positions(g: Feature['geometry']): string[] {
  const out: string[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(`${(c as Position)[0].toFixed(9)},${(c as Position)[1].toFixed(9)}`);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  // KML has no multi-polygon: a MultiGeometry comes back as a GeometryCollection of its parts
  const geoms = (x: Feature['geometry']): unknown[] => (!x ? [] : x.type === 'GeometryCollection' ? x.geometries.flatMap(geoms) : [x.coordinates]);
  geoms(g).forEach(walk);
  return out.sort();
}

const expected = (v: unknown) => cleanValue(v);
const asText = (v: unknown) => (v === null || v === undefined ? undefined : String(v));

describe('every layer re-imports through 我的数据 with the same features, attributes and positions', () => {
  it('GeoJSON: every layer, exactly', () => {
    for (const l of layers) {
      const { parsed, source } = reimport('geojson', l.id);
      expect(parsed.features.length, l.id).toBe(source.length);
      source.forEach((f, i) => {
        const g = parsed.features[i];
        expect(positions(g.geometry), `${l.id} #${i}`).toEqual(positions(f.geometry));
        for (const [k, v] of Object.entries(f.properties ?? {})) if (expected(v) !== null) expect(g.properties?.[k], `${l.id} #${i} ${k}`).toEqual(expected(v));
      });
      expect(parsed.crs.how).toBe('assumed');
    }
  });

  it('Shapefile (zip): every layer — .shp/.shx/.dbf/.prj/.cpg/README, UTF-8 names, CGCS2000, same positions, attributes by their field names', () => {
    for (const l of layers) {
      const { parsed, source, files } = reimport('shapefile', l.id);
      expect(Object.keys(files).sort(), l.id).toEqual([`${l.id}.cpg`, `${l.id}.dbf`, `${l.id}.prj`, `${l.id}.shp`, `${l.id}.shx`, 'README.txt'].sort());
      expect(strFromU8(files[`${l.id}.cpg`])).toBe('UTF-8');
      expect(strFromU8(files[`${l.id}.prj`])).toContain('China_2000');
      expect(parsed.crs.how, l.id).toBe('declared');
      expect(parsed.encoding, l.id).toMatch(/UTF-8/i);
      expect(parsed.features.length, l.id).toBe(source.length);
      const table = dbfTable(source);
      source.forEach((f, i) => {
        const g = parsed.features[i];
        expect(positions(g.geometry), `${l.id} #${i}`).toEqual(positions(f.geometry));
        for (const field of table.fields) {
          const v = flatValue(f.properties?.[field.key]);
          const got = g.properties?.[field.name];
          if (v === null || v === '') continue;
          if (field.type === 'N') expect(got, `${l.id} #${i} ${field.key}`).toBeCloseTo(v as number, 9);
          else if (field.type === 'L') expect(got, `${l.id} #${i} ${field.key}`).toBe(v);
          else expect(got, `${l.id} #${i} ${field.key}`).toBe(expected(cutUtf8(String(v), 254)));
        }
      });
    }
  });

  it('KML: every layer, attributes as text', () => {
    for (const l of layers) {
      const { parsed, source } = reimport('kml', l.id);
      expect(parsed.features.length, l.id).toBe(source.length);
      source.forEach((f, i) => {
        const g = parsed.features[i];
        expect(positions(g.geometry), `${l.id} #${i}`).toEqual(positions(f.geometry));
        for (const [k, v] of Object.entries(f.properties ?? {})) {
          const flat = flatValue(v);
          if (flat === null || expected(flat) === null) continue;
          expect(asText(g.properties?.[k]), `${l.id} #${i} ${k}`).toBe(asText(expected(flat)));
        }
      });
    }
  });

  it('CSV: every point layer, lon/lat and the attributes', () => {
    const points = layers.filter((l) => l.geometry === 'point');
    expect(points.length).toBeGreaterThan(5);
    for (const l of points) {
      expect(formatsFor(l)).toContain('csv');
      const { parsed, source } = reimport('csv', l.id);
      expect(parsed.features.length, l.id).toBe(source.length);
      source.forEach((f, i) => {
        const g = parsed.features[i];
        expect(positions(g.geometry), `${l.id} #${i}`).toEqual(positions(f.geometry));
        for (const [k, v] of Object.entries(f.properties ?? {})) {
          const flat = flatValue(v);
          if (flat === null || expected(flat) === null) continue;
          expect(asText(g.properties?.[k]), `${l.id} #${i} ${k}`).toBe(asText(expected(flat)));
        }
      });
    }
    expect(formatsFor(layers.find((l) => l.geometry === 'polygon')!)).not.toContain('csv');
  });
});

describe('the README and the Shapefile details', () => {
  it('the README names the source documents, the base data licences, the accuracy classes and the disclaimer', () => {
    const l = layers.find((x) => x.id === 'plan-zones')!;
    const zip = unzipSync(exportLayer('shapefile', { catalog: catalog!, layer: l, features: featuresOf(l.data), date: DATE }).bytes);
    const readme = strFromU8(zip['README.txt']);
    expect(readme).toContain('山西中部城市群高质量发展规划（2022—2035年）');
    expect(readme).toMatch(/MIT/);
    expect(readme).toMatch(/CC-BY-4\.0/);
    expect(readme).toMatch(/approximate \(\d+\)|schematic \(\d+\)/);
    expect(readme).toContain('示意图，行政区划界线不作为权属争议依据');
    expect(readme).toContain('source_sec ← source_section');
    expect(readme).toContain('CGCS2000');
  });

  it('field names are unique and at most 10 characters; long text is cut at a character boundary', () => {
    const names = dbfFieldNames(['source_section', 'source_sector', 'name', 'NAME', '名称', '1st']);
    expect([...names.values()].every((n) => n.length <= 10)).toBe(true);
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(6);
    expect(cutUtf8('太原榆次', 7)).toBe('太原');
    const t = dbfTable([{ type: 'Feature', geometry: null as never, properties: { note: '字'.repeat(200), n: 1.25, ok: true, list: ['a', 'b'] } }]);
    expect(t.truncated).toEqual(['note']);
    expect(t.fields.map((f) => [f.name, f.type])).toEqual([['note', 'C'], ['n', 'N'], ['ok', 'L'], ['list', 'C']]);
    expect(t.rows[0]).toEqual(['字'.repeat(84), '1.25', 'T', 'a; b']);
  });

  it('polygon rings are written clockwise (outer) and counter-clockwise (holes)', () => {
    const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]; // counter-clockwise, as GeoJSON has it
    const hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]; // clockwise
    const { shp } = writeShp([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square, hole] } }], 'polygon');
    const v = new DataView(shp.buffer);
    const pt = (k: number) => [v.getFloat64(108 + 44 + 8 + 16 * k, true), v.getFloat64(108 + 44 + 16 + 16 * k, true)];
    // first ring starts at the square's last vertex reversed: (0,0),(0,1),(1,1)…
    expect([pt(0), pt(1), pt(2)]).toEqual([[0, 0], [0, 1], [1, 1]]);
    expect([pt(5), pt(6)]).toEqual([[0.2, 0.2], [0.8, 0.2]]);
  });
});
