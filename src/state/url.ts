/**
 * The URL is a contract: a short, versioned hash holding the map state plus the route (which
 * mode, which scene, which print setup). Old links keep working: v1 hashes are migrated forward.
 *
 *   #v=2&m=111.9,37.1,113.4,38.3&b=blank&l=counties,plan-core&s=counties/140703&lang=en
 *   #v=2&mode=present&scene=3            (scene 3 of the built-in deck; &deck=<id> for a user deck)
 *   #v=2&print=1&paper=a4-landscape&dpi=300   (&area=region, &scale=500000: whole region, fixed 1:N)
 *
 * Fields: m = view bounds w,s,e,n (r = bearing when not 0); b = base map; l = visible layers;
 * o = opacity (layer:value,…); c = colours of user layers (layer:rrggbb,…); h = plan elements switched off (layer:id~id, repeated per layer);
 * ic/ik/il/iy/iq = inventory filter (categories, classes, levels, cities, text; items joined by ~);
 * s = selection layer/id; lang = en (zh is the default); k=0 = sketches hidden, kh = sketches hidden
 * one by one (id~id); q = the "what applies here" report: q=LON,LAT for a point, q=layer/id for a
 * polygon feature (q=sketches/<id> for a sketch), qs=b when it was asked on compare's side B; t = the plan period (2020 = 现状, 2025; 2035, the whole
 * plan, is the default and not written); tl=planned = features due later drawn as planned (not hidden);
 * cmp=swipe|split|flip, cp, tb, lb, bb (+ ob, cf) = compare and its side B (./compare.ts);
 * doc = the plan-text reader's document, para = its
 * clause (paragraph or heading id), show=1 = the clause's features highlighted on the map, hl =
 * the quote highlighted in the clause (start-end of its display text):
 *   #v=2&…&doc=plan-2022&para=ch3-p1&show=1
 *
 * Parsing never throws: anything malformed or unknown is dropped, the rest still applies, and
 * what was dropped is reported so the UI can say so. Keys never go into the URL (a Tianditu key
 * stays in the browser's storage). No zod here. The first paint needs only ./urlEntry.ts (route, view,
 * base map), whose readers this codec shares.
 */
import {
  STATE_VERSION,
  normalizeState,
  defaultState,
  type Bounds,
  type MapState,
  type StateContext,
  type ReportTarget,
  LAYER_ID_RE,
  isValidLonLat,
} from './mapState';
import type { Viewport } from './view';
import { DEFAULT_STOP } from '../time/stops';
import { cleanCompare, formatCompare, rawCompare } from './compare';
import { PAPERS, DPIS, SHEET_SCALES, V1_VIEWPORT, num, decode, rawParams, rawView, paramReader, parseRoute, type Route } from './urlEntry';

export { PAPERS, DPIS, SHEET_SCALES, V1_VIEWPORT, readEntry } from './urlEntry';
export type { Mode, Paper, Dpi, SheetScaleN, Route } from './urlEntry';

export interface ParsedHash {
  route: Route;
  /** the state as far as the link gives it; fields it does not give are absent */
  state: Partial<MapState>;
  /** the link's version (1 for old links without bounds) */
  version: number;
  /** layer ids the link named that are not known (the UI says so) */
  unknownLayers: string[];
  /** compare fields the link gave that were dropped (unknown side-B layers, stops, base maps, modes) */
  compareDropped: string[];
}

const ITEM = '~';

const encodeItem = (s: string) => encodeURIComponent(s).replace(/~/g, '%7E');
const items = (raw: string | undefined): string[] =>
  raw === undefined || raw === '' ? [] : raw.split(ITEM).map(decode).filter((s): s is string => s !== undefined);

/**
 * Reads a location hash ("#v=2&…" or "v=2&…") against the known layers. `viewport` is the map's
 * size, used to migrate v1 links (centre + zoom) to bounds that show the same area on that screen.
 */
