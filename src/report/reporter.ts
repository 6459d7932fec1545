/**
 * Loads everything a report needs (every catalog layer's data, visible or not, and the ledger)
 * once, builds the spatial index, and answers report requests. Runs inside the report worker
 * (./report.worker.ts); the same code runs on the main thread where workers are unavailable.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { Catalog } from '../catalog/types';
import type { ReportTarget } from '../state/mapState';
import { PlanIndex } from './spatialIndex';
import { buildReport, type Report } from './report';
import { parseLedger, LEDGER_PATH, type LedgerItem } from './ledger';
import type { ReportRadii } from './rules';

export interface ReportRequest {
  target: ReportTarget;
  geometry: Position | Polygon | MultiPolygon;
  label?: string;
  radii?: ReportRadii;
}

export type FetchJson = (path: string) => Promise<unknown>;

export interface Reporter {
  report(req: ReportRequest): Report;
}

export async function createReporter(catalog: Catalog, fetchJson: FetchJson): Promise<Reporter> {
  const layers = catalog.groups.flatMap((g) => g.layers);
  const missing: string[] = [];
  const loaded = await Promise.all(
    layers.map(async (layer) => {
      try {
        const fc = (await fetchJson(layer.data)) as { features?: Feature[] };
        if (!Array.isArray(fc?.features)) throw new Error('not a FeatureCollection');
        return { layer, features: fc.features };
      } catch {
        missing.push(layer.id);
        return null;
      }
    }),
  );
  const index = new PlanIndex(loaded.filter((x) => x !== null));
  // the ledger is optional: absent until the data issue ships it
  let ledger: LedgerItem[] | null = null;
  try {
    ledger = parseLedger(await fetchJson(LEDGER_PATH));
  } catch {
    ledger = null;
  }
  return {
    report(req) {
      const r = buildReport({ index, catalog, ledger, radii: req.radii }, req.target, req.geometry, req.label);
      if (missing.length) r.missingLayers = [...missing];
      return r;
    },
  };
}

/** A fetch of the app's own JSON files, relative to the page (or the worker's base). */
export function fetchJsonFrom(base: string): FetchJson {
  return async (path) => {
    const r = await fetch(new URL(path, base).href);
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  };
}

/** A few reports on small shapes so the first real one does not pay for compiling the geometry code. */
export function warmUp(reporter: Reporter, at: Position) {
  const d = 0.02;
  const ring = [[at[0] - d, at[1] - d], [at[0] + d, at[1] - d], [at[0] + d, at[1] + d], [at[0] - d, at[1] + d], [at[0] - d, at[1] - d]];
  reporter.report({ target: { kind: 'point', at: [at[0], at[1]] }, geometry: at });
  reporter.report({ target: { kind: 'feature', layer: 'sketches', id: 'warm-up' }, geometry: { type: 'Polygon', coordinates: [ring] } });
}
