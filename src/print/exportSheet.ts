/**
 * Making a sheet in the browser: load the sheet font (only now, never at start-up), plan the
 * sheet from the map state, ask the engine for an off-screen capture of the map at the sheet's
 * resolution, compose, and render a PNG (exactly paper × dpi pixels) or a PDF. An online base
 * map that cannot be reached is replaced by the offline one (the sheet says so); a size the GPU
 * cannot draw is refused with the largest resolution it can (the preview offers 150 dpi).
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { MapEngine } from '../engine/MapEngine';
import type { Catalog } from '../catalog/types';
import type { MapState, Bounds } from '../state/mapState';
import { isOnline, type BasemapId } from '../engine/basemaps';
import { loadData } from '../engine/dataStore';
import { REGION_BOUNDS } from '../engine/region';
import { planSheet, type SheetOptions, type SheetPlan } from './assemble';
import { composeSheet, sheetTexts, type Sheet } from './compose';
import { canvasMeasure, renderCanvas, SHEET_FONT_FAMILY } from './renderCanvas';
import { pixelSize, CSS_DPI } from './paper';
import { formatScale } from './scale';
import { BASE_LINE_IDS } from './baseLegend';
import type { SheetOrientation, SideCapture } from './comparison';

export const SHEET_FONT_URL = 'fonts/sheet-cjk.ttf';

let fontBytes: Promise<ArrayBuffer> | null = null;

/** Fetches the sheet font once and registers it for canvas text (same glyphs in PNG and PDF). */
export function loadSheetFont(): Promise<ArrayBuffer> {
  fontBytes ??= (async () => {
    const r = await fetch(new URL(SHEET_FONT_URL, document.baseURI).href);
    if (!r.ok) throw new Error(`${SHEET_FONT_URL}: HTTP ${r.status}`);
    const bytes = await r.arrayBuffer();
    const face = new FontFace(SHEET_FONT_FAMILY, bytes.slice(0));
    await face.load();
    document.fonts.add(face);
    return bytes;
  })().catch((e) => {
    fontBytes = null;
    throw e;
  });
  return fontBytes;
}

export interface SheetContext {
  engine: MapEngine;
  catalog: Catalog;
  state: MapState;
  options: SheetOptions;
  sceneTitle?: string;
  shentu: string;
  date?: Date;
  /**
   * A comparison to print (the state's compare is swipe or split): side B's map engine (it draws
   * side B's set), each side in a few words, and where the screen's divider runs.
   */
  compare?: SheetCompareContext;
}

export interface SheetCompareContext {
  engine: MapEngine;
  labels: { a: string; b: string };
  orientation: SheetOrientation;
  /** the lon/lat the on-screen divider runs through (the swipe's rule is drawn there on paper) */
  divider?: [number, number];
}

export interface PreparedSheet {
  plan: SheetPlan;
  sheet: Sheet;
  /** the base map the capture used (offline when the online one could not be reached) */
  basemap: BasemapId;
  map: HTMLCanvasElement;
  /** side B's map in a side-by-side comparison (a swipe's two parts are put together in `map`) */
  mapB?: HTMLCanvasElement;
  /** device px per CSS px of the capture */
  pixelRatio: number;
}

const REGION: Bounds = [REGION_BOUNDS[0][0], REGION_BOUNDS[0][1], REGION_BOUNDS[1][0], REGION_BOUNDS[1][1]];

/** The base map's own data: the locator map's shapes, and what the base map's legend rows test against the frame. */
async function baseData() {
  const get = (p: string) => loadData(p).catch((): FeatureCollection | undefined => undefined);
  const [shanxi, cities, region, counties, rivers] = await Promise.all(
    ['shanxi', 'cities', 'region', 'counties', 'rivers'].map((n) => get(`data/base/${n}.geojson`)),
  );
  return { shanxi, cities, region, counties, rivers };
}

const FALLBACK_NOTE = { zh: '在线底图无法访问，本图改用离线底图。', en: 'The online base map could not be reached; the offline base map is used.' };

/**
 * Plans the sheet and captures its map at `pixelRatio` (dpi / 96 for the output; a lower one
 * for the on-screen preview: same layout, same label placement, fewer pixels).
 */
