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
import { inventoryFilterActive, layerOpacity, select, setBasemap, setView, sameView, type MapState } from './mapState';
import type { MapStore } from './store.svelte';

export const INVENTORY_LAYER = 'inventory-items';

export interface BindingEvents {
  /** the resolved selection (feature, layer, what else is under the click) for panels */
  onSelection?: (sel: Selection | null) => void;
  onHover?: EngineEvents['onHover'];
  onNotice?: EngineEvents['onNotice'];
  onOverlayReady?: () => void;
}

export interface EngineBinding {
  /**
   * Switch base map with options that are not part of the state (a key, a style URL). Returns
   * the BasemapConfigError's code when the options cannot work (nothing changed then).
   */
  changeBasemap(id: BasemapId, options?: Omit<BasemapOptions, 'base'>): string | null;
  /** Select a feature and fly to it (the state records the selection; the flight is the engine's). */
  focus(layer: string, id: string): void;
  /** Stop listening (the engine itself is left as it is). */
  destroy(): void;
}

export function bindEngine(
  store: MapStore,
  engine: MapEngine,
  opts: { catalog: Catalog; customAttribution: (lang: MapState['lang']) => string[]; events?: BindingEvents; extraFilters?: Record<string, (f: Feature) => boolean> },
): EngineBinding {
  const ev = opts.events ?? {};
  const ctx = store.ctx;
  const s0 = store.state;

  engine.attach({
    catalog: opts.catalog,
    visible: new Set(s0.layers),
    opacity: new Map(ctx.layerIds.map((id) => [id, layerOpacity(s0, id, ctx)])),
    customAttribution: opts.customAttribution(s0.lang),
    events: {
      onView: (view) => store.update((s) => setView(s, view), 'engine'),
      onSelect: (sel) => {
        const ref = sel ? engine.getSelectionRef() : null;
        store.update((s) => select(s, ref), 'engine');
        ev.onSelection?.(sel);
      },
      onBasemap: (id) => store.update((s) => setBasemap(s, id), 'engine'),
      onHover: ev.onHover,
      onNotice: ev.onNotice,
      onOverlayReady: ev.onOverlayReady,
    },
  });
  for (const [layer, keep] of Object.entries(opts.extraFilters ?? {})) engine.setLayerFilter(layer, keep, 'fixed');

  const applyHidden = (s: MapState, prev: MapState | null) => {
    const ids = new Set([...Object.keys(s.hidden), ...Object.keys(prev?.hidden ?? {})]);
    for (const id of ids) {
      const now = s.hidden[id] ?? [];
      const before = prev?.hidden[id] ?? [];
      if (prev && now.length === before.length && now.every((x, i) => x === before[i])) continue;
      const off = new Set(now);
      engine.setLayerFilter(id, off.size ? (f) => !off.has(String(f.properties?.id)) : null, 'elements');
    }
  };
  const applyInventory = (s: MapState) => {
    engine.setLayerFilter(INVENTORY_LAYER, inventoryFilterActive(s.inventory) ? inventoryMatcher(s.inventory) : null, 'inventory');
  };
  const applySelection = (s: MapState) => {
    const want = s.selection;
    const has = engine.getSelectionRef();
    if (want?.layer === has?.layer && want?.id === has?.id) return;
    if (!want) {
      engine.clearSelection();
      return;
    }
    void engine.select(want.layer, want.id).then((ok) => {
      // a link to a feature that does not exist: drop it rather than keep a dangling selection
      if (!ok && store.state.selection?.layer === want.layer && store.state.selection.id === want.id) store.update((x) => select(x, null), 'engine');
    });
  };

  // the initial state
  applyHidden(s0, null);
  if (inventoryFilterActive(s0.inventory)) applyInventory(s0);
  engine.setLanguage(s0.lang);
  engine.setStop({ t: s0.stop, later: s0.later });
  if (s0.selection) applySelection(s0);
  if (s0.basemap !== engine.getBasemap()) tryBasemap(s0.basemap);

  function tryBasemap(id: BasemapId, options?: Omit<BasemapOptions, 'base'>): string | null {
    try {
      engine.setBasemap(id, options);
      return null;
    } catch (e) {
      // keep the state on what the map really shows
      store.update((s) => setBasemap(s, engine.getBasemap()), 'engine');
      return e instanceof BasemapConfigError ? e.message : String((e as Error)?.message ?? e);
    }
  }

  const off = store.subscribe((s, prev, origin) => {
    if (s.layers !== prev.layers) engine.setVisibleLayers(s.layers);
    if (s.opacity !== prev.opacity) {
      for (const id of new Set([...Object.keys(s.opacity), ...Object.keys(prev.opacity)])) {
        if (s.opacity[id] !== prev.opacity[id]) engine.setLayerOpacity(id, layerOpacity(s, id, ctx));
      }
    }
    if (s.hidden !== prev.hidden) applyHidden(s, prev);
    if (s.inventory !== prev.inventory) applyInventory(s);
    if (s.lang !== prev.lang) {
      engine.setLanguage(s.lang);
      engine.setAttribution(opts.customAttribution(s.lang));
    }
    if (s.stop !== prev.stop || s.later !== prev.later) engine.setStop({ t: s.stop, later: s.later });
    if (origin !== 'engine') {
      if (s.basemap !== prev.basemap && s.basemap !== engine.getBasemap()) tryBasemap(s.basemap);
      if (!sameView(s.view, prev.view)) engine.frame(s.view, { animate: origin === 'scene' });
      if (s.selection !== prev.selection) applySelection(s);
    }
  });

  return {
    changeBasemap(id, options) {
      const err = tryBasemap(id, options);
      if (!err) store.update((s) => setBasemap(s, id), 'engine');
      return err;
    },
    focus(layer, id) {
      store.update((s) => select(s, { layer, id }));
      void engine.select(layer, id, { fly: true });
    },
    destroy: off,
  };
}
