/**
 * How imported layers (我的数据) are drawn by MapLibre: small layers one feature at a time; large
 * ones (over LARGE_ABOVE features) fast when zoomed out — points grouped into counted circles
 * (clustered in MapLibre's worker), polygons without edges below EDGE_MIN_ZOOM. The style layers
 * are checked against MapLibre's own style validator and filters.
 */
import { describe, it, expect } from 'vitest';
import { validateStyleMin, featureFilter } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { styleLayers, sourceOptions, userLayerIdOf, CLUSTER_MAX_ZOOM, EDGE_MIN_ZOOM, type UserLayerSpec } from '../../src/engine/userLayers';
import { isLarge, isGrouped, LARGE_ABOVE, type UserLayerMeta } from '../../src/import/userLayers';
import { userCatalogLayer } from '../../src/state/userLayerBinding';

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

function meta(geometry: UserLayerMeta['geometry'], featureCount: number): UserLayerMeta {
  return {
    id: 'abc123',
    name: '调查点',
    fileName: 'points.geojson',
    geometry,
    featureCount,
    columns: ['名称'],
    bbox: [112, 37, 113, 38],
    crs: { label: { zh: 'WGS84', en: 'WGS84' }, how: 'declared' } as UserLayerMeta['crs'],
    notes: [],
    importedAt: '2026-11-30T00:00:00Z',
    color: '#e65100',
    accuracy: 'approximate',
    saved: true,
  };
}

function spec(geometry: UserLayerMeta['geometry'], featureCount: number, opacity = 1): UserLayerSpec {
  const m = meta(geometry, featureCount);
  return { layer: userCatalogLayer(m, m.color), data: empty, color: m.color, opacity, visible: true, large: isLarge(m) };
}

const byPart = (layers: LayerSpecification[]) => Object.fromEntries(layers.map((l) => [l.id.split('-').pop()!, l]));

/** MapLibre's validator on a style holding just this layer's source and style layers. */
function validate(s: UserLayerSpec) {
  return validateStyleMin({ version: 8, sources: { [s.layer.id]: sourceOptions(s, empty) }, layers: styleLayers(s) } as never);
}

const matches = (layer: LayerSpecification, geometry: 'Point' | 'Polygon' | 'LineString', properties: Record<string, unknown> = {}) => {
  const type = { Point: 1, LineString: 2, Polygon: 3 }[geometry] as 1 | 2 | 3;
  const f = featureFilter((layer as { filter?: unknown }).filter as never, 'layers[0].filter');
  return f.filter({ zoom: 8 } as never, { type, properties, geometry: [] } as never);
};

describe('user layer drawing', () => {
  it('a layer is large above LARGE_ABOVE features; only a large point layer is grouped', () => {
    expect(isLarge(meta('point', LARGE_ABOVE))).toBe(false);
    expect(isLarge(meta('point', LARGE_ABOVE + 1))).toBe(true);
    expect(isGrouped(meta('point', 100_000))).toBe(true);
    expect(isGrouped(meta('polygon', 100_000))).toBe(false);
    expect(isGrouped(meta('point', 500))).toBe(false);
  });

  it('small layers: one unclustered source, every point drawn as a circle, polygons with a 1.5 px line', () => {
    for (const g of ['point', 'polygon', 'line', 'mixed'] as const) {
      const s = spec(g, 500);
      expect(validate(s)).toEqual([]);
      expect((sourceOptions(s, empty) as { cluster?: boolean }).cluster).toBeUndefined();
      const parts = byPart(styleLayers(s));
      expect(Object.keys(parts).sort()).toEqual(['circle', 'fill', 'line']);
      expect(matches(parts.circle, 'Point')).toBe(true);
      expect(matches(parts.line, 'Polygon')).toBe(true);
      expect(matches(parts.line, 'LineString')).toBe(true);
    }
  });

  it('a large point layer is clustered up to CLUSTER_MAX_ZOOM and its groups are counted', () => {
    const s = spec('point', 100_000);
    expect(validate(s)).toEqual([]);
    expect(sourceOptions(s, empty)).toMatchObject({ type: 'geojson', cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM });
    const parts = byPart(styleLayers(s));
    expect(Object.keys(parts).sort()).toEqual(['circle', 'cluster', 'count', 'fill', 'line']);
    const group = { cluster: true, cluster_id: 7, point_count: 1234, point_count_abbreviated: '1.2k' };
    // a group is drawn by the group layers only; a single point by the point layer only
    expect(matches(parts.cluster, 'Point', group)).toBe(true);
    expect(matches(parts.count, 'Point', group)).toBe(true);
    expect(matches(parts.circle, 'Point', group)).toBe(false);
    expect(matches(parts.circle, 'Point', {})).toBe(true);
    expect(matches(parts.cluster, 'Point', {})).toBe(false);
    expect((parts.count as { layout: Record<string, unknown> }).layout['text-field']).toEqual(['get', 'point_count_abbreviated']);
    // the groups are drawn above the single points
    const order = styleLayers(s).map((l) => l.id.split('-').pop());
    expect(order.indexOf('cluster')).toBeGreaterThan(order.indexOf('circle'));
    expect(order.indexOf('count')).toBeGreaterThan(order.indexOf('cluster'));
  });

  it('a large polygon layer: a fill without edges while zoomed out, the 1.5 px edge from EDGE_MIN_ZOOM', () => {
    const s = spec('polygon', 20_000, 0.5);
    expect(validate(s)).toEqual([]);
    expect((sourceOptions(s, empty) as { cluster?: boolean }).cluster).toBeUndefined();
    const parts = byPart(styleLayers(s));
    expect(Object.keys(parts).sort()).toEqual(['circle', 'edge', 'fill', 'line']);
    const fill = (parts.fill as { paint: Record<string, unknown> }).paint;
    // denser while zoomed out (no edges), the small layers' 0.3 × opacity from EDGE_MIN_ZOOM
    expect(fill['fill-opacity']).toEqual(['interpolate', ['linear'], ['zoom'], 8, 0.275, EDGE_MIN_ZOOM, 0.15]);
    expect(fill['fill-antialias']).toEqual(['step', ['zoom'], false, EDGE_MIN_ZOOM - 1, true]);
    expect(parts.edge.minzoom).toBe(EDGE_MIN_ZOOM);
    expect(matches(parts.edge, 'Polygon')).toBe(true);
    // polygons are not drawn by the line layer (that would draw their 1.5 px edge at every zoom)
    expect(matches(parts.line, 'Polygon')).toBe(false);
    expect(matches(parts.line, 'LineString')).toBe(true);
  });

  it('every style layer id maps back to its user layer', () => {
    for (const s of [spec('point', 100_000), spec('polygon', 20_000), spec('line', 5)])
      for (const l of styleLayers(s)) expect(userLayerIdOf(l.id)).toBe('user-abc123');
    expect(userLayerIdOf('planning-label-x')).toBeUndefined();
  });

  it('the legend and the layer say when a layer is shown in groups', () => {
    expect(userCatalogLayer(meta('point', 100_000), '#e65100').legend![0].label.zh).toContain('聚合');
    expect(userCatalogLayer(meta('point', 100), '#e65100').legend![0].label.zh).toBe('调查点');
    expect(userCatalogLayer(meta('polygon', 100_000), '#e65100').legend![0].label.zh).toBe('调查点');
  });
});