export function parseHash(hash: string, ctx: StateContext, viewport: Viewport = V1_VIEWPORT): ParsedHash {
  const p = rawParams(hash);
  const one = paramReader(p);
  const version = num(one('v'), 1, 1000) ?? 1;
  const raw: Record<string, unknown> = {};
  const unknownLayers: string[] = [];

  const view = rawView(one, viewport);
  if (view) raw.view = view;
  const b = one('b');
  if (b) raw.basemap = b;
  if (p.has('l')) {
    const ids = (one('l') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const known = ids.filter((id) => LAYER_ID_RE.test(id) && (ctx.layerIds.includes(id) || ctx.isExtraLayer?.(id)));
    unknownLayers.push(...ids.filter((id) => !known.includes(id)).map((id) => id.slice(0, 64)));
    // a list that names only unknown layers keeps the defaults (and the UI says what was unknown)
    if (known.length > 0 || ids.length === 0) raw.layers = known;
  }
  const o = one('o');
  if (o) {
    raw.opacity = Object.fromEntries(
      o.split(',').flatMap((pair) => {
        const [id, v] = pair.split(':');
        const n = num(v, 0, 1);
        return id && n !== undefined ? [[id, n]] : [];
      }),
    );
  }
  const c = one('c');
  if (c) {
    raw.colors = Object.fromEntries(
      c.split(',').flatMap((pair) => {
        const [id, v] = pair.split(':');
        return id && v && /^[0-9a-fA-F]{6}$/.test(v) ? [[id, `#${v}`]] : [];
      }),
    );
  }
  const hidden: Record<string, string[]> = {};
  for (const h of p.get('h') ?? []) {
    const cut = h.indexOf(':');
    if (cut <= 0) continue;
    const id = decode(h.slice(0, cut));
    if (id) hidden[id] = items(h.slice(cut + 1));
  }
  if (Object.keys(hidden).length) raw.hidden = hidden;
  const inv = { categories: 'ic', classes: 'ik', levels: 'il', cities: 'iy' } as const;
  const inventory: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(inv)) if (p.has(key)) inventory[field] = items(p.get(key)![0]);
  if (p.has('iq')) inventory.query = one('iq') ?? '';
  if (Object.keys(inventory).length) raw.inventory = inventory;
  const s = one('s');
  if (s) {
    const cut = s.indexOf('/');
    if (cut > 0) raw.selection = { layer: s.slice(0, cut), id: s.slice(cut + 1) };
  }
  const lang = one('lang');
  if (lang) raw.lang = lang;
  if (p.has('k') || p.has('kh')) raw.sketches = { show: one('k') !== '0', hidden: items(p.get('kh')?.[0]) };
  const report = parseReport(one('q') ?? '');
  if (report) raw.report = one('qs') === 'b' ? { ...report, side: 'b' } : report;
  const t = num(one('t'), 1900, 2100);
  if (t !== undefined) raw.stop = t;
  const tl = one('tl');
  if (tl) raw.later = tl;
  const cmp = rawCompare(one, (k) => p.has(k));
  if (cmp) raw.compare = cmp;
  const doc = one('doc');
  if (doc) {
    const hl = /^(\d{1,6})-(\d{1,6})$/.exec(one('hl') ?? '');
    raw.text = { doc, para: one('para') ?? null, show: one('show') === '1', hl: hl ? [Number(hl[1]), Number(hl[2])] : null };
  }

  // normalise field by field, then keep only the fields the link gave
  const full = normalizeState(raw, ctx);
  const state: Partial<MapState> = {};
  for (const k of Object.keys(raw) as (keyof MapState)[]) (state as Record<string, unknown>)[k] = full[k];
  if (raw.view && !full.view) delete state.view;
  if (raw.selection && !full.selection) delete state.selection;
  if (raw.basemap && full.basemap !== raw.basemap) delete state.basemap;
  if (raw.lang && full.lang !== raw.lang) delete state.lang;
  if (raw.report && !full.report) delete state.report;
  if (raw.stop !== undefined && full.stop !== raw.stop) delete state.stop;
  // what of compare was dropped, named for the UI (normalizeState keeps what it can)
  const compareDropped: string[] = [];
  if (raw.compare) {
    const known = (id: string) => LAYER_ID_RE.test(id) && (ctx.layerIds.includes(id) || Boolean(ctx.isExtraLayer?.(id)));
    cleanCompare(raw.compare, known, { layers: full.layers, opacity: full.opacity, stop: full.stop, basemap: full.basemap }, compareDropped);
    if (!full.compare) delete state.compare;
  }
  if (raw.later !== undefined && full.later !== raw.later) delete state.later;
  if (raw.text && !full.text) delete state.text;

  return { route: parseRoute(one), state, version, unknownLayers, compareDropped };
}

/** "112.32583,37.61748" → a point; "sketches/sk-1" → a feature; anything else → undefined. */
function parseReport(q: string): ReportTarget | undefined {
  if (!q) return undefined;
  const cut = q.indexOf('/');
  if (cut > 0) return { kind: 'feature', layer: q.slice(0, cut), id: q.slice(cut + 1) };
  const at = q.split(',').map((x) => num(x, -180, 180));
  return at.length === 2 && isValidLonLat(at) ? { kind: 'point', at } : undefined;
}

