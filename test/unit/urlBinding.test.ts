import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { bindUrl, flushUrl, VIEW_WRITE_MS, VIEW_WRITE_MAX_MS } from '../../src/state/urlBinding';
import { MapStore } from '../../src/state/store.svelte';
import { defaultState, setView, setLayerVisible, type StateContext } from '../../src/state/mapState';

const ctx: StateContext = {
  layerIds: ['counties', 'plan-core', 'plan-belts'],
  defaultLayers: ['counties', 'plan-core'],
  defaultOpacity: { counties: 0.5, 'plan-core': 0.8, 'plan-belts': 0.7 },
};

/** the bits of a browser page the binding touches: location.hash, history.replaceState, <html>'s dataset, events */
function fakePage() {
  const page = { hash: '', writes: 0, listeners: new Map<string, () => void>(), dataset: {} as Record<string, string> };
  vi.stubGlobal('location', {
    get hash() {
      return page.hash;
    },
  });
  vi.stubGlobal('history', {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      page.writes++;
      page.hash = url;
    },
  });
  vi.stubGlobal('window', {
    addEventListener: (type: string, f: () => void) => page.listeners.set(type, f),
    removeEventListener: (type: string) => page.listeners.delete(type),
  });
  vi.stubGlobal('document', { documentElement: { dataset: page.dataset } });
  return page;
}

const view = (i: number) => ({ bounds: [111 + i / 100, 37, 113 + i / 100, 38.5] as [number, number, number, number], bearing: 0 });

describe('the link follows the map (urlBinding)', () => {
  let page: ReturnType<typeof fakePage>;
  beforeEach(() => {
    vi.useFakeTimers();
    page = fakePage();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('writes a change of the view once the view has rested, and anything else at once', () => {
    const store = new MapStore(defaultState(ctx), ctx);
    const binding = bindUrl(store, { mode: 'planner' });
    const start = page.writes;
    expect(page.hash).toBe('#v=2&l=counties,plan-core');

    // a pan reports the view at every step: no write while it moves
    for (let i = 1; i <= 5; i++) {
      store.update((s) => setView(s, view(i)), 'engine');
      vi.advanceTimersByTime(VIEW_WRITE_MS / 2);
    }
    expect(page.writes).toBe(start);
    expect(page.dataset.urlPending).toBe('true');
    vi.advanceTimersByTime(VIEW_WRITE_MS);
    expect(page.writes).toBe(start + 1);
    expect(page.hash).toContain('m=111.05,37,113.05,38.5');
    expect(page.dataset.urlPending).toBeUndefined();

    // a layer switched on is written at once, with the latest view
    store.update((s) => setView(s, view(9)), 'engine');
    store.update((s) => setLayerVisible(s, 'plan-belts', true, ctx));
    expect(page.writes).toBe(start + 2);
    expect(page.hash).toContain('m=111.09,37,113.09,38.5');
    expect(page.hash).toContain('plan-belts');
    expect(page.dataset.urlPending).toBeUndefined();
    vi.advanceTimersByTime(VIEW_WRITE_MAX_MS);
    expect(page.writes).toBe(start + 2); // nothing left waiting
    binding.destroy();
  });

  it('a view that keeps moving is written at least every VIEW_WRITE_MAX_MS', () => {
    const store = new MapStore(defaultState(ctx), ctx);
    bindUrl(store, { mode: 'planner' });
    const start = page.writes;
    const step = VIEW_WRITE_MS / 4;
    for (let i = 1; i * step <= VIEW_WRITE_MAX_MS * 2.5; i++) {
      store.update((s) => setView(s, view(i)), 'engine');
      vi.advanceTimersByTime(step);
    }
    expect(page.writes - start).toBeGreaterThanOrEqual(2);
    expect(page.writes - start).toBeLessThanOrEqual(3);
  });

  it('flushUrl writes a waiting view now (a link about to be copied), and so does leaving the page', () => {
    const store = new MapStore(defaultState(ctx), ctx);
    bindUrl(store, { mode: 'planner' });
    store.update((s) => setView(s, view(3)), 'engine');
    expect(page.hash).not.toContain('m=');
    flushUrl();
    expect(page.hash).toContain('m=111.03,37,113.03,38.5');
    expect(page.dataset.urlPending).toBeUndefined();

    store.update((s) => setView(s, view(4)), 'engine');
    page.listeners.get('pagehide')!();
    expect(page.hash).toContain('m=111.04,37,113.04,38.5');
  });
});
