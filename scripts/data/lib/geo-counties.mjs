// Which counties a feature lies in or crosses, from its geometry (plain JS + turf, deterministic).
// Used by the plan and eco builds to write `geo_counties` (a `ref` attribute): a county's panel
// then lists, besides the plan elements that name it, the features that lie in or cross it.
import * as turf from '@turf/turf';

const SAMPLE_KM = 0.25; // line sampling step
const MIN_LINE_KM = 1; // a line must run ≥ 1 km inside a county to count as crossing it
const MIN_AREA_KM2 = 1; // a polygon must cover ≥ 1 km² of a county

/** @param {GeoJSON.Feature[]} counties features with properties.code */
export function countyLocator(counties) {
  const list = counties.map((c) => ({ code: String(c.properties.code), f: c, bbox: turf.bbox(c) }));
  const inBox = (b, x, y) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
  const countyAt = (p) => list.find((c) => inBox(c.bbox, p[0], p[1]) && turf.booleanPointInPolygon(p, c.f))?.code;
  const sorted = (set) => [...set].sort();

  function ofLines(lines) {
    const km = new Map();
    for (const coords of lines) {
      const line = turf.lineString(coords);
      const len = turf.length(line, { units: 'kilometers' });
      const n = Math.max(1, Math.ceil(len / SAMPLE_KM));
      for (let i = 0; i <= n; i++) {
        const p = turf.along(line, (len * i) / n, { units: 'kilometers' }).geometry.coordinates;
        const c = countyAt(p);
        if (c) km.set(c, (km.get(c) ?? 0) + len / n);
      }
    }
    return sorted(new Set([...km].filter(([, v]) => v >= MIN_LINE_KM).map(([k]) => k)));
  }

  function ofPolygon(geometry) {
    const f = turf.feature(geometry);
    const b = turf.bbox(f);
    const out = new Set();
    for (const c of list) {
      if (c.bbox[0] > b[2] || c.bbox[2] < b[0] || c.bbox[1] > b[3] || c.bbox[3] < b[1]) continue;
      const x = turf.intersect(turf.featureCollection([f, c.f]));
      if (x && turf.area(x) / 1e6 >= MIN_AREA_KM2) out.add(c.code);
    }
    return sorted(out);
  }

  /** County codes the geometry lies in (points) or crosses (lines ≥ 1 km, polygons ≥ 1 km²). */
  return function countiesOf(geometry) {
    switch (geometry.type) {
      case 'Point': {
        const c = countyAt(geometry.coordinates);
        return c ? [c] : [];
      }
      case 'LineString':
        return ofLines([geometry.coordinates]);
      case 'MultiLineString':
        return ofLines(geometry.coordinates);
      case 'Polygon':
      case 'MultiPolygon':
        return ofPolygon(geometry);
      default:
        throw new Error(`countiesOf: unsupported geometry ${geometry.type}`);
    }
  };
}
