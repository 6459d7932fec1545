import { describe, it, expect } from 'vitest';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { validateCatalog } from '../../src/catalog/validate';
import { readFileSync } from 'node:fs';

const root = process.cwd();

describe('layer catalog', () => {
  it('the shipped catalog and every data file it names are valid', () => {
    const { catalog, errors } = loadCatalogFromDisk(root);
    expect(errors).toEqual([]);
    const ids = catalog!.groups.flatMap((g) => g.layers.map((l) => l.id));
    expect(ids).toContain('counties');
    expect(ids).toContain('cities');
    expect(ids).toContain('rivers');
  });

  const sources = JSON.parse(readFileSync('layers/sources.json', 'utf8'));
  const goodLayer = {
    id: 'demo',
    title: { zh: '示例', en: 'Demo' },
    data: 'data/demo.geojson',
    geometry: 'point',
    style: { fill: '#ff0000' },
    legend: [{ label: { zh: '点', en: 'Point' } }],
    attributes: [],
    source: { doc: 'plan-2022' },
    accuracy: 'approximate',
    visible: false,
    public: true,
  };
  const feature = (props: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: props });
  const good = { id: 'a', name: '甲', kind: 'demo', accuracy: 'approximate', source_doc: 'plan-2022' };

  it('names the file, the feature and the field of an invalid feature', () => {
    const { errors } = validateCatalog({
      groups: { 'layers/demo.json': { id: 'demo', order: 1, title: { zh: '组', en: 'Group' }, layers: [goodLayer] } },
      sources,
      readData: () => ({ type: 'FeatureCollection', features: [feature(good), feature({ ...good, id: 'b', accuracy: 'guessed' })] }),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('public/data/demo.geojson');
    expect(errors[0]).toContain('"b"');
    expect(errors[0]).toContain('accuracy');
  });

  it('names the file and the field of an invalid catalog entry', () => {
    const { errors } = validateCatalog({
      groups: { 'layers/demo.json': { id: 'demo', order: 1, title: { zh: '组', en: 'Group' }, layers: [{ ...goodLayer, geometry: 'blob' }] } },
      sources,
      readData: () => ({ type: 'FeatureCollection', features: [] }),
    });
    expect(errors.join('\n')).toMatch(/layers\/demo\.json › layers\.0\.geometry/);
  });

  it('rejects unknown sources, duplicate ids and missing data files', () => {
    const { errors } = validateCatalog({
      groups: { 'layers/demo.json': { id: 'demo', order: 1, title: { zh: '组', en: 'Group' }, layers: [goodLayer, { ...goodLayer, data: 'data/missing.geojson' }] } },
      sources,
      readData: (p) => (p === 'data/demo.geojson' ? { type: 'FeatureCollection', features: [feature(good), feature({ ...good, source_doc: 'rumour' })] } : undefined),
    });
    const text = errors.join('\n');
    expect(text).toContain('duplicate id "a"');
    expect(text).toContain('unknown source "rumour"');
    expect(text).toContain('duplicate layer id');
    expect(text).toContain('public/data/missing.geojson not found');
  });

  it('reports a catalog file that is not JSON', () => {
    const { errors } = validateCatalog({ groups: { 'layers/bad.json': { __parseError: 'Unexpected token' } }, sources, readData: () => undefined });
    expect(errors[0]).toContain('layers/bad.json');
    expect(errors[0]).toContain('not valid JSON');
  });
});
