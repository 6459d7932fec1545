/**
 * The report worker: holds the spatial index and computes reports off the main thread, so a
 * polygon's overlaps (intersections and areas) never freeze the map.
 *   → { type: 'init', catalog, base }           ← nothing (requests wait for it)
 *   → { type: 'report', id, request }           ← { id, report, ms } | { id, error }
 */
import type { Catalog } from '../catalog/types';
import { createReporter, fetchJsonFrom, warmUp, type Reporter, type ReportRequest } from './reporter';

let reporter: Promise<Reporter> | null = null;
let pending = 0;

const post = (m: unknown) => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent) => {
  const m = e.data as { type: 'init'; catalog: Catalog; base: string; warmAt?: [number, number] } | { type: 'report'; id: number; request: ReportRequest };
  if (m.type === 'init') {
    reporter = createReporter(m.catalog, fetchJsonFrom(m.base));
    if (m.warmAt) {
      const at = m.warmAt;
      void reporter.then((r) => setTimeout(() => pending === 0 && warmUp(r, at), 0));
    }
    return;
  }
  if (m.type === 'report') {
    pending++;
    if (!reporter) {
      pending--;
      post({ id: m.id, error: 'not initialised' });
      return;
    }
    reporter
      .then((r) => {
        const t0 = performance.now();
        const report = r.report(m.request);
        post({ id: m.id, report, ms: performance.now() - t0 });
      })
      .catch((err) => post({ id: m.id, error: String((err as Error)?.message ?? err) }))
      .finally(() => pending--);
  }
};
