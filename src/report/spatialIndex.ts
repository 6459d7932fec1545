/**
 * A spatial index over every catalog layer's features (visible or not): per layer, a static
 * R-tree of feature bounding boxes (flatbush), so a report looks only at the features whose box
 * is near the place before any exact geometry test.
 */
import Flatbush from 'flatbush';
import type { Feature, Geometry, Position } from 'geojson';
import type { Layer } from '../catalog/types';
import { geometryArea } from '../measure/geodesic';

export type BBox = [number, number, number, number];

export interface IndexedLayer {
  layer: Layer;
  features: Feature[];
  boxes: BBox[];
  tree: Flatbush | null;
}

function eachPosition(g: Geometry | null, f: (p: Position) => void) {
  if (!g) return;
  switch (g.type) {
    case 'Point':
      f(g.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(f);
      break;
    case 'MultiLineString':
    case 'Polygon':
      g.coordinates.forEach((l) => l.forEach(f));
      break;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((l) => l.forEach(f)));
      break;
    case 'GeometryCollection':
      g.geometries.forEach((x) => eachPosition(x, f));
  }
}

export function bboxOf(g: Geometry | null): BBox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  eachPosition(g, (p) => {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  });
  return w <= e ? [w, s, e, n] : null;
}

/** A box grown by a distance in metres (generously: degrees of longitude shrink towards the poles). */
export function expandBox(b: BBox, metres: number): BBox {
  const dLat = metres / 110_574;
  const lat = Math.min(85, Math.max(Math.abs(b[1]), Math.abs(b[3])));
  const dLon = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [b[0] - dLon, b[1] - dLat, b[2] + dLon, b[3] + dLat];
}

export class PlanIndex {
  readonly layers: IndexedLayer[];
  private byId: Map<string, IndexedLayer>;
  private areas = new WeakMap<Feature, number>();

  constructor(input: { layer: Layer; features: Feature[] }[]) {
    this.layers = input.map(({ layer, features }) => {
      const usable = features.filter((f) => f.geometry && bboxOf(f.geometry));
      const boxes = usable.map((f) => bboxOf(f.geometry)!);
      let tree: Flatbush | null = null;
      if (boxes.length) {
        tree = new Flatbush(boxes.length);
        for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
        tree.finish();
      }
      return { layer, features: usable, boxes, tree };
    });
    this.byId = new Map(this.layers.map((l) => [l.layer.id, l]));
  }

  layer(id: string): IndexedLayer | undefined {
    return this.byId.get(id);
  }

  /** Features of a layer whose bounding box meets the given box. */
  candidates(l: IndexedLayer, box: BBox): Feature[] {
    if (!l.tree) return [];
    return l.tree.search(box[0], box[1], box[2], box[3]).map((i) => l.features[i]);
  }

  private composed = new WeakMap<Feature, string[] | null>();

  /**
   * The county ids an area is exactly the union of, or null. Derived plan elements (a belt, a
   * cluster, a city) are drawn as the union of their member counties; their overlap with a
   * polygon is then the sum of the members' overlaps — exact, and far cheaper than intersecting
   * the large union. A feature counts as such a union only if its area equals the members' sum.
   */
  countyUnion(f: Feature): string[] | null {
    if (this.composed.has(f)) return this.composed.get(f)!;
    const counties = this.byId.get('counties');
    let members: string[] | null = null;
    if (counties && f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')) {
      const p = f.properties ?? {};
      const byId = new Map(counties.features.map((c) => [String(c.properties?.id), c]));
      const listed = [p.geometry_members, p.county_codes, p.county_code ? [p.county_code] : null].find((v) => Array.isArray(v) && v.length) as unknown[] | undefined;
      const candidates = listed ? listed.map(String) : counties.features.filter((c) => String(c.properties?.city_code) === String(p.id)).map((c) => String(c.properties?.id));
      if (candidates.length && candidates.every((c) => byId.has(c)) && byId.get(candidates[0]) !== f) {
        const sum = candidates.reduce((a, c) => a + this.areaOf(byId.get(c)!), 0);
        const own = this.areaOf(f);
        if (own > 0 && Math.abs(sum - own) / own < 1e-6) members = candidates;
      }
    }
    this.composed.set(f, members);
    return members;
  }

  /** A feature's geodesic area in m² (computed once). */
  areaOf(f: Feature): number {
    let a = this.areas.get(f);
    if (a === undefined) this.areas.set(f, (a = geometryArea(f.geometry)));
    return a;
  }
}