/** The full state a link gives, with defaults for what it leaves out. */
export function stateFromHash(parsed: ParsedHash, ctx: StateContext): MapState {
  return normalizeState({ ...defaultState(ctx), ...parsed.state }, ctx);
}

const fixed = (n: number, d: number) => String(Number(n.toFixed(d)));

/** Decimals that keep a bounds edge to about 1/2000 of the frame (short links, exact enough). */
function boundsDigits(b: Bounds): number {
  const span = Math.min(b[2] - b[0], b[3] - b[1]);
  return Math.max(2, Math.min(7, Math.ceil(-Math.log10(span / 2000))));
}

/**
 * Writes the hash (without "#"). Only what differs from the defaults is written, except the
 * layer list, which is always written so a link keeps its layers if the catalog's defaults change.
 */
export function formatHash(state: MapState, route: Route = { mode: 'planner' }, ctx?: StateContext): string {
  const parts = [`v=${STATE_VERSION}`];
  if (route.mode !== 'planner') parts.push(`mode=${route.mode}`);
  if (route.mode === 'present') {
    if (route.deck) parts.push(`deck=${route.deck}`);
    if (route.scene) parts.push(`scene=${route.scene}`);
    if (route.autoplay) parts.push(`autoplay=${route.autoplay}`);
  }
  if (route.print) {
    parts.push('print=1', `paper=${route.print.paper}`, `dpi=${route.print.dpi}`);
    if (route.print.area === 'region') parts.push('area=region');
    if (route.print.scale) parts.push(`scale=${route.print.scale}`);
  }
  if (state.view) {
    const d = boundsDigits(state.view.bounds);
    parts.push(`m=${state.view.bounds.map((x) => fixed(x, d)).join(',')}`);
    if (state.view.bearing) parts.push(`r=${fixed(state.view.bearing, 1)}`);
  }
  if (state.basemap !== 'offline') parts.push(`b=${state.basemap}`);
  const defaults = ctx?.defaultLayers;
  const isDefault = defaults && defaults.length === state.layers.length && defaults.every((id, i) => state.layers[i] === id);
  if (!(route.mode === 'public' && isDefault)) parts.push(`l=${state.layers.join(',')}`);
  const op = Object.entries(state.opacity);
  if (op.length) parts.push(`o=${op.map(([id, v]) => `${id}:${fixed(v, 2)}`).join(',')}`);
  const cols = Object.entries(state.colors ?? {});
  if (cols.length) parts.push(`c=${cols.map(([id, v]) => `${id}:${v.slice(1)}`).join(',')}`);
  for (const [id, ids] of Object.entries(state.hidden)) if (ids.length) parts.push(`h=${id}:${ids.map(encodeItem).join(ITEM)}`);
  const inv = state.inventory;
  if (inv.categories.length) parts.push(`ic=${inv.categories.map(encodeItem).join(ITEM)}`);
  if (inv.classes.length) parts.push(`ik=${inv.classes.map(encodeItem).join(ITEM)}`);
  if (inv.levels.length) parts.push(`il=${inv.levels.map(encodeItem).join(ITEM)}`);
  if (inv.cities.length) parts.push(`iy=${inv.cities.map(encodeItem).join(ITEM)}`);
  if (inv.query) parts.push(`iq=${encodeURIComponent(inv.query)}`);
  if (state.selection) parts.push(`s=${state.selection.layer}/${encodeURIComponent(state.selection.id)}`);
  if (state.lang !== 'zh') parts.push(`lang=${state.lang}`);
  if (!state.sketches.show) parts.push('k=0');
  if (state.sketches.hidden.length) parts.push(`kh=${state.sketches.hidden.map(encodeItem).join(ITEM)}`);
  const r = state.report;
  if (r?.kind === 'point') parts.push(`q=${fixed(r.at[0], 5)},${fixed(r.at[1], 5)}`);
  else if (r?.kind === 'feature') parts.push(`q=${r.layer}/${encodeURIComponent(r.id)}`);
  if (r?.side === 'b') parts.push('qs=b');
  if (state.stop !== DEFAULT_STOP) parts.push(`t=${state.stop}`);
  if (state.later === 'planned') parts.push('tl=planned');
  const cmp = formatCompare(state.compare);
  if (cmp) parts.push(cmp);
  const tx = state.text;
  if (tx) {
    parts.push(`doc=${tx.doc}`);
    if (tx.para) parts.push(`para=${tx.para}`);
    if (tx.show) parts.push('show=1');
    if (tx.hl) parts.push(`hl=${tx.hl[0]}-${tx.hl[1]}`);
  }
  return parts.join('&');
}

