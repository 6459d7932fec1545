// The plan period (issue 18): stops, the state fields and their URL keys, the report at a stop.
import { describe, it, expect } from 'vitest';
import { STOPS, dueBy, dueOf, dueFilterExpression, stopLine, isStop } from '../../src/time/stops';
import { defaultState, normalizeState, setStop, setLater, type StateContext } from '../../src/state/mapState';
import { formatHash, parseHash, stateFromHash } from '../../src/state/url';
import { reportAtStop, type Report, type ReportEntry } from '../../src/report/report';

const ctx: StateContext = {
  layerIds: ['counties', 'plan-core', 'plan-belts', 'plan-roads'],
  defaultLayers: ['counties', 'plan-core'],
  defaultOpacity: { counties: 1, 'plan-core': 1, 'plan-belts': 1, 'plan-roads': 1 },
};

describe('plan period', () => {
  it('a feature shows from the stop it is due at; the ground (no phase) at every stop', () => {
    expect(STOPS).toEqual([2020, 2025, 2035]);
    expect(dueOf({ phase: '现状', phase_due: 2020 })).toBe(2020);
    expect(dueOf({ phase: '未注明期限' })).toBe(2035);
    expect(dueOf({ name: '榆次区' })).toBe(0);
    expect(dueBy({ phase_due: 2025 }, 2020)).toBe(false);
    expect(dueBy({ phase_due: 2025 }, 2025)).toBe(true);
    expect(dueBy(null, 2020)).toBe(true);
    expect(dueFilterExpression(2025)).toEqual(['<=', ['coalesce', ['get', 'phase_due'], 0], 2025]);
    expect(stopLine(2025, 'zh')).toBe('规划期：2025年');
    expect(stopLine(2020, 'zh')).toBe('规划期：现状');
    expect(isStop(2030)).toBe(false);
  });

  it('the stop and the later style are map state: defaults (2035, hidden) are not written; t= and tl= round-trip', () => {
    const d = defaultState(ctx);
    expect(d.stop).toBe(2035);
    expect(d.later).toBe('hide');
    expect(formatHash(d, { mode: 'planner' }, ctx)).not.toMatch(/[&]t=|tl=/);
    const s = setLater(setStop(d, 2020), 'planned');
    const hash = formatHash(s, { mode: 'planner' }, ctx);
    expect(hash).toContain('t=2020');
    expect(hash).toContain('tl=planned');
    const back = stateFromHash(parseHash(hash, ctx), ctx);
    expect(back.stop).toBe(2020);
    expect(back.later).toBe('planned');
    expect(setStop(d, 2030 as never)).toBe(d);
  });

  it('a stop the plan does not have is dropped (the default stays)', () => {
    for (const bad of ['t=2030', 't=abc', 't=', 't=2025.5', 'tl=maybe']) {
      const p = parseHash(`v=2&${bad}`, ctx);
      expect(p.state.stop, bad).toBeUndefined();
      expect(p.state.later, bad).toBeUndefined();
      expect(stateFromHash(p, ctx).stop).toBe(2035);
    }
    expect(normalizeState({ stop: '2025' }, ctx).stop).toBe(2035);
  });

  it('the report at a stop leaves out entries due later, counts them, keeps the ground', () => {
    const e = (id: string, phase?: ReportEntry['phase']): ReportEntry => ({ layer: 'x', layerTitle: { zh: 'x', en: 'x' }, id, name: id, relation: 'contains', accuracy: 'derived', doc: 'plan-2022', ...(phase ? { phase } : {}) });
    const r = {
      target: { kind: 'point', at: [112, 37] },
      shape: 'point',
      at: [112, 37],
      radii: { lines: 10000, sites: 20000 },
      counties: [],
      cities: [],
      sections: [
        { id: 'elements', entries: [e('core', '远期'), e('zone', '现状')] },
        { id: 'unmapped', entries: [e('ledger-a', '未注明期限'), e('ledger-b', '近期')] },
        { id: 'near', entries: [e('river')] },
      ],
      ledgerAvailable: true,
      outside: false,
    } as unknown as Report;
    const at2020 = reportAtStop(r, 2020);
    expect(at2020.sections.flatMap((s) => s.entries.map((x) => x.id))).toEqual(['zone', 'river']);
    expect(at2020.later).toBe(3);
    expect(reportAtStop(r, 2025).sections.flatMap((s) => s.entries.map((x) => x.id))).toEqual(['zone', 'ledger-b', 'river']);
    expect(reportAtStop(r, 2035).later).toBe(0);
  });
});
