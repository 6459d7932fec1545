/**
 * Off-screen capture of the map for map sheets: a hidden MapLibre map of the requested size and
 * pixel ratio, with the live map's style (base map, planning labels, imported layers and any other
 * MapLibre layers the engine has added), the planning layers built by the same functions as on
 * screen (./planLayers: polygons and lines, their pattern images at the sheet's resolution) and,
 * when markers or arrowheads are shown, its own interleaved deck.gl overlay (loaded only then).
 * The on-screen map is never touched.
 *
 * Traps handled here (GUIDE §7): deck's interleaved layers and `addImage` images are not in
 * `getStyle()`, so they are rebuilt on the hidden map; MapLibre's default maxCanvasSize (4096) silently clamps large
 * sheets, so it is raised and the canvas size is checked; beyond the GPU's limits the capture
 * refuses with a reason the UI can act on (offer 150 dpi); the container is never display:none.
 */
import { Map as MapLibreMap } from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import type { Feature } from 'geojson';
import type { DrawnLayer } from './overlay';
import { syncLabels, labelsInPlace } from './planningLabels';
import { applyLabelDesign, type LabelDesign } from './labels';
import { syncPlanLayers, syncSelection, syncHighlight, beforeIdFor, needsDeck, SELECTION_SOURCE } from './planLayers';
import { withGroups } from './markerGroups';
import { SOURCE_PREFIX } from './planStyle';
import { WATCH_PROTOCOL } from './basemapWatch';
import type { StopView } from '../time/stops';

export type SnapshotFailure = 'too-large' | 'webgl' | 'timeout' | 'basemap-failed';

export class SnapshotError extends Error {
  constructor(
    readonly reason: SnapshotFailure,
    detail = '',
    /** for 'too-large': the largest side (device px) this GPU can draw */
    readonly maxSide?: number,
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
  }
}

export interface SnapshotRequest {
  /** map frame size in CSS px (paper mm / 25.4 × 96) */
  width: number;
  height: number;
  /** device px per CSS px (dpi / 96) */
  pixelRatio: number;
  center: [number, number];
  zoom: number;
  bearing: number;
  /** give up when the map has made no progress (no tile, no frame) for this long */
  timeoutMs?: number;
}

export interface SnapshotSource {
  style: StyleSpecification | string;
  drawn: DrawnLayer[];
  selected: Feature | null;
  /** the plan period drawn (default: every stop's features) */
  stop?: StopView;
  /** a clause's features shown on the map (the sheet shows them as the screen does) */
  highlighted?: readonly { feature: Feature }[];
  /** line widths, arrowheads and markers × this (default 1: paper gets the designed sizes, not a projector's) */
  symbolScale?: number;
  /** source ids that belong to the planning data (their failure is not a base-map failure) */
  ownSources: (id: string) => boolean;
  /** the live map's WebGL context, to read the GPU's limits from */
  gl?: WebGL2RenderingContext | null;
  /** labels as designed: paper gets neither the projector's sizes nor the screen's text size */
  labels?: LabelDesign[];
}

let maxSideCache = 0;

/**
 * The largest drawing buffer side this browser's WebGL2 can make (texture, renderbuffer, viewport).
 * Read from `gl` (the live map's context) when given: creating a context of its own costs seconds
 * under software WebGL, and the preview would sit blank meanwhile. Asked once per page.
 */
export function gpuMaxSide(gl?: WebGL2RenderingContext | null): number {
  if (maxSideCache) return maxSideCache;
  const read = (c: WebGL2RenderingContext) => {
    const dims = c.getParameter(c.MAX_VIEWPORT_DIMS) as Int32Array | null;
    const max = Math.min(c.getParameter(c.MAX_TEXTURE_SIZE) as number, c.getParameter(c.MAX_RENDERBUFFER_SIZE) as number, dims?.[0] ?? 0, dims?.[1] ?? 0);
    return Number.isFinite(max) && max > 0 ? max : 0;
  };
  // a lost context answers null: then make one
  let max = gl && !gl.isContextLost() ? read(gl) : 0;
  if (!max) {
    const own = document.createElement('canvas').getContext('webgl2');
    if (!own) return 0;
    max = read(own);
    own.getExtension('WEBGL_lose_context')?.loseContext();
  }
  maxSideCache = max;
  return max;
}

/**
 * The live map's online tiles go through the engine's watch protocol, whose verdicts switch the
 * on-screen base map: the capture fetches them directly, so its failures touch only the sheet.
 */
export function directTiles(style: StyleSpecification | string): StyleSpecification | string {
  if (typeof style === 'string') return style;
  const prefix = `${WATCH_PROTOCOL}://`;
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, s]) => {
      const tiles = (s as { tiles?: string[] }).tiles;
      return [id, Array.isArray(tiles) ? { ...s, tiles: tiles.map((t) => (t.startsWith(prefix) ? t.slice(prefix.length) : t)) } : s];
    }),
  );
  return { ...style, sources } as StyleSpecification;
}

