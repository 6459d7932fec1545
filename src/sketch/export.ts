/**
 * Sketches out of the app: GeoJSON (RFC 7946, WGS84) and KML 2.2 (via @placemarkio/tokml), each
 * feature with its name, note, kind and measures, so Google Earth, QGIS or ArcGIS open them as is.
 */
import { toKML } from '@placemarkio/tokml';
import type { FeatureCollection, Geometry } from 'geojson';
import { measureSketch, type Sketch } from './model';

const round = (n: number | undefined, d: number) => (n === undefined || !Number.isFinite(n) ? undefined : Number(n.toFixed(d)));

export function sketchesToGeoJSON(list: readonly Sketch[]): FeatureCollection<Geometry> {
  return {
    type: 'FeatureCollection',
    features: list.map((s) => {
      const m = measureSketch(s);
      const props: Record<string, string | number> = { id: s.id, name: s.name, note: s.note, kind: s.kind };
      const length = round(m.length, 1);
      const area = round(m.area, 1);
      const radius = round(m.radius, 1);
      if (length !== undefined) props[s.geometry.type === 'LineString' ? 'length_m' : 'perimeter_m'] = length;
      if (area !== undefined) props.area_m2 = area;
      if (radius !== undefined) props.radius_m = radius;
      if (s.created) props.created = new Date(s.created).toISOString();
      if (s.updated) props.updated = new Date(s.updated).toISOString();
      return { type: 'Feature', id: s.id, geometry: s.geometry, properties: props };
    }),
  };
}

export function sketchesToKML(list: readonly Sketch[]): string {
  const fc = sketchesToGeoJSON(list);
  // KML's own fields: <name> and <description>; the rest goes to ExtendedData
  const kmlFc: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const { name, note, ...rest } = f.properties as Record<string, string | number>;
      return { ...f, properties: { name, ...(note ? { description: note } : {}), ...rest } };
    }),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toKML(kmlFc)}\n`;
}
