/**
 * Keeps the map engine drawing what the store holds, and the store following what the user does
 * on the map. State → engine: layers, opacity, element toggles, the inventory filter, the
 * selection, the base map, the language and (for changes that did not come from the map) the
 * view. Engine → state: the view after a move, a click's selection, a base-map fallback.
 *
 * The engine stays ignorant of the state model's shape; components never call the engine for
 * anything the state describes — they update the store.
 */
import type { Feature } from 'geojson';
import type { MapEngine, Selection, EngineEvents } from '../engine/MapEngine';
import type { Catalog } from '../catalog/types';
import { inventoryMatcher } from '../inventory/merge';
import { BasemapConfigError, type BasemapId, type BasemapOptions } from '../engine/basemaps';
import { INVENTORY_LAYER, inventoryFilterActive, select, setBasemap, setCompare, setViewFromMap, sameView, type MapState } from './mapState';
import type { SideSet } from './compare';
import { shownSide, sideOf, sideOpacity } from './sides';
import type { MapStore } from './store.svelte';

export { INVENTORY_LAYER };

export interface BindingEvents {
  /** the resolved selection (feature, layer, what else is under the click) for panels */
  onSelection?: (sel: Selection | null) => void;
  onHover?: EngineEvents['onHover'];
  onNotice?: EngineEvents['onNotice'];
  onOverlayReady?: () => void;
  onKeyboardPick?: EngineEvents['onKeyboardPick'];
}

export interface EngineBinding {
  /**
   * Switch base map with options that are not part of the state (a key, a style URL). Returns
   * the BasemapConfigError's code when the options cannot work (nothing changed then).
   */
  changeBasemap(id: BasemapId, options?: Omit<BasemapOptions, 'base'>): string | null;
  /** Select a feature and fly to it (the state records the selection; the flight is the engine's). */
  focus(layer: string, id: string, opts?: { spanKm?: number }): void;
  /** Frame lon/lat bounds in the free part of the map (engine.frameBounds); the view reaches the state when the move ends. */
  frame(bounds: [number, number, number, number], opts?: { animate?: boolean }): void;
  /** Stop listening (the engine itself is left as it is). */
  destroy(): void;
}

export { shownSide, sideOf, sideOpacity };

/** Record the base map a map really shows, on the side it shows (a fallback, a failed switch). */
export function recordBasemap(s: MapState, side: 'a' | 'b', id: BasemapId): MapState {
  if (side === 'a' || !s.compare) return setBasemap(s, id);
  return s.compare.b.basemap === id ? s : setCompare(s, { ...s.compare, b: { ...s.compare.b, basemap: id } });
}

/**
 * The filters both sides share (plan elements switched off, the inventory filter): applied to an
 * engine from a state, given the state before (null: all of it).
 */
export function applySharedFilters(engine: MapEngine, s: MapState, prev: MapState | null) {
  if (!prev || s.hidden !== prev.hidden) {
    const ids = new Set([...Object.keys(s.hidden), ...Object.keys(prev?.hidden ?? {})]);
    for (const id of ids) {
      const now = s.hidden[id] ?? [];
      const before = prev?.hidden[id] ?? [];
      if (prev && now.length === before.length && now.every((x, i) => x === before[i])) continue;
      const off = new Set(now);
      engine.setLayerFilter(id, off.size ? (f) => !off.has(String(f.properties?.id)) : null, 'elements');
    }
  }
  if (prev ? s.inventory !== prev.inventory : inventoryFilterActive(s.inventory)) {
    engine.setLayerFilter(INVENTORY_LAYER, inventoryFilterActive(s.inventory) ? inventoryMatcher(s.inventory) : null, 'inventory');
  }
}

/**
 * Draw one side of the state on an engine, following changes: layers, opacity, plan period and
 * base map. Returns the base-map switcher (which keeps the state on what the map really shows).
 */
