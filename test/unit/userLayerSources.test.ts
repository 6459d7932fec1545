/**
 * Issue 23 #5 / issue 22 #20: syncing 我的数据 layers while sketches are shown. The sketches'
 * source `user-sketches` and its `user-sketch-*` layers share the `user-` prefix with imported layers;
 * they used to be taken for imported ones, and `removeSource('user-sketches')` threw while a sketch
 * layer still used it. A fake map that refuses exactly what MapLibre refuses: removing a source a
 * layer uses, adding what exists.
 */
import { describe, it, expect } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { syncUserLayers, removeSourceWithLayers, type UserLayerSpec } from '../../src/engine/userLayers';
import type { Layer } from '../../src/catalog/types';

class FakeMap {
  sources = new Map<string, unknown>();
  layers: { id: string; source?: string }[] = [{ id: 'overlay-anchor' }];
  isStyleLoaded = () => true;
  getStyle = () => ({ sources: Object.fromEntries(this.sources), layers: this.layers });
  getLayersOrder = () => this.layers.map((l) => l.id);
  getLayer = (id: string) => this.layers.find((l) => l.id === id);
  getSource = (id: string) => (this.sources.has(id) ? { setData() {} } : undefined);
  addSource(id: string, s: unknown) {
    if (this.sources.has(id)) throw new Error(`There is already a source with ID "${id}".`);
    this.sources.set(id, s);
  }
  removeSource(id: string) {
    const user = this.layers.find((l) => l.source === id);
    if (user) throw new Error(`Source "${id}" cannot be removed while layer "${user.id}" is using it.`);
    this.sources.delete(id);
  }
  addLayer(spec: { id: string; source?: string }, before?: string) {
    if (this.getLayer(spec.id)) throw new Error(`Layer "${spec.id}" already exists.`);
    const i = before ? this.layers.findIndex((l) => l.id === before) : -1;
    if (i < 0) this.layers.push({ id: spec.id, source: spec.source });
    else this.layers.splice(i, 0, { id: spec.id, source: spec.source });
  }
  removeLayer(id: string) {
    this.layers = this.layers.filter((l) => l.id !== id);
  }
  moveLayer() {}
  setPaintProperty() {}
}

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
const spec = (id: string, visible = true): UserLayerSpec => ({ layer: { id, geometry: 'point' } as Layer, data: empty, color: '#e65100', opacity: 1, visible });

/** The sketches as SketchLayers adds them. */
function withSketches(map: FakeMap) {
  map.addSource('user-sketches', {});
  for (const id of ['user-sketch-fill', 'user-sketch-line', 'user-sketch-point', 'user-sketch-label']) map.addLayer({ id, source: 'user-sketches' });
}

describe('user layers next to the sketches', () => {
  it('adding, hiding and removing imported layers never touches the sketches, and never throws', () => {
    const map = new FakeMap();
    withSketches(map);
    const m = map as unknown as MapLibreMap;
    expect(() => syncUserLayers(m, [spec('user-abc123'), spec('user-def456')])).not.toThrow();
    expect(map.sources.has('user-abc123')).toBe(true);
    expect(() => syncUserLayers(m, [spec('user-abc123', false), spec('user-def456')])).not.toThrow();
    expect(map.sources.has('user-abc123')).toBe(false);
    expect(map.getLayersOrder().some((l) => l.startsWith('user-abc123'))).toBe(false);
    expect(() => syncUserLayers(m, [])).not.toThrow();
    expect([...map.sources.keys()]).toEqual(['user-sketches']);
    expect(map.getLayersOrder().filter((l) => l.startsWith('user-sketch-'))).toEqual(['user-sketch-fill', 'user-sketch-line', 'user-sketch-point', 'user-sketch-label']);
  });

  it('a source is removed after every layer that draws from it', () => {
    const map = new FakeMap();
    withSketches(map);
    removeSourceWithLayers(map as unknown as MapLibreMap, 'user-sketches');
    expect(map.sources.size).toBe(0);
    expect(map.getLayersOrder()).toEqual(['overlay-anchor']);
  });
});
