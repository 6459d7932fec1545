/**
 * Issue 23 #4: a large import goes to MapLibre's worker in parts. Copying one message of 185 000
 * points held the page's thread ≈ 1.5 s; `feedChunks` cuts the data into runs that each cost about
 * the same to copy, and `syncUserLayers` sends the first with the source and the rest one by one
 * (`updateData`), each after the worker answered the one before, reporting how far it is.
 * A fake map that keeps what MapLibre's source would hold, with a worker that answers later.
 */
import { describe, it, expect } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { coordinateCount, feedChunks, feeding, onDrawProgress, syncUserLayers, FEED_ABOVE, FEED_FEATURES, FEED_COORDS, type UserLayerSpec } from '../../src/engine/userLayers';
import type { Layer } from '../../src/catalog/types';

const point = (i: number): Feature => ({ type: 'Feature', id: i, properties: null, geometry: { type: 'Point', coordinates: [112 + i * 1e-6, 37] } });
const ring = (n: number) => [...Array.from({ length: n - 1 }, (_, k) => [112 + Math.cos(k), 37 + Math.sin(k)]), [113, 37]];
const polygon = (i: number, vertices: number): Feature => ({ type: 'Feature', id: i, properties: null, geometry: { type: 'Polygon', coordinates: [ring(vertices)] } });

describe('coordinateCount', () => {
  it('counts the positions of every geometry type', () => {
    expect(coordinateCount({ type: 'Point', coordinates: [1, 2] })).toBe(1);
    expect(coordinateCount({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] })).toBe(2);
    expect(coordinateCount({ type: 'LineString', coordinates: [[1, 2], [3, 4], [5, 6]] })).toBe(3);
    expect(coordinateCount({ type: 'Polygon', coordinates: [ring(9), ring(5)] })).toBe(14);
    expect(coordinateCount({ type: 'MultiPolygon', coordinates: [[ring(9)], [ring(4), ring(4)]] })).toBe(17);
    const gc: Geometry = { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] };
    expect(coordinateCount(gc)).toBe(3);
    expect(coordinateCount(null)).toBe(0);
  });
});

describe('feedChunks', () => {
  it('cuts points into runs of at most maxFeatures, in order, nothing lost', () => {
    const features = Array.from({ length: 9_250 }, (_, i) => point(i));
    const runs = feedChunks(features, 1_000);
    expect(runs.length).toBe(10);
    expect(runs.every((r) => r.length <= 1_000)).toBe(true);
    expect(runs.flat().map((f) => f.id)).toEqual(features.map((f) => f.id));
  });

  it('cuts polygons by their vertices, so a run of large polygons costs no more to copy than a run of points', () => {
    const features = Array.from({ length: 500 }, (_, i) => polygon(i, 200)); // 100 000 positions
    const runs = feedChunks(features, FEED_FEATURES, 25_000);
    expect(runs.length).toBe(4);
    for (const r of runs) expect(r.reduce((n, f) => n + coordinateCount(f.geometry), 0)).toBeLessThanOrEqual(25_000);
    expect(runs.flat()).toHaveLength(500);
    expect(FEED_COORDS).toBeGreaterThanOrEqual(FEED_FEATURES); // a run of points is cut by its count
  });

  it('a feature larger than a run alone is a run of its own, never split or dropped', () => {
    const features = [point(0), polygon(1, 1_010), point(2)];
    expect(feedChunks(features, FEED_FEATURES, 1_000).map((r) => r.map((f) => f.id))).toEqual([[0], [1], [2]]);
    expect(feedChunks([])).toEqual([]);
  });
});

/** A source that holds what MapLibre's would, its worker answering each update a little later. */
class FakeSource {
  features: Feature[];
  updates = 0;
  constructor(data: FeatureCollection) {
    this.features = [...data.features];
  }
  setData(data: FeatureCollection) {
    this.features = [...data.features];
    return Promise.resolve();
  }
  async updateData(diff: { add?: Feature[] }) {
    this.updates++;
    await new Promise((r) => setTimeout(r, 1));
    this.features.push(...(diff.add ?? []));
  }
}