/** pixel ratio of the frames drawn while a capture's tiles and labels are still arriving */
const DRAFT_RATIO = 0.5;

/** Device px a request needs on each side. */
export const neededSize = (r: Pick<SnapshotRequest, 'width' | 'height' | 'pixelRatio'>) => ({
  width: Math.round(r.width * r.pixelRatio),
  height: Math.round(r.height * r.pixelRatio),
});

/**
 * The live style without the planning layers' sources and style layers (they are built again on
 * the hidden map, with their images); their anchor and the selection's mark stay where they are.
 */
export function withoutPlanLayers(style: StyleSpecification | string): StyleSpecification | string {
  if (typeof style === 'string') return style;
  const ours = (id: string) => id.startsWith(SOURCE_PREFIX) && id !== SELECTION_SOURCE;
  return {
    ...style,
    sources: Object.fromEntries(Object.entries(style.sources).filter(([id]) => !ours(id))),
    layers: style.layers.filter((l) => !('source' in l) || typeof l.source !== 'string' || !ours(l.source)),
  };
}

/**
 * deck.gl's markers and arrowheads on the hidden map, interleaved like on screen (deck.gl is
 * loaded here, only for a sheet that shows some). `drawn()`: a map frame has drawn deck's groups.
 * deck only inserts its groups into a fully loaded style, so `ensureGroups` (on each idle) and
 * every source event ask again until they are there.
 */
async function addDeck(m: MapLibreMap, source: SnapshotSource, zoom: number, fail: (e: Error) => void) {
  const [{ MapLibreOverlay }, { deckLayersFor, deckGroupsInPlace }] = await Promise.all([import('@deck.gl/maplibre'), import('./overlay')]);
  const k = source.symbolScale ?? 1;
  // overlapping markers grouped as at the sheet's own zoom (the selected one never)
  const shown = withGroups(source.drawn, zoom, k, source.selected, source.stop);
  const layers = deckLayersFor(shown, (id) => beforeIdFor(m, shown, id), k, new Set(), source.stop);
  let drawn = false;
  const overlay = new MapLibreOverlay({
    interleaved: true,
    layers: [],
    onError: (err: Error) => fail(err),
    // called after every map frame; it drew our layers if their groups were in the style
    onAfterRender: () => {
      if (deckGroupsInPlace(m, layers)) drawn = true;
    },
  } as never);
  m.addControl(overlay as never);
  overlay.setProps({ layers });
  const ensureGroups = () => {
    if (deckGroupsInPlace(m, layers) || !m.isStyleLoaded()) return;
    overlay.setProps({ layers });
    m.triggerRepaint();
  };
  m.on('sourcedata', ensureGroups);
  m.triggerRepaint();
  return { overlay, ensureGroups, drawn: () => drawn };
}

/**
 * Draws the map once off screen and returns a copy of the pixels (a 2D canvas of exactly
 * width × pixelRatio by height × pixelRatio device px).
 */
