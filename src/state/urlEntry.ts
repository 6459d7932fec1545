/**
 * The part of the URL codec the first paint needs (the entry chunk): which UI a link opens (the
 * route) and the view and base map the map starts with. The full codec (./url.ts) builds on these
 * same readers, so both read a link alike; this module stays small (no state normalisation).
 */
import { BASEMAP_IDS, cleanView, isValidBounds, type Bounds } from './viewState';
import type { MapState } from './mapState';
import { boundsOfCamera, type Viewport } from './view';

export type Mode = 'planner' | 'public' | 'present';
export const PAPERS = ['a4-landscape', 'a4-portrait', 'a3-landscape', 'a3-portrait'] as const;
export type Paper = (typeof PAPERS)[number];
export const DPIS = [150, 300] as const;
export type Dpi = (typeof DPIS)[number];
/** fixed sheet scales (1:N) besides "fit" */
export const SHEET_SCALES = [250_000, 500_000, 1_000_000, 2_000_000] as const;
export type SheetScaleN = (typeof SHEET_SCALES)[number];

/** Where in the app a link leads, beside the map state. */
export interface Route {
  mode: Mode;
  /** present mode: 1-based scene number */
  scene?: number;
  /** present mode: a user deck's id (absent: the built-in deck) */
  deck?: string;
  /** present mode: seconds per scene for a lobby screen */
  autoplay?: number;
  /** the map sheet preview, with its paper and resolution (and, when not the defaults, the whole region / a fixed 1:N) */
  print?: { paper: Paper; dpi: Dpi; area?: 'region'; scale?: SheetScaleN };
}

/** The screen an old v1 link (centre + zoom) is assumed to have been made on, if the caller gives none. */
export const V1_VIEWPORT: Viewport = { width: 960, height: 800 };

export function num(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export const decode = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/** "a=1&b=2&b=3" → raw (still percent-encoded) values per key, in order. */
export function rawParams(hash: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (!key) continue;
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

/** v1: "zoom/lat/lon" */
function parseCenterZoom(m: string): { center: [number, number]; zoom: number } | undefined {
  const [z, lat, lon] = m.split('/');
  const zoom = num(z, 0, 22);
  const la = num(lat, -85, 85);
  const lo = num(lon, -180, 180);
  return zoom === undefined || la === undefined || lo === undefined ? undefined : { center: [lo, la], zoom };
}

/** v2: "w,s,e,n" */
function parseBounds(m: string): Bounds | undefined {
  const parts = m.split(',').map((x) => num(x, -180, 180));
  return parts.length === 4 && isValidBounds(parts) ? (parts as Bounds) : undefined;
}

/** The view a link gives (`m=` v1 centre/zoom → bounds on the given screen; v2+ bounds, `r=` bearing), unchecked. */
export function rawView(one: (k: string) => string | undefined, viewport: Viewport): unknown {
  const m = one('m');
  if (!m) return undefined;
  if (m.includes('/')) {
    const cz = parseCenterZoom(m);
    return cz ? { bounds: boundsOfCamera(cz.center, cz.zoom, viewport), bearing: 0 } : undefined;
  }
  const b = parseBounds(m);
  return b ? { bounds: b, bearing: num(one('r'), -180, 180) ?? 0 } : undefined;
}

/** A reader of one decoded value per key. */
export function paramReader(p: Map<string, string[]>) {
  return (k: string) => {
    const v = p.get(k)?.[0];
    return v === undefined ? undefined : decode(v);
  };
}

export function parseRoute(one: (k: string) => string | undefined): Route {
  const modeRaw = one('mode');
  const mode: Mode = modeRaw === 'public' || modeRaw === 'present' ? modeRaw : 'planner';
  const route: Route = { mode };
  if (mode === 'present') {
    const scene = num(one('scene'), 1, 10_000);
    if (scene !== undefined && Number.isInteger(scene)) route.scene = scene;
    const deck = one('deck');
    if (deck && /^[\w-]{1,64}$/.test(deck)) route.deck = deck;
    const autoplay = num(one('autoplay'), 2, 3600);
    if (autoplay !== undefined) route.autoplay = autoplay;
  }
  if (one('print') === '1') {
    const paper = one('paper');
    const dpi = num(one('dpi'), 0, 10_000);
    route.print = {
      paper: PAPERS.includes(paper as Paper) ? (paper as Paper) : 'a4-landscape',
      dpi: DPIS.includes(dpi as Dpi) ? (dpi as Dpi) : 150,
    };
    if (one('area') === 'region') route.print.area = 'region';
    const scale = num(one('scale'), 1, 1e9);
    if (SHEET_SCALES.includes(scale as SheetScaleN)) route.print.scale = scale as SheetScaleN;
  }
  return route;
}

/**
 * What the entry chunk needs before the catalog is loaded: the route (which UI to mount), the
 * view and the base map (the first paint starts with them).
 */
export function readEntry(hash: string, viewport: Viewport): { route: Route; view: MapState['view']; basemap: MapState['basemap'] } {
  const one = paramReader(rawParams(hash));
  const b = one('b');
  return {
    route: parseRoute(one),
    view: cleanView(rawView(one, viewport)),
    basemap: BASEMAP_IDS.includes(b as MapState['basemap']) ? (b as MapState['basemap']) : 'offline',
  };
}