class FakeMap {
  sources = new Map<string, FakeSource>();
  layers: { id: string; source?: string; visibility?: string }[] = [{ id: 'overlay-anchor' }];
  isStyleLoaded = () => true;
  getLayersOrder = () => this.layers.map((l) => l.id);
  setLayoutProperty(id: string, key: string, value: string) {
    if (key === 'visibility') this.getLayer(id)!.visibility = value;
  }
  /** the layers of a user layer that would be drawn */
  shown = (id: string) => this.layers.filter((l) => l.source === id && l.visibility !== 'none').map((l) => l.id);
  getLayer = (id: string) => this.layers.find((l) => l.id === id);
  getSource = (id: string) => this.sources.get(id);
  addSource(id: string, s: { data: FeatureCollection }) {
    this.sources.set(id, new FakeSource(s.data));
  }
  removeSource(id: string) {
    this.sources.delete(id);
  }
  addLayer(spec: { id: string; source?: string; layout?: { visibility?: string } }) {
    this.layers.push({ id: spec.id, source: spec.source, visibility: spec.layout?.visibility });
  }
  removeLayer(id: string) {
    this.layers = this.layers.filter((l) => l.id !== id);
  }
  moveLayer() {}
  setPaintProperty() {}
}

const spec = (id: string, features: Feature[], visible = true): UserLayerSpec => ({
  layer: { id, geometry: 'point' } as Layer,
  data: { type: 'FeatureCollection', features },
  color: '#e65100',
  opacity: 1,
  visible,
  large: true,
});

/** Resolves once the map has no feed under way. */
const fed = (map: MapLibreMap) => new Promise<void>((done) => {
  const poll = () => (feeding(map).length ? setTimeout(poll, 1) : done());
  poll();
});

describe('a large layer goes to the map in parts', () => {
  it('the first part with the source, the others one by one; every feature arrives, in order, with progress to 100 %', async () => {
    const fake = new FakeMap();
    const map = fake as unknown as MapLibreMap;
    const progress: (number | null)[] = [];
    onDrawProgress(map, (_id, f) => progress.push(f));
    const features = Array.from({ length: 3 * FEED_FEATURES + 5 }, (_, i) => point(i));
    syncUserLayers(map, [spec('user-big', features)]);
    const src = fake.sources.get('user-big')!;
    expect(src.features).toHaveLength(FEED_FEATURES); // only the first part in the first task
    expect(feeding(map)).toEqual(['user-big']);
    // hidden until all of it is in: MapLibre makes its tiles once, not after every part
    expect(fake.shown('user-big')).toEqual([]);
    await fed(map);
    expect(fake.shown('user-big')).toEqual(fake.layers.filter((l) => l.source === 'user-big').map((l) => l.id));
    expect(fake.shown('user-big')).toEqual(expect.arrayContaining(['user-big-circle', 'user-big-cluster', 'user-big-count']));
    expect(src.updates).toBe(3);
    expect(src.features.map((f) => f.id)).toEqual(features.map((f) => f.id));
    const fractions = progress.filter((f): f is number => f !== null);
    expect(fractions.length).toBe(4);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(progress.at(-1)).toBeNull();
  });

  it('a layer hidden while it is fed stops going to the map, and its progress ends', async () => {
    const fake = new FakeMap();
    const map = fake as unknown as MapLibreMap;
    const progress: (number | null)[] = [];
    onDrawProgress(map, (_id, f) => progress.push(f));
    const features = Array.from({ length: 2 * FEED_FEATURES + 1 }, (_, i) => point(i));
    syncUserLayers(map, [spec('user-big', features)]);
    const src = fake.sources.get('user-big')!;
    syncUserLayers(map, [spec('user-big', features, false)]);
    expect(fake.sources.has('user-big')).toBe(false);
    expect(feeding(map)).toEqual([]);
    expect(progress.at(-1)).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(src.updates).toBeLessThanOrEqual(1); // the update already sent, no more
  });

  it('a layer of up to FEED_ABOVE features goes in one message, with no progress to show', () => {
    const fake = new FakeMap();
    const map = fake as unknown as MapLibreMap;
    const progress: (number | null)[] = [];
    onDrawProgress(map, (_id, f) => progress.push(f));
    syncUserLayers(map, [spec('user-small', Array.from({ length: FEED_ABOVE }, (_, i) => point(i)))]);
    expect(fake.sources.get('user-small')!.features).toHaveLength(FEED_ABOVE);
    expect(fake.shown('user-small')).toContain('user-small-circle');
    expect(feeding(map)).toEqual([]);
    expect(progress).toEqual([]);
  });
});
