/**
 * What the map will draw of a link's state, read before the UI has mounted (src/main.ts loads
 * this beside MapLibre): the planning layers, their opacity, the plan period and the labels'
 * language. The engine starts drawing them with the base map (MapEngine.drawEarly), so MapLibre
 * tiles the planning sources while the base map's tiles still arrive; when the UI mounts, its
 * store — the one truth — is made from the same link by the same codec (./url.ts) and hands the
 * engine the same layers, which are already in place.
 *
 * Pure (no DOM, no engine): the same parse and defaults as the planner's store. Left out, so the
 * UI draws them as before: present mode (a scene decides the layers), the public map (its own
 * catalog view and feature filters), and layers whose features the UI filters (plan elements
 * switched off with `h=`, the 清单 filter) — drawn unfiltered first they would flash.
 */
import type { Catalog } from '../catalog/types';
import type { Mode } from './urlEntry';
import type { Viewport } from './view';
import { INVENTORY_LAYER, inventoryFilterActive, type MapState } from './mapState';
import { stateContext } from './context';
import { parseHash, stateFromHash } from './url';
import { shownSide, sideOf, sideOpacity } from './sides';
import type { StopView } from '../time/stops';

export interface EarlyDraw {
  /** catalog layers to draw now, in catalog order */
  visible: string[];
  /** every catalog layer's opacity on the side shown */
  opacity: Map<string, number>;
  /** the plan period shown */
  stop: StopView;
  lang: MapState['lang'];
}

/** A user's imported layer (`user-<id>`): known to the store once IndexedDB has answered. */
const maybeUserLayer = (id: string) => id.startsWith('user-');

export function earlyDraw(hash: string, catalog: Catalog, mode: Mode, viewport?: Viewport): EarlyDraw | null {
  if (mode !== 'planner') return null;
  // imported layers count as known: a link naming only them keeps none of the defaults (the store,
  // which knows them, would not either) — drawing too little early is made good at once, too much would flash
  const ctx = { ...stateContext(catalog), isExtraLayer: maybeUserLayer };
  const state = stateFromHash(parseHash(hash, ctx, viewport), ctx);
  const side = sideOf(state, shownSide(state));
  const filtered = new Set(Object.keys(state.hidden).filter((id) => state.hidden[id].length));
  if (inventoryFilterActive(state.inventory)) filtered.add(INVENTORY_LAYER);
  return {
    visible: side.layers.filter((id) => ctx.layerIds.includes(id) && !filtered.has(id)),
    opacity: new Map(ctx.layerIds.map((id) => [id, sideOpacity(side, id, ctx)])),
    stop: { t: side.stop, later: state.later },
    lang: state.lang,
  };
}