export async function captureMap(source: SnapshotSource, req: SnapshotRequest): Promise<HTMLCanvasElement> {
  performance.mark('sheet:capture-start');
  const need = neededSize(req);
  const maxSide = gpuMaxSide(source.gl);
  if (!maxSide) throw new SnapshotError('webgl');
  if (need.width > maxSide || need.height > maxSide) throw new SnapshotError('too-large', `${need.width}×${need.height}`, maxSide);

  const container = document.createElement('div');
  container.setAttribute('aria-hidden', 'true');
  container.dataset.snapshot = 'true';
  // laid out (never display:none, or MapLibre falls back to 400×300), but off screen
  Object.assign(container.style, {
    position: 'fixed',
    left: `${-req.width - 1000}px`,
    top: '0',
    width: `${req.width}px`,
    height: `${req.height}px`,
    pointerEvents: 'none',
    zIndex: '-1',
  });
  document.body.appendChild(container);

  // Software WebGL defers the drawing until the pixels are read, so every frame drawn while
  // tiles load would be paid for at full size (10–13 frames of a 300 dpi sheet: 4–5 s of
  // readPixels). Drafts are drawn small; the sheet's ratio is set once everything is in place.
  const draftRatio = Math.min(req.pixelRatio, DRAFT_RATIO);
  let map: MapLibreMap | undefined;
  let overlay: { setProps: (p: object) => void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    map = new MapLibreMap({
      container,
      style: withoutPlanLayers(directTiles(source.style)),
      center: req.center,
      zoom: req.zoom,
      bearing: req.bearing,
      interactive: false,
      attributionControl: false,
      // tiles arrive one by one and each arrival repaints: those drafts are drawn at a low
      // ratio, and only the finished map at the sheet's ratio (see below)
      pixelRatio: draftRatio,
      maxCanvasSize: [Math.max(4096, need.width + 2), Math.max(4096, need.height + 2)],
      fadeDuration: 0,
      minZoom: 0,
      maxZoom: 22,
      // multisampling only where a pixel is big enough to show a jagged edge (preview, 150 dpi):
      // at 300 dpi a step is 0.08 mm on paper, and 4× samples on a 4-megapixel canvas cost
      // software WebGL much of its time
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: req.pixelRatio < 2 },
    });
    const m = map;
    let baseFailed = '';
    m.on('error', (e: { error?: { message?: string }; sourceId?: string }) => {
      if (e.sourceId && !source.ownSources(e.sourceId)) baseFailed ||= String(e.error?.message ?? 'error');
    });
    const done = new Promise<void>((resolve, reject) => {
      // a stall, not a slow machine, is a failure: the clock restarts with every tile and frame
      const stalled = () => {
        clearTimeout(timer);
        timer = setTimeout(() => reject(new SnapshotError(baseFailed ? 'basemap-failed' : 'timeout', baseFailed)), req.timeoutMs ?? 45_000);
      };
      stalled();
      m.on('data', stalled);
      m.on('render', stalled);
      m.once('load', () => {
        performance.mark('sheet:capture-style-loaded');
        // the planning layers, built here as on screen (their pattern images at the sheet's resolution);
        // the live style already carries the planning labels and the selection; a fallback style gets them here
        syncPlanLayers(m, source.drawn, { symbolScale: source.symbolScale ?? 1, pixelRatio: req.pixelRatio, stop: source.stop });
        if (!labelsInPlace(m, source.drawn)) syncLabels(m, source.drawn, source.stop);
        applyLabelDesign(m, source.labels ?? []);
        if (!m.getSource(SELECTION_SOURCE)) syncSelection(m, source.selected);
        // a clause's features as on screen (at the designed widths)
        syncHighlight(m, source.highlighted ?? [], source.symbolScale ?? 1);
        // A sheet without markers or arrowheads has nothing for deck.gl to draw: no deck then (deck
        // never inserts a group for no layers, so waiting for its frame would wait forever).
        let deck: Awaited<ReturnType<typeof addDeck>> | null = null;
        const withDeck = source.drawn.some((d) => needsDeck(d.layer));
        if (withDeck)
          void addDeck(m, source, req.zoom, reject).then((d) => {
            deck = d;
            overlay = d.overlay;
          }, reject);
        // complete = MapLibre idle (tiles loaded, labels placed), after a frame that drew deck's groups if there are any
        const check = () => {
          deck?.ensureGroups();
          performance.mark('sheet:capture-idle');
          if ((!withDeck || deck?.drawn()) && m.loaded()) resolve();
          else m.once('idle', check);
        };
        m.once('idle', check);
      });
    });
    await done;
    if (draftRatio !== req.pixelRatio) {
      // one frame at the sheet's resolution: same camera, tiles and label placement as the draft
      performance.mark('sheet:capture-draft');
      await new Promise<void>((resolve) => {
        m.once('render', () => m.once('idle', () => resolve()));
        m.setPixelRatio(req.pixelRatio);
        m.triggerRepaint();
      });
    }
    performance.mark('sheet:capture-drawn');
    if (baseFailed) throw new SnapshotError('basemap-failed', baseFailed);
    const gl = m.getCanvas();
    if (gl.width !== need.width || gl.height !== need.height) {
      // MapLibre clamped the canvas (a GPU or memory limit it knows of): refuse rather than print a smaller map
      throw new SnapshotError('too-large', `${gl.width}×${gl.height} instead of ${need.width}×${need.height}`, Math.max(gl.width, gl.height));
    }
    // read the pixels straight from the GL context into a CPU-side canvas (the GPU finishes the
    // frame here: under software WebGL most of a 300 dpi capture's time is spent in this call)
    const glc = gl.getContext('webgl2');
    const copy = document.createElement('canvas');
    copy.width = gl.width;
    copy.height = gl.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    if (!ctx || !glc) throw new SnapshotError('too-large', 'no 2D canvas of that size', maxSide);
    const w = gl.width;
    const h = gl.height;
    const px = new Uint8Array(w * h * 4);
    glc.bindFramebuffer(glc.FRAMEBUFFER, null);
    glc.readPixels(0, 0, w, h, glc.RGBA, glc.UNSIGNED_BYTE, px);
    const img = ctx.createImageData(w, h);
    const row = w * 4;
    // GL rows run bottom-up; the map is opaque, so premultiplied alpha changes nothing
    for (let y = 0; y < h; y++) img.data.set(px.subarray((h - 1 - y) * row, (h - y) * row), y * row);
    ctx.putImageData(img, 0, 0);
    performance.mark('sheet:capture-copied');
    return copy;
  } finally {
    clearTimeout(timer);
    try {
      if (overlay && map) map.removeControl(overlay as never);
    } catch {
      /* the map may already be broken: removing it below frees the context */
    }
    map?.remove();
    container.remove();
    performance.mark('sheet:capture-removed');
  }
}
