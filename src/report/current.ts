/**
 * The report the user has open, for other outputs (the map sheet prints it): `currentReport.get()`
 * gives the Report (plain data: render it with `reportRows(report, lang)` from ./rows), and
 * `subscribe` tells of changes. The planner tools set it; nothing else writes it.
 */
import type { Report } from './report';

let current: Report | null = null;
const listeners = new Set<(r: Report | null) => void>();

export const currentReport = {
  get: (): Report | null => current,
  set(r: Report | null) {
    current = r;
    for (const l of [...listeners]) l(r);
  },
  subscribe(l: (r: Report | null) => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
