/**
 * Compare on the map: keeps a second map engine (side B) while the state's compare mode is swipe
 * or split, draws side B's set on it (layers, opacity, plan period, base map — the same layer
 * registry and layer builders as the main map, src/engine/MapEngine.ts), shares the filters,
 * language and selection, and lays the two maps out (src/engine/compareView.ts). Flip needs no
 * second map: the main engine draws side A or side B (./engineBinding.ts, shownSide).
 *
 * A machine that cannot hold a second WebGL context (the map cannot start, or the main map loses
 * its context as the second one starts) falls back to flip, and says so.
 */
import { MapEngine, type NoticeKind, type NoticeInfo, type Selection } from '../engine/MapEngine';
import type { Catalog, Layer } from '../catalog/types';
import type { Feature } from 'geojson';
import { CompareView, orientationOf } from '../engine/compareView';
import type { BasemapOptions } from '../engine/basemaps';
import { applySharedFilters, drawSide, recordBasemap, sideOf, sideOpacity } from './engineBinding';
import { select, setCompare, type MapState } from './mapState';
import type { MapStore } from './store.svelte';

export interface CompareEvents {
  /** a feature picked on side B (the main map resolves the selection; panels follow it) */
  onSelection?: (sel: Selection | null) => void;
  /** hover on side B, in the main map's pixels */
  onHover?: (hit: { layer: Layer; feature: Feature; x: number; y: number } | null) => void;
  onNotice?: (kind: NoticeKind, detail: string, info?: NoticeInfo) => void;
  /** two maps could not run: compare went to flip */
  onFallback?: (why: string) => void;
  /** the second map was made or removed (the UI lays its controls over it) */
  onSecondMap?: (engine: MapEngine | null) => void;
}

export interface CompareBinding {
  readonly second: MapEngine | null;
  destroy(): void;
}

const twoMaps = (s: MapState) => s.compare !== null && s.compare.mode !== 'flip';
/** how long after the second map starts a context loss of the main map counts as "cannot hold two" */
const LOSS_WINDOW_MS = 4000;

export function bindCompare(
  store: MapStore,
  main: MapEngine,
  opts: { catalog: Catalog; customAttribution: (lang: MapState['lang']) => string[]; events?: CompareEvents; container?: () => HTMLElement; basemapOptions?: Omit<BasemapOptions, 'base'> },
): CompareBinding {
  const ev = opts.events ?? {};
  let second: MapEngine | null = null;
  let view: CompareView | null = null;
  let off: (() => void) | null = null;
  let el: HTMLElement | null = null;
  let lossTimer: ReturnType<typeof setTimeout> | undefined;

  const fallBack = (why: string) => {
    stop();
    const c = store.state.compare;
    if (c && c.mode !== 'flip') store.update((s) => (s.compare ? setCompare(s, { ...s.compare, mode: 'flip' }) : s), 'ui');
    ev.onFallback?.(why);
  };

  const onMainLost = () => fallBack('context-lost');

  function start(s: MapState) {
    el = opts.container?.() ?? document.createElement('div');
    el.id = 'map-b';
    el.dataset.testid = 'map-b';
    el.setAttribute('aria-label', '对比：右侧地图 / Compare: side B map');
    if (!el.isConnected) document.getElementById('map')?.after(el);
    let engine: MapEngine;
    try {
      const cam = main.getView();
      engine = new MapEngine(el, { view: cam, basemap: sideOf(s, 'b').basemap, basemapOptions: opts.basemapOptions ?? {}, secondary: true });
    } catch (e) {
      el.remove();
      el = null;
      fallBack(String((e as Error)?.message ?? e));
      return;
    }
    second = engine;
    // like the main map's `planningMap`: scripts and tests reach side B's engine here
    (window as unknown as { planningMapB?: MapEngine }).planningMapB = engine;
    // a GPU that cannot hold two contexts drops the older one: the main map's
    main.map.once('webglcontextlost', onMainLost);
    lossTimer = setTimeout(() => main.map.off('webglcontextlost', onMainLost), LOSS_WINDOW_MS);

    const ctx = store.ctx;
    const b0 = sideOf(s, 'b');
    engine.attach({
      catalog: opts.catalog,
      visible: new Set(b0.layers),
      opacity: new Map(ctx.layerIds.map((id) => [id, sideOpacity(b0, id, ctx)])),
      customAttribution: opts.customAttribution(s.lang),
      events: {
        // the camera is the main map's (the view kept in the state is side A's frame)
        onSelect: (sel) => {
          const ref = sel ? engine.getSelectionRef() : null;
          store.update((x) => select(x, ref), 'ui');
          ev.onSelection?.(sel);
        },
        onHover: (hit) => {
          if (!hit) return ev.onHover?.(null);
          const a = main.map.getContainer().getBoundingClientRect();
          const b = engine.map.getContainer().getBoundingClientRect();
          ev.onHover?.({ ...hit, x: hit.x + b.left - a.left, y: hit.y + b.top - a.top });
        },
        onBasemap: (id) => store.update((x) => recordBasemap(x, 'b', id), 'engine'),
        onNotice: (kind, detail, info) => ev.onNotice?.(kind, detail, info),
      },
    });
    applySharedFilters(engine, s, null);
    engine.setLanguage(s.lang);
    const side = drawSide(store, engine, () => 'b');
    if (s.selection) void engine.select(s.selection.layer, s.selection.id);
    view = new CompareView(main, engine, el);
    main.setMirror(engine);
    layout(s);
    const unsub = store.subscribe((next, prev, origin) => {
      if (!twoMaps(next)) return;
      side.apply(next, prev, origin);
      applySharedFilters(engine, next, prev);
      if (next.lang !== prev.lang) {
        engine.setLanguage(next.lang);
        engine.setAttribution(opts.customAttribution(next.lang));
      }
      if (next.selection !== prev.selection) {
        const want = next.selection;
        const has = engine.getSelectionRef();
        if (!want) engine.clearSelection();
        else if (want.layer !== has?.layer || want.id !== has?.id) void engine.select(want.layer, want.id);
      }
    });
    const onResize = () => layout(store.state);
    window.addEventListener('resize', onResize);
    off = () => {
      unsub();
      window.removeEventListener('resize', onResize);
    };
    ev.onSecondMap?.(engine);
  }

  function layout(s: MapState) {
    if (!view || !s.compare || s.compare.mode === 'flip') return;
    // the map area (the screen beside the sidebar), whichever way it is cut now
    const sidebar = parseFloat(getComputedStyle(document.body).getPropertyValue('--sidebar-w')) || 0;
    view.setLayout(s.compare.mode, s.compare.pos, orientationOf(window.innerWidth - sidebar, window.innerHeight));
  }

  function stop() {
    clearTimeout(lossTimer);
    main.map.off('webglcontextlost', onMainLost);
    off?.();
    off = null;
    view?.destroy();
    view = null;
    main.setMirror(null);
    if (second) {
      second.destroy();
      second = null;
      delete (window as unknown as { planningMapB?: MapEngine }).planningMapB;
      ev.onSecondMap?.(null);
    }
    el?.remove();
    el = null;
  }

  const apply = (s: MapState) => {
    if (twoMaps(s) && !second) start(s);
    else if (!twoMaps(s) && second) stop();
    else if (second) layout(s);
  };
  apply(store.state);
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.compare !== prev.compare) apply(s);
  });

  return {
    get second() {
      return second;
    },
    destroy() {
      unsubscribe();
      stop();
    },
  };
}
