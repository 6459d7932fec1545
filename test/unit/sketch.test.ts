import { describe, it, expect } from 'vitest';
import {
  normalizeSketch,
  normalizeSketches,
  addSketch,
  updateSketch,
  removeSketch,
  historyOf,
  commit,
  undo,
  redo,
  defaultName,
  mapFeatures,
  measureSketch,
  type Sketch,
} from '../../src/sketch/model';
import { sketchesToGeoJSON, sketchesToKML } from '../../src/sketch/export';

const ring = [[112.3, 37.6], [112.35, 37.6], [112.35, 37.64], [112.3, 37.64], [112.3, 37.6]];
const poly: Sketch = { id: 'sk-1', kind: 'polygon', name: '清徐 <用地> & 方案', note: '备注：一期\n第二行', geometry: { type: 'Polygon', coordinates: [ring] }, created: 1_700_000_000_000, updated: 1_700_000_000_000 };
const line: Sketch = { id: 'sk-2', kind: 'line', name: '', note: '', geometry: { type: 'LineString', coordinates: [[112.32583, 37.61748], [112.17806, 37.2025]] }, created: 1, updated: 1 };
const point: Sketch = { id: 'sk-3', kind: 'point', name: '选址', note: '', geometry: { type: 'Point', coordinates: [112.5, 37.7] }, created: 1, updated: 1 };

describe('sketch model', () => {
  it('keeps valid sketches and drops garbage one by one (as read back from storage)', () => {
    const list = normalizeSketches([
      poly,
      line,
      null,
      { ...point, id: '../x' },
      { ...point, kind: 'blob' },
      { ...line, id: 'sk-9', geometry: { type: 'LineString', coordinates: [[1, 2]] } },
      { ...poly, id: 'sk-8', geometry: { type: 'Point', coordinates: [1, 2] } },
      { ...point, id: 'sk-7', geometry: { type: 'Point', coordinates: [500, 2] } },
      { ...point, name: 42, note: { x: 1 } },
      poly,
    ]);
    expect(list.map((s) => s.id)).toEqual(['sk-1', 'sk-2', 'sk-3']);
    expect(list[2]).toMatchObject({ name: '', note: '' });
    expect(normalizeSketches('nope')).toEqual([]);
    expect(normalizeSketch({ ...poly, name: 'x'.repeat(999) })!.name.length).toBe(120);
  });

  it('add, rename, edit geometry and delete, each undoable and redoable', () => {
    let h = historyOf([]);
    h = commit(h, addSketch(h.present, poly));
    h = commit(h, addSketch(h.present, line));
    h = commit(h, updateSketch(h.present, 'sk-2', { name: '测线', note: 'n' }, 5));
    expect(h.present[1]).toMatchObject({ name: '测线', note: 'n', updated: 5 });
    const moved = { type: 'LineString' as const, coordinates: [[112, 37], [112.1, 37.1]] };
    h = commit(h, updateSketch(h.present, 'sk-2', { geometry: moved }));
    h = commit(h, removeSketch(h.present, 'sk-1'));
    expect(h.present.map((s) => s.id)).toEqual(['sk-2']);
    h = undo(h);
    expect(h.present.map((s) => s.id)).toEqual(['sk-1', 'sk-2']);
    h = undo(h);
    expect(h.present[1].geometry).toEqual(line.geometry);
    h = redo(h);
    expect(h.present[1].geometry).toEqual(moved);
    // a new change clears what could be redone
    h = commit(h, removeSketch(h.present, 'sk-2'));
    expect(redo(h)).toBe(h);
    // an invalid edit leaves the sketch as it was
    expect(updateSketch([line], 'sk-2', { geometry: { type: 'Point', coordinates: [1, 1] } as never })[0]).toBe(line);
  });

  it('default names count per kind; the map gets visible sketches with their names', () => {
    expect(defaultName([poly, line], 'polygon', 'zh')).toBe('面 2');
    expect(defaultName([poly, { ...poly, id: 'x', name: '面 2' }], 'polygon', 'zh')).toBe('面 3');
    expect(defaultName([], 'circle', 'en')).toBe('Circle 1');
    const fs = mapFeatures([poly, line, point], { hidden: ['sk-3'], selected: 'sk-1' });
    expect(fs.map((f) => f.properties!.id)).toEqual(['sk-1', 'sk-2']);
    expect(fs[0].properties).toMatchObject({ kind: 'polygon', label: '清徐 <用地> & 方案', selected: true });
    expect(mapFeatures([poly], { editing: 'sk-1' })).toEqual([]);
  });

  it('measures: a line its geodesic length, a polygon its area and perimeter', () => {
    expect(measureSketch(line).length).toBeCloseTo(47_878.6, 0);
    const m = measureSketch(poly);
    expect(m.area! / 1e6).toBeGreaterThan(19);
    expect(m.area! / 1e6).toBeLessThan(20);
    expect(m.length).toBeGreaterThan(0);
    expect(measureSketch(point)).toEqual({});
  });
});

describe('sketch export', () => {
  it('GeoJSON: WGS84 features with name, note, kind and measures', () => {
    const fc = sketchesToGeoJSON([poly, line, point]);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'LineString', 'Point']);
    expect(fc.features[0].properties).toMatchObject({ id: 'sk-1', name: '清徐 <用地> & 方案', note: '备注：一期\n第二行', kind: 'polygon' });
    expect(fc.features[0].properties!.area_m2).toBeGreaterThan(1.9e7);
    expect(fc.features[1].properties!.length_m).toBeCloseTo(47_878.6, 0);
    expect(fc.features[0].properties!.created).toBe('2023-11-14T22:13:20.000Z');
    expect(JSON.parse(JSON.stringify(fc))).toEqual(fc);
  });

  it('KML: a well-formed KML 2.2 document, names and notes escaped, coordinates lon,lat', () => {
    const kml = sketchesToKML([poly, line, point]);
    expect(kml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(kml).toContain('xmlns="http://www.opengis.net/kml/2.2"');
    expect((kml.match(/<Placemark id="sk-\d">/g) ?? []).length).toBe(3);
    expect(kml).not.toContain('<用地>'); // escaped
    expect(kml).toContain('清徐 &#x3C;用地> &#x26; 方案');
    expect(kml).toContain('<description>备注：一期\n第二行</description>');
    expect(kml).toContain('<coordinates>112.32583,37.61748');
    expect(kml).toContain('<Point><coordinates>112.5,37.7</coordinates></Point>');
    expect(kml).toMatch(/<Data name="area_m2"><value>\d+(\.\d)?<\/value><\/Data>/);
  });
});
