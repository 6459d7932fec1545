/**
 * The URL is a contract: a short, versioned hash that restores the view, the base map, the
 * visible layers, the selected feature and the language.
 *
 *   #v=1&m=8.5/37.870/112.550&b=offline&l=counties,core&s=counties/140703&lang=en
 *
 * Parsing never throws: anything malformed or unknown is dropped and the rest still applies.
 * Old versions are migrated forward in `parseHash` (there is only v1 so far). Keys never go
 * into the URL (a Tianditu key stays in the browser's storage).
 */
import type { BasemapId } from '../engine/basemaps';

export const URL_VERSION = 1;

export interface View {
  zoom: number;
  lat: number;
  lon: number;
}

export interface UrlState {
  view?: View;
  basemap?: BasemapId;
  /** undefined = catalog defaults; [] = nothing visible */
  layers?: string[];
  selection?: { layer: string; id: string };
  lang?: 'zh' | 'en';
  mode?: 'public';
}

const BASEMAPS: readonly string[] = ['offline', 'blank', 'osm', 'tianditu', 'custom'];
const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FEATURE_ID_RE = /^[\w.-]{1,80}$/;

function num(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export function parseView(m: string | null): View | undefined {
  if (!m) return undefined;
  const [z, lat, lon] = m.split('/');
  const zoom = num(z, 0, 22);
  const la = num(lat, -85, 85);
  const lo = num(lon, -180, 180);
  return zoom === undefined || la === undefined || lo === undefined ? undefined : { zoom, lat: la, lon: lo };
}

/** Reads a location hash ("#v=1&…" or "v=1&…"). `knownLayers` filters out ids the catalog lacks. */
export function parseHash(hash: string, knownLayers?: ReadonlySet<string>): UrlState {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return {};
  }
  const version = num(params.get('v') ?? undefined, 1, 1000);
  // Future versions we don't know: keep only what has the same meaning (nothing yet differs).
  if (version !== undefined && version > URL_VERSION) {
    /* forward-compatible: fall through with the v1 reading */
  }
  const state: UrlState = {};
  const view = parseView(params.get('m'));
  if (view) state.view = view;
  const b = params.get('b');
  if (b && BASEMAPS.includes(b)) state.basemap = b as BasemapId;
  if (params.has('l')) {
    const ids = (params.get('l') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => ID_RE.test(s) && (!knownLayers || knownLayers.has(s)));
    state.layers = [...new Set(ids)];
  }
  const s = params.get('s');
  if (s) {
    const cut = s.indexOf('/');
    const layer = s.slice(0, cut);
    const id = s.slice(cut + 1);
    if (cut > 0 && ID_RE.test(layer) && FEATURE_ID_RE.test(id) && (!knownLayers || knownLayers.has(layer))) {
      state.selection = { layer, id };
    }
  }
  const lang = params.get('lang');
  if (lang === 'en' || lang === 'zh') state.lang = lang;
  if (params.get('mode') === 'public') state.mode = 'public';
  return state;
}

const fixed = (n: number, d: number) => String(Number(n.toFixed(d)));

/** Writes the hash (without "#"). Precision follows the zoom so links stay short. */
export function formatHash(state: UrlState): string {
  const parts = [`v=${URL_VERSION}`];
  if (state.mode) parts.push(`mode=${state.mode}`);
  if (state.view) {
    const d = Math.max(2, Math.min(6, Math.ceil(state.view.zoom * 0.3) + 1));
    parts.push(`m=${fixed(state.view.zoom, 2)}/${fixed(state.view.lat, d)}/${fixed(state.view.lon, d)}`);
  }
  if (state.basemap) parts.push(`b=${state.basemap}`);
  if (state.layers) parts.push(`l=${state.layers.join(',')}`);
  if (state.selection) parts.push(`s=${state.selection.layer}/${encodeURIComponent(state.selection.id)}`);
  if (state.lang && state.lang !== 'zh') parts.push(`lang=${state.lang}`);
  return parts.join('&');
}
