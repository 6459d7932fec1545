/**
 * "在图上显示 / Show on map" as map state: while `text.show` is on, the engine highlights every
 * feature the reader's clause names — in every layer, turning the layers on — and frames them in
 * the part of the map the panels leave free. The highlight follows the state: it leaves when
 * `show` goes off (Esc), the clause changes or the reader closes, and a layer switched off takes
 * its features out of it. The clause's features come from the plan text's citation index, loaded
 * on first use.
 */
import type { Catalog } from '../catalog/types';
import type { MapEngine } from '../engine/MapEngine';
import type { ClauseOnMap } from '../text/onMap';
import type { FeatureInfo } from '../text/appCitations';
import { isKnownLayer, orderLayers, type MapState, type TextState } from './mapState';
import type { MapStore } from './store.svelte';

export interface TextBinding {
  destroy(): void;
}

const sameClause = (a: TextState | null, b: TextState | null) => a?.doc === b?.doc && a?.para === b?.para;

/** `allow`: features this map may show (the public map: public layers, features not marked non-public). */
export function bindText(store: MapStore, engine: MapEngine, opts: { catalog: Catalog; allow?: (f: FeatureInfo) => boolean }): TextBinding {
  const allow = opts.allow ?? (() => true);
  let generation = 0;
  let shown: ClauseOnMap | null = null;

  const draw = (s: MapState) => {
    const visible = new Set(s.layers);
    engine.setHighlight((shown?.features ?? []).filter((f) => visible.has(f.ref.layer)).map((f) => ({ feature: f.feature, geometry: f.layer.geometry })));
  };

  async function show(s: MapState) {
    const g = ++generation;
    const t = s.text;
    if (!t?.show || !t.para) {
      shown = null;
      draw(s);
      return;
    }
    const [{ loadAppCitations }, { clauseOnMap }] = await Promise.all([import('../text/appCitations'), import('../text/onMap')]);
    const cites = await loadAppCitations(opts.catalog).catch(() => null);
    if (g !== generation) return;
    shown = cites ? clauseOnMap(cites, t.doc, t.para, (f) => allow(f) && isKnownLayer(store.ctx, f.ref.layer)) : null;
    const missing = (shown?.layers ?? []).filter((id) => !store.state.layers.includes(id));
    // the clause's layers are turned on (the highlight is drawn by the layers' own binding first)
    if (missing.length) store.update((x) => ({ ...x, layers: orderLayers([...x.layers, ...missing], store.ctx) }), 'ui');
    draw(store.state);
    if (shown?.features.length) engine.frameFeatures(shown.features.map((f) => f.feature));
  }

  if (store.state.text?.show) void show(store.state);
  const off = store.subscribe((s, prev) => {
    const was = prev.text?.show ? prev.text : null;
    const now = s.text?.show ? s.text : null;
    if (!was && !now) return;
    if (!sameClause(was, now) || !was !== !now) void show(s);
    else if (s.layers !== prev.layers) draw(s);
  });
  return {
    destroy() {
      off();
      generation++;
      engine.setHighlight([]);
    },
  };
}
