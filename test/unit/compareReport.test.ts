/**
 * "此处适用" on compare's side B (issue 18): the report's place remembers the side it was asked on
 * (URL qs=b), so it is read at side B's plan period; leaving compare reads it on the one map.
 */
import { describe, it, expect } from 'vitest';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { stateContext } from '../../src/state/context';
import { defaultState, setCompare, setReport, sameReport } from '../../src/state/mapState';
import { formatHash, parseHash, stateFromHash } from '../../src/state/url';
import { openCompare } from '../../src/state/compare';
import { sideOf } from '../../src/state/engineBinding';

const { catalog } = loadCatalogFromDisk(process.cwd());
if (!catalog) throw new Error('catalog');
const ctx = stateContext(catalog);

describe('a report asked on side B', () => {
  const base = defaultState(ctx);
  const { compare } = openCompare(sideOf(base, 'a'), 'swipe');
  const s = setReport(setCompare({ ...base, stop: 2020 }, compare), { kind: 'point', at: [112.55, 37.87], side: 'b' });

  it('keeps its side through the URL (qs=b), and a report on side A writes none', () => {
    const hash = formatHash(s);
    expect(hash).toContain('qs=b');
    const back = stateFromHash(parseHash(hash, ctx), ctx);
    expect(back.report).toEqual({ kind: 'point', at: [112.55, 37.87], side: 'b' });
    expect(formatHash(setReport(s, { kind: 'point', at: [112.55, 37.87] }))).not.toContain('qs=');
    expect(sameReport(s.report, { kind: 'point', at: [112.55, 37.87] })).toBe(false);
  });

  it('leaving compare keeps the report, now on the one map', () => {
    const off = setCompare(s, null);
    expect(off.report).toEqual({ kind: 'point', at: [112.55, 37.87] });
  });
});
