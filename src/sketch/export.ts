/**
 * Sketches out of the app: GeoJSON (RFC 7946, WGS84) and KML 2.2 (via @placemarkio/tokml), each
 * feature with its name, note, kind and measures, so Google Earth, QGIS or ArcGIS open them as is.
 */
import { toKML } from '@placemarkio/tokml';
import type { FeatureCollection, Geometry } from 'geojson';
import { measureSketch, type Sketch } from './model';
import { wellFormed } from '../import/text';

/** Characters XML 1.0 cannot hold at all (even escaped): C0 controls but tab/LF/CR, U+FFFE/FFFF; lone surrogates are dropped. */
const xmlText = (v: string | number) => (typeof v === 'string' ? wellFormed(v).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '') : v);

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
      const clean = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, xmlText(v)]));
      return { ...f, properties: { name: xmlText(name), ...(note ? { description: xmlText(note) } : {}), ...clean } };
    }),
  };
  // tokml writes text content with & and < escaped, but not the `]]>` XML forbids in content (a name
  // holding it made the file not well-formed): every `]]>` in its output is text, written `]]&gt;`
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toKML(kmlFc).replaceAll(']]>', ']]&gt;')}\n`;
}
