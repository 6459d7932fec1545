/**
 * The UI's handle on report computation: one worker (./report.worker.ts, from the app's own
 * origin), started on first use; where workers cannot start, the same code runs on the main
 * thread. Each request's time is recorded as a performance measure ("planning-map:report-point",
 * "planning-map:report-polygon") for `npm run bench`.
 */
import type { Catalog } from '../catalog/types';
import type { Report } from './report';
import type { ReportRequest, Reporter } from './reporter';

export interface ReportResult {
  report: Report;
  /** ms spent computing (in the worker) */
  ms: number;
}

export class ReportClient {
  private worker: Worker | null = null;
  private local: Promise<Reporter> | null = null;
  private nextId = 1;
  private waiting = new Map<number, { resolve: (r: ReportResult) => void; reject: (e: Error) => void }>();

  constructor(
    private catalog: Catalog,
    private base: string = document.baseURI,
    private warmAt?: [number, number],
  ) {}

  /** Start the worker (loads the data and builds the index) ahead of the first request. */
  start() {
    if (this.worker || this.local) return;
    try {
      this.worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e) => this.onMessage(e.data);
      this.worker.onerror = (e) => this.fallBack(e.message || 'worker error');
      this.worker.postMessage({ type: 'init', catalog: JSON.parse(JSON.stringify(this.catalog)), base: this.base, warmAt: this.warmAt });
    } catch (e) {
      this.fallBack(String((e as Error)?.message ?? e));
    }
  }

  /** Where the worker cannot run: compute on the main thread with the same code. */
  private fallBack(why: string) {
    console.warn('report worker unavailable, computing on the main thread:', why);
    this.worker?.terminate();
    this.worker = null;
    this.local ??= import('./reporter').then(({ createReporter, fetchJsonFrom }) => createReporter(this.catalog, fetchJsonFrom(this.base)));
    // requests sent to the dead worker are answered here
    const waiting = [...this.waiting.entries()];
    this.waiting.clear();
    for (const [, w] of waiting) w.reject(new Error(why));
  }

  private onMessage(m: { id: number; report?: Report; ms?: number; error?: string }) {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.report) w.resolve({ report: m.report, ms: m.ms ?? 0 });
    else w.reject(new Error(m.error ?? 'report failed'));
  }

  async report(request: ReportRequest): Promise<ReportResult> {
    this.start();
    const kind = Array.isArray(request.geometry) ? 'point' : 'polygon';
    const t0 = performance.now();
    let result: ReportResult;
    if (this.worker) {
      const id = this.nextId++;
      result = await new Promise<ReportResult>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        this.worker!.postMessage({ type: 'report', id, request: JSON.parse(JSON.stringify(request)) });
      }).catch(async (e) => {
        if (!this.local) throw e;
        return this.computeLocally(request);
      });
    } else {
      result = await this.computeLocally(request);
    }
    performance.measure(`planning-map:report-${kind}`, { start: t0, end: performance.now(), detail: { computeMs: result.ms } });
    return result;
  }

  private async computeLocally(request: ReportRequest): Promise<ReportResult> {
    const reporter = await this.local!;
    const t0 = performance.now();
    const report = reporter.report(request);
    return { report, ms: performance.now() - t0 };
  }

  destroy() {
    this.worker?.terminate();
    this.worker = null;
  }
}