export async function prepareSheet(ctx: SheetContext, pixelRatio: number, onPhase: (phase: SheetPhase) => void = () => undefined): Promise<PreparedSheet> {
  // each phase is announced after a frame has been painted, so the preview shows it at once
  const phase = async (p: SheetPhase) => {
    onPhase(p);
    await nextPaint();
  };
  await phase('data');
  const { engine, catalog, state } = ctx;
  // a comparison prints when side B has its own map (swipe, side by side); flip prints the map as shown
  const c = state.compare && state.compare.mode !== 'flip' && ctx.compare ? { ...ctx.compare, state: state.compare } : null;
  const engineB = c?.engine;
  const stateB: MapState | null = c ? { ...state, layers: [...c.state.b.layers], opacity: { ...state.opacity, ...c.state.b.opacity }, stop: c.state.b.stop } : null;
  // a linked sheet (…&print=1) opens with the page: the map on screen draws first, undisturbed
  await Promise.all([engine.whenDrawn(), engineB?.whenDrawn()]);
  const features = new Map<string, Feature[]>();
  const featuresB = new Map<string, Feature[]>();
  const [, base] = await Promise.all([
    loadSheetFont(),
    baseData(),
    ...state.layers.map(async (id) => features.set(id, await engine.layerFeatures(id).catch(() => []))),
    ...(stateB && engineB ? stateB.layers.map(async (id) => featuresB.set(id, await engineB.layerFeatures(id).catch(() => []))) : []),
  ]);
  await phase('layout');
  performance.mark('sheet:plan-start');
  const measure = canvasMeasure();
  let basemap = engine.getBasemap();
  let basemapB = engineB?.getBasemap() ?? basemap;
  const plan = (notes?: string[]) =>
    planSheet({
      catalog,
      state,
      options: ctx.options,
      features: (id) => features.get(id) ?? [],
      extraLayers: engine.userLayerList(),
      sketches: engine.sketchFeatures(),
      baseStyle: engine.sheetLines(BASE_LINE_IDS, { offline: basemap !== engine.getBasemap() }),
      baseData: base,
      region: REGION,
      locator: base,
      basemap,
      shentu: ctx.shentu,
      date: ctx.date ?? new Date(),
      measure,
      sceneTitle: ctx.sceneTitle,
      notes,
      compare:
        c && stateB && engineB
          ? {
              mode: c.state.mode as 'swipe' | 'split',
              orientation: c.orientation,
              pos: c.state.pos,
              divider: c.divider,
              labels: c.labels,
              b: {
                state: stateB,
                features: (id) => featuresB.get(id) ?? [],
                extraLayers: engineB.userLayerList(),
                basemap: basemapB,
                baseStyle: engineB.sheetLines(BASE_LINE_IDS, { offline: basemapB !== engineB.getBasemap() }),
              },
            }
          : undefined,
    });
  let p = plan();
  performance.mark('sheet:plan-done');
  await phase('map');
  const notes: string[] = [];
  /** one side's capture; an online base map that cannot be reached is replaced by the offline one */
  const captureSide = async (e: MapEngine, cap: SideCapture, side: 'a' | 'b'): Promise<HTMLCanvasElement> => {
    const bm = side === 'a' ? basemap : basemapB;
    const req = { width: cap.width, height: cap.height, pixelRatio, center: cap.center, zoom: cap.zoom, bearing: cap.bearing, timeoutMs: isOnline(bm) ? 20_000 : 90_000 };
    try {
      return await e.capture(req);
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      if (!isOnline(bm) || (reason !== 'basemap-failed' && reason !== 'timeout')) throw err;
      if (side === 'a') basemap = 'offline';
      else basemapB = 'offline';
      if (!notes.length) notes.push(FALLBACK_NOTE[state.lang]);
      return e.capture({ ...req, timeoutMs: 90_000 }, { offline: true });
    }
  };
  // one capture after the other: two hidden maps at a time would double the GPU memory a sheet needs
  const capA = p.captures.a ? await captureSide(engine, p.captures.a, 'a') : null;
  const capB = engineB && p.captures.b ? await captureSide(engineB, p.captures.b, 'b') : null;
  if (notes.length) p = plan(notes);
  let map: HTMLCanvasElement;
  let mapB: HTMLCanvasElement | undefined;
  if (c?.state.mode === 'split') {
    map = capA!;
    mapB = capB ?? undefined;
  } else if (c) {
    map = joinParts(p.mapCss, pixelRatio, [
      [capA, p.captures.a],
      [capB, p.captures.b],
    ]);
  } else map = capA!;
  await phase('compose');
  return { plan: p, sheet: composeSheet(p.input), basemap, map, mapB, pixelRatio };
}

