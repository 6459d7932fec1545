/**
 * Scenes and the map state, as pure functions: the state a scene shows, what it names that the
 * map does not have, which layers its legend lists, which data files a deck needs, and a scene
 * captured from the planner's current state. A scene's state is a partial MapState, so a scene
 * is applied with the same normaliser as a URL (unknown layers dropped, the rest still shown).
 */
import {
  EMPTY_INVENTORY_FILTER,
  defaultState,
  isKnownLayer,
  normalizeState,
  orderLayers,
  type Bounds,
  type MapState,
  type StateContext,
  type ViewState,
} from '../state/mapState';
import type { Deck, Scene, SceneState, SceneText } from './types';

export type Lang = 'zh' | 'en';

/** A scene's text in a language, or in the other one when that is all a user gave. */
export function sceneText(t: SceneText | undefined, lang: Lang): string {
  if (!t) return '';
  const own = t[lang].trim();
  return own || t[lang === 'zh' ? 'en' : 'zh'].trim();
}

/** Every layer id a scene names (shown, in its legend, selected, with an opacity or element toggles). */
function namedLayers(scene: Scene): string[] {
  const s = scene.state;
  return [
    ...new Set([
      ...s.layers,
      ...(scene.legend ?? []),
      ...(s.selection ? [s.selection.layer] : []),
      ...Object.keys(s.opacity ?? {}),
      ...Object.keys(s.hidden ?? {}),
      ...(s.compare?.b.layers ?? []),
    ]),
  ];
}

/** Layers a scene names that the map does not have (the scene still plays; the UI names these). */
export function missingLayers(scene: Scene, ctx: StateContext): string[] {
  return namedLayers(scene).filter((id) => !isKnownLayer(ctx, id));
}

/**
 * The map state a scene shows. What the scene gives replaces the current state; what stays is
 * the language and, unless the scene names one, the base map. `view` is the frame to show (the
 * present mode computes it from the scene's bounds and the screen); by default the scene's own.
 * `offlineOnly`: an online base map already failed during this talk — don't try it again.
 */
export function sceneMapState(
  scene: Scene,
  current: MapState,
  ctx: StateContext,
  opts: { view?: ViewState | null; offlineOnly?: boolean } = {},
): MapState {
  const s = scene.state;
  const wantBasemap = s.basemap ?? current.basemap;
  const basemap = opts.offlineOnly && (wantBasemap === 'osm' || wantBasemap === 'tianditu' || wantBasemap === 'custom') ? 'offline' : wantBasemap;
  return normalizeState(
    {
      ...defaultState(ctx),
      view: opts.view === undefined ? { bounds: [...s.view.bounds], bearing: s.view.bearing ?? 0 } : opts.view,
      basemap,
      layers: s.layers,
      opacity: s.opacity ?? {},
      hidden: s.hidden ?? {},
      inventory: { ...EMPTY_INVENTORY_FILTER, ...(s.inventory ?? {}) },
      selection: s.selection ?? null,
      lang: current.lang,
      ...(s.stop ? { stop: s.stop } : {}),
      ...(s.later ? { later: s.later } : {}),
      compare: s.compare
        ? {
            mode: s.compare.mode,
            pos: s.compare.pos,
            flipped: s.compare.flipped ?? false,
            b: { layers: s.compare.b.layers, opacity: s.compare.b.opacity ?? {}, stop: s.compare.b.stop, basemap: opts.offlineOnly && s.compare.b.basemap && s.compare.b.basemap !== 'blank' ? 'offline' : (s.compare.b.basemap ?? basemap) },
          }
        : null,
    },
    ctx,
  );
}

/** The layers the scene's legend lists: its own choice or all it shows, known ones only, in catalog order. */
export function sceneLegendLayers(scene: Scene, ctx: StateContext): string[] {
  return orderLayers((scene.legend ?? scene.state.layers).filter((id) => isKnownLayer(ctx, id)), ctx);
}

/** The data files a whole deck draws (to load before the first scene shows). */
export function deckDataFiles(deck: Deck, dataOf: (layerId: string) => string | undefined): string[] {
  const files = new Set<string>();
  for (const scene of deck.scenes) {
    for (const id of [...scene.state.layers, ...(scene.state.compare?.b.layers ?? [])]) {
      const f = dataOf(id);
      if (f) files.add(f);
    }
  }
  return [...files];
}

/** Clamp a 1-based scene number from a link to the deck (a number past the end shows the last scene). */
export function sceneIndex(deck: Deck, sceneNumber: number | undefined): number {
  const n = Math.floor(sceneNumber ?? 1);
  return Math.max(0, Math.min(deck.scenes.length - 1, Number.isFinite(n) ? n - 1 : 0));
}

/**
 * The current map state as a scene's state: the view (the whole region when the map shows its
 * default frame), layers, opacity, element toggles, inventory filter, selection and base map.
 * The language is not captured: a talk is given in the presenter's language.
 */
export function captureState(state: MapState, regionBounds: Bounds): SceneState {
  const out: SceneState = {
    view: state.view ? { bounds: [...state.view.bounds] as Bounds, bearing: state.view.bearing } : { bounds: [...regionBounds] as Bounds, bearing: 0 },
    layers: [...state.layers],
  };
  if (state.basemap !== 'offline') out.basemap = state.basemap;
  if (Object.keys(state.opacity).length) out.opacity = { ...state.opacity };
  if (Object.keys(state.hidden).length) out.hidden = Object.fromEntries(Object.entries(state.hidden).map(([k, v]) => [k, [...v]]));
  const inv = state.inventory;
  if (inv.classes.length + inv.categories.length + inv.levels.length + inv.cities.length > 0 || inv.query) {
    out.inventory = { classes: [...inv.classes], categories: [...inv.categories], levels: [...inv.levels], cities: [...inv.cities], query: inv.query };
  }
  if (state.selection) out.selection = { ...state.selection };
  if (state.stop !== 2035) out.stop = state.stop;
  if (state.later !== 'hide') out.later = state.later;
  const c = state.compare;
  if (c) {
    out.compare = { mode: c.mode, pos: c.pos, b: { layers: [...c.b.layers], stop: c.b.stop } };
    if (c.flipped) out.compare.flipped = true;
    if (Object.keys(c.b.opacity).length) out.compare.b.opacity = { ...c.b.opacity };
    if (c.b.basemap !== 'offline' && c.b.basemap !== 'custom') out.compare.b.basemap = c.b.basemap;
  }
  return out;
}
