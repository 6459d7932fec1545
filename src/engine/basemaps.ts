/**
 * Base maps. The offline style is the default and needs nothing but the app's own files; the
 * others are options whose failure the engine detects and answers by falling back to offline.
 * Every style carries an invisible `overlay-anchor` layer: planning overlays are inserted just
 * below it, so they sit under the base map's labels whatever base map is shown.
 */
import type { StyleSpecification, LayerSpecification } from 'maplibre-gl';
import offlineStyle from '../../styles/offline.json';
import blankStyle from '../../styles/blank.json';

export const OVERLAY_ANCHOR = 'overlay-anchor';
export type BasemapId = 'offline' | 'blank' | 'osm' | 'tianditu' | 'custom';
export const BASEMAP_IDS: readonly BasemapId[] = ['offline', 'blank', 'osm', 'tianditu', 'custom'];
export const isOnline = (id: BasemapId) => id === 'osm' || id === 'tianditu' || id === 'custom';

const anchorLayer: LayerSpecification = {
  id: OVERLAY_ANCHOR,
  type: 'background',
  layout: { visibility: 'none' },
  paint: { 'background-color': '#000000' },
};

/** Resolves the style's relative GeoJSON paths against the page, so the worker can fetch them. */
function withAbsoluteData(style: StyleSpecification, base: string): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, s]) =>
      s.type === 'geojson' && typeof s.data === 'string' ? [id, { ...s, data: new URL(s.data, base).href }] : [id, s],
    ),
  );
  return { ...style, sources };
}

/** Our region outline on top of raster base maps, so the study area stays legible. */
function regionOutline(base: string): { sources: StyleSpecification['sources']; layers: LayerSpecification[] } {
  return {
    sources: { region: { type: 'geojson', data: new URL('data/base/region.geojson', base).href } },
    layers: [{ id: 'region-line', type: 'line', source: 'region', paint: { 'line-color': '#c0392b', 'line-width': 2 } }],
  };
}

function rasterStyle(name: string, rasters: { id: string; tiles: string[]; attribution: string }[], base: string, anchorAfter = 1): StyleSpecification {
  const outline = regionOutline(base);
  const rasterLayers: LayerSpecification[] = rasters.map((r) => ({ id: r.id, type: 'raster', source: r.id }));
  return {
    version: 8,
    name,
    sources: {
      ...Object.fromEntries(rasters.map((r) => [r.id, { type: 'raster', tiles: r.tiles, tileSize: 256, attribution: r.attribution, maxzoom: 18 }])),
      ...outline.sources,
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eceae4' } },
      ...rasterLayers.slice(0, anchorAfter),
      ...outline.layers,
      anchorLayer,
      ...rasterLayers.slice(anchorAfter),
    ],
  };
}

export interface BasemapOptions {
  /** page URL the app's own files are resolved against */
  base: string;
  tiandituKey?: string;
  customUrl?: string;
}

/** Thrown for a base map that can't even be attempted (no key, a bad URL): the UI shows the message. */
export class BasemapConfigError extends Error {}

const TIANDITU_KEY_RE = /^[0-9a-f]{32}$/i;

export function checkTiandituKey(key: string | undefined): string {
  const k = (key ?? '').trim();
  if (!TIANDITU_KEY_RE.test(k)) throw new BasemapConfigError('tianditu-key');
  return k;
}

/** Accepts only absolute http(s) URLs — no javascript:, data: or relative paths. */
export function checkStyleUrl(url: string | undefined): string {
  const raw = (url ?? '').trim();
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new BasemapConfigError('style-url');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new BasemapConfigError('style-url');
  return u.href;
}

function tiandituTiles(layer: 'vec' | 'cva', key: string): string[] {
  return [0, 1, 2, 3, 4, 5, 6, 7].map(
    (n) =>
      `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
  );
}

/** A style object (or, for a custom style, its URL) for a base map. */
export function basemapStyle(id: BasemapId, opts: BasemapOptions): StyleSpecification | string {
  switch (id) {
    case 'offline':
      return withAbsoluteData(offlineStyle as unknown as StyleSpecification, opts.base);
    case 'blank':
      return withAbsoluteData(blankStyle as unknown as StyleSpecification, opts.base);
    case 'osm':
      return rasterStyle('OpenStreetMap', [{ id: 'osm', tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'], attribution: '© OpenStreetMap contributors' }], opts.base);
    case 'tianditu': {
      const key = checkTiandituKey(opts.tiandituKey);
      return rasterStyle('天地图', [
        { id: 'tdt-vec', tiles: tiandituTiles('vec', key), attribution: '© 天地图 Tianditu (国家地理信息公共服务平台)' },
        { id: 'tdt-cva', tiles: tiandituTiles('cva', key), attribution: '' },
      ], opts.base);
    }
    case 'custom':
      return checkStyleUrl(opts.customUrl);
  }
}

/** For a custom style: put the overlay anchor just below its first symbol (label) layer. */
export function insertAnchor(style: StyleSpecification): StyleSpecification {
  if (style.layers.some((l) => l.id === OVERLAY_ANCHOR)) return style;
  const firstSymbol = style.layers.findIndex((l) => l.type === 'symbol');
  const at = firstSymbol < 0 ? style.layers.length : firstSymbol;
  return { ...style, layers: [...style.layers.slice(0, at), anchorLayer, ...style.layers.slice(at)] };
}

/** Source ids that belong to the base map (not to our overlays) — their errors mean "base map failed". */
export function basemapSourceIds(style: StyleSpecification): string[] {
  return Object.keys(style.sources ?? {});
}