export function drawSide(store: MapStore, engine: MapEngine, side: (s: MapState) => 'a' | 'b') {
  const ctx = store.ctx;
  function tryBasemap(id: BasemapId, options?: Omit<BasemapOptions, 'base'>): string | null {
    try {
      engine.setBasemap(id, options);
      return null;
    } catch (e) {
      // keep the state on what the map really shows
      store.update((s) => recordBasemap(s, side(s), engine.getBasemap()), 'engine');
      return e instanceof BasemapConfigError ? e.message : String((e as Error)?.message ?? e);
    }
  }
  const s0 = store.state;
  const d0 = sideOf(s0, side(s0));
  engine.setStop({ t: d0.stop, later: s0.later });
  if (d0.basemap !== engine.getBasemap()) tryBasemap(d0.basemap);
  const apply = (s: MapState, prev: MapState, origin: string) => {
    const d = sideOf(s, side(s));
    const pd = sideOf(prev, side(prev));
    if (d.layers !== pd.layers) engine.setVisibleLayers(d.layers);
    if (d.opacity !== pd.opacity) {
      for (const id of new Set([...Object.keys(d.opacity), ...Object.keys(pd.opacity)])) {
        if (d.opacity[id] !== pd.opacity[id]) engine.setLayerOpacity(id, sideOpacity(d, id, ctx));
      }
    }
    if (d.stop !== pd.stop || s.later !== prev.later) engine.setStop({ t: d.stop, later: s.later });
    if (origin !== 'engine' && d.basemap !== pd.basemap && d.basemap !== engine.getBasemap()) tryBasemap(d.basemap);
  };
  return { apply, tryBasemap };
}

export function bindEngine(
  store: MapStore,
  engine: MapEngine,
  opts: { catalog: Catalog; customAttribution: (lang: MapState['lang']) => string[]; events?: BindingEvents; extraFilters?: Record<string, (f: Feature) => boolean> },
): EngineBinding {
  const ev = opts.events ?? {};
  const ctx = store.ctx;
  const s0 = store.state;
  const first = sideOf(s0, shownSide(s0));

  engine.attach({
    catalog: opts.catalog,
    visible: new Set(first.layers),
    opacity: new Map(ctx.layerIds.map((id) => [id, sideOpacity(first, id, ctx)])),
    customAttribution: opts.customAttribution(s0.lang),
    events: {
      onView: (view) => store.update((s) => setViewFromMap(s, view), 'engine'),
      onSelect: (sel) => {
        const ref = sel ? engine.getSelectionRef() : null;
        store.update((s) => select(s, ref), 'engine');
        ev.onSelection?.(sel);
      },
      onBasemap: (id) => store.update((s) => recordBasemap(s, shownSide(s), id), 'engine'),
      onHover: ev.onHover,
      onNotice: ev.onNotice,
      onOverlayReady: ev.onOverlayReady,
      onKeyboardPick: ev.onKeyboardPick,
    },
  });
  for (const [layer, keep] of Object.entries(opts.extraFilters ?? {})) engine.setLayerFilter(layer, keep, 'fixed');

  /** `reveal`: a selection that comes with a link — the link's frame is kept, but the panel it opens must not hide the feature (a phone's bottom sheet). */
  const applySelection = (s: MapState, reveal = false) => {
    const want = s.selection;
    const has = engine.getSelectionRef();
    if (want?.layer === has?.layer && want?.id === has?.id) return;
    if (!want) {
      engine.clearSelection();
      return;
    }
    void engine.select(want.layer, want.id, { reveal }).then((ok) => {
      // a link to a feature that does not exist: drop it rather than keep a dangling selection
      if (!ok && store.state.selection?.layer === want.layer && store.state.selection.id === want.id) store.update((x) => select(x, null), 'engine');
    });
  };

  // the initial state
  applySharedFilters(engine, s0, null);
  engine.setLanguage(s0.lang);
  const side = drawSide(store, engine, shownSide);
  if (s0.selection) applySelection(s0, true);

  const off = store.subscribe((s, prev, origin) => {
    side.apply(s, prev, origin);
    applySharedFilters(engine, s, prev);
    if (s.lang !== prev.lang) {
      engine.setLanguage(s.lang);
      engine.setAttribution(opts.customAttribution(s.lang));
    }
    if (origin !== 'engine') {
      if (!sameView(s.view, prev.view)) engine.frame(s.view, { animate: origin === 'scene' });
      if (s.selection !== prev.selection) applySelection(s, origin === 'url');
    }
  });

  return {
    changeBasemap(id, options) {
      const err = side.tryBasemap(id, options);
      if (!err) store.update((s) => recordBasemap(s, shownSide(s), id), 'engine');
      return err;
    },
    focus(layer, id, opts) {
      store.update((s) => select(s, { layer, id }));
      void engine.select(layer, id, { fly: true, ...opts });
    },
    frame(bounds, o) {
      // after the panels this change opens are laid out, so the free area is measured as it will be
      requestAnimationFrame(() => engine.frameBounds(bounds, { maxZoom: 14, ...o }));
    },
    destroy: off,
  };
}
