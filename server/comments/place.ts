/**
 * The spatial join of a comment, on the server: where it is (county, city) and which plan elements
 * and clause it concerns, computed with the app's own "what applies here" code (src/report: a
 * flatbush index of every catalog layer, turf for the exact tests) over the plan layers in
 * public/data (WGS84 GeoJSON). The client says what it commented on (a point, a feature, a
 * clause); the geometry of a feature is the server's own, never the client's.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature, Geometry, Position } from 'geojson';
import { catalog } from '../../src/catalog/catalog.ts';
import { createReporter, type Reporter } from '../../src/report/reporter.ts';
import type { Report, ReportEntry } from '../../src/report/report.ts';

export type Target =
  | { kind: 'point'; lon: number; lat: number }
  | { kind: 'feature'; layer: string; id: string }
  | { kind: 'clause'; doc: string; section: string; title?: string; quote?: string; lon?: number; lat?: number };

export interface ElementRef {
  layer: string;
  id: string;
  name: string;
  /** the kind of plan element (一核, 城镇带 …) or the layer's title */
  element: string;
  doc: string;
  section?: string;
}

export interface Placed {
  lon: number | null;
  lat: number | null;
  countyCodes: string[];
  counties: string[];
  cities: string[];
  elements: ElementRef[];
  /** the clause: the one commented on, else the clauses of the elements (document › section) */
  clause: { doc: string; docTitle?: string; section: string; title?: string; quote?: string } | null;
  /** what the comment is about, in words (the feature's or the clause's name) */
  label: string;
}

export interface Placer {
  place(t: Target): Placed;
  /** false when the target names nothing the server knows (an unknown layer, feature or document) */
  knows(t: Target): boolean;
}

const ELEMENT_SECTIONS = new Set(['elements']);

function ref(e: ReportEntry): ElementRef {
  return { layer: e.layer, id: e.id, name: e.name, element: e.element?.zh ?? e.layerTitle.zh, doc: e.doc, section: e.section };
}

function representativePoint(g: Geometry): Position | null {
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'MultiPoint') return g.coordinates[0] ?? null;
  return null;
}

export async function createPlacer(dataRoot: string): Promise<Placer> {
  const readJson = async (path: string) => JSON.parse(await readFile(join(dataRoot, path), 'utf8'));
  const reporter: Reporter = await createReporter(catalog, readJson);
  const features = new Map<string, Feature>();
  const layerOf = new Map(catalog.groups.flatMap((g) => g.layers).map((l) => [l.id, l]));
  await Promise.all(
    [...layerOf.values()].map(async (l) => {
      try {
        const fc = await readJson(l.data);
        for (const f of fc.features ?? []) features.set(`${l.id}/${f.properties?.id}`, f);
      } catch {
        /* the reporter already lists the layer as missing */
      }
    }),
  );

  const fromReport = (r: Report): Omit<Placed, 'lon' | 'lat' | 'clause' | 'label'> => ({
    countyCodes: r.counties.map((c) => c.id),
    counties: r.counties.map((c) => c.name),
    cities: r.cities.map((c) => c.name),
    elements: r.sections.filter((s) => ELEMENT_SECTIONS.has(s.id)).flatMap((s) => s.entries.filter((e) => e.relation === 'contains' || e.relation === 'overlaps').map(ref)),
  });

  const clauseOf = (els: ElementRef[]): Placed['clause'] => {
    const e = els.find((x) => x.section);
    return e ? { doc: e.doc, docTitle: catalog.sources[e.doc]?.title.zh, section: e.section! } : null;
  };

  const atPoint = (lon: number, lat: number) => fromReport(reporter.report({ target: { kind: 'point', at: [lon, lat] }, geometry: [lon, lat] }));

  return {
    knows(t) {
      if (t.kind === 'feature') return features.has(`${t.layer}/${t.id}`);
      if (t.kind === 'clause') return t.doc in catalog.sources;
      return true;
    },
    place(t) {
      if (t.kind === 'point') {
        const p = atPoint(t.lon, t.lat);
        return { lon: t.lon, lat: t.lat, ...p, clause: clauseOf(p.elements), label: `${t.lon.toFixed(5)}, ${t.lat.toFixed(5)}` };
      }
      if (t.kind === 'clause') {
        const p = t.lon !== undefined && t.lat !== undefined ? atPoint(t.lon, t.lat) : { countyCodes: [], counties: [], cities: [], elements: [] };
        return {
          lon: t.lon ?? null,
          lat: t.lat ?? null,
          ...p,
          clause: { doc: t.doc, docTitle: catalog.sources[t.doc]?.title.zh, section: t.section, title: t.title, quote: t.quote },
          label: `${catalog.sources[t.doc]?.title.zh ?? t.doc} ${t.section}`,
        };
      }
      const f = features.get(`${t.layer}/${t.id}`)!;
      const layer = layerOf.get(t.layer)!;
      const props = f.properties ?? {};
      const self: ElementRef = {
        layer: t.layer,
        id: t.id,
        name: String(props.name_full ?? props.name ?? t.id),
        element: typeof props.element === 'string' && props.element ? props.element : layer.title.zh,
        doc: String(props.source_doc ?? layer.source.doc),
        section: String(props.source_section ?? layer.source.section ?? '') || undefined,
      };
      const pt = f.geometry ? representativePoint(f.geometry) : null;
      let p: Omit<Placed, 'lon' | 'lat' | 'clause' | 'label'>;
      if (pt) p = atPoint(pt[0], pt[1]);
      else if (f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')) {
        // an area: the counties and cities it overlaps (it is itself the plan element)
        p = fromReport(reporter.report({ target: { kind: 'feature', layer: t.layer, id: t.id }, geometry: f.geometry }));
      } else p = { countyCodes: [], counties: [], cities: [], elements: [] };
      // a county or city commented on is its own place, not a plan element
      const isAdmin = t.layer === 'counties' || t.layer === 'cities';
      const elements = isAdmin ? p.elements : [self, ...p.elements.filter((e) => !(e.layer === self.layer && e.id === self.id))];
      return { lon: pt?.[0] ?? null, lat: pt?.[1] ?? null, ...p, elements, clause: clauseOf(elements), label: self.name };
    },
  };
}