/** A swipe's two captures put together into one frame, each at its place. */
function joinParts(frame: { width: number; height: number }, ratio: number, parts: [HTMLCanvasElement | null, SideCapture | null][]): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = Math.round(frame.width * ratio);
  out.height = Math.round(frame.height * ratio);
  const ctx = out.getContext('2d')!;
  for (const [img, at] of parts) if (img && at) ctx.drawImage(img, Math.round(at.x * ratio), Math.round(at.y * ratio));
  return out;
}

/** What prepareSheet is doing: loading data and the font, planning the frame and legend, drawing the map, composing. */
export type SheetPhase = 'data' | 'layout' | 'map' | 'compose';

/**
 * Resolves after the browser has painted a frame (a status set just before is on screen). A tab in
 * the background paints no frames: there it resolves at once (or as soon as the tab is hidden). No
 * deadline otherwise: a frame under software WebGL on a busy machine can take longer than any fixed
 * wait, and the work must not start before the status is on screen.
 */
export const nextPaint = () =>
  new Promise<void>((resolve) => {
    if (document.visibilityState === 'hidden') return void setTimeout(resolve, 0);
    const done = () => {
      document.removeEventListener('visibilitychange', hidden);
      resolve();
    };
    const hidden = () => {
      if (document.visibilityState === 'hidden') done();
    };
    document.addEventListener('visibilitychange', hidden);
    requestAnimationFrame(() => setTimeout(done, 0));
  });

/** Draws a prepared sheet on a canvas of `size` px (the PNG's size, or the preview's). */
export function drawSheet(prepared: PreparedSheet, size: { width: number; height: number }): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  renderCanvas(prepared.sheet, canvas, prepared.map, prepared.mapB ?? null);
  return canvas;
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(`the browser could not encode a ${canvas.width}×${canvas.height} ${type}`))), type, quality),
  );
}

/** The PNG: exactly the paper's size at the sheet's dpi. */
export async function sheetPng(prepared: PreparedSheet, ctx: SheetContext): Promise<Blob> {
  return toBlob(drawSheet(prepared, pixelSize(ctx.options.paper, ctx.options.dpi)), 'image/png');
}

/** The PDF: vector frame, legend and text in the embedded font; the map as a JPEG at the sheet's dpi. */
export async function sheetPdf(prepared: PreparedSheet, ctx: SheetContext): Promise<Blob> {
  const [{ renderPdf }, font, jpeg, jpegB] = await Promise.all([
    import('./renderPdf'),
    loadSheetFont(),
    toBlob(prepared.map, 'image/jpeg', 0.92),
    prepared.mapB ? toBlob(prepared.mapB, 'image/jpeg', 0.92) : null,
  ]);
  const bytes = await renderPdf(prepared.sheet, {
    font,
    map: { bytes: await jpeg.arrayBuffer(), type: 'jpeg' },
    mapB: jpegB ? { bytes: await jpegB.arrayBuffer(), type: 'jpeg' } : null,
    title: prepared.plan.input.title,
    subject: `${formatScale(prepared.plan.frame.scale)} · ${ctx.options.paper} · ${ctx.options.dpi} dpi`,
    date: ctx.date,
  });
  return new Blob([bytes as BlobPart], { type: 'application/pdf' });
}

/** Characters of the sheet's text the embedded font has no glyph for (they would print as boxes). */
export async function missingGlyphs(sheet: Sheet): Promise<string[]> {
  const font = await loadSheetFont();
  const fontkit = await import('fontkit');
  const f = fontkit.create(new Uint8Array(font)) as { hasGlyphForCodePoint(cp: number): boolean };
  const chars = new Set([...sheetTexts(sheet).join('')].filter((c) => c.trim()));
  return [...chars].filter((c) => !f.hasGlyphForCodePoint(c.codePointAt(0)!));
}

export const outputRatio = (dpi: number) => dpi / CSS_DPI;

/** A file name: 图名_A4横_300dpi.pdf */
export function sheetFileName(title: string, paper: string, dpi: number, ext: 'pdf' | 'png'): string {
  const safe = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').trim().slice(0, 40) || 'map';
  return `${safe}_${paper}_${dpi}dpi.${ext}`;
}
