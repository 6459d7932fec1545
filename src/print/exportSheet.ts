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
}

export interface PreparedSheet {
  plan: SheetPlan;
  sheet: Sheet;
  /** the base map the capture used (offline when the online one could not be reached) */
  basemap: BasemapId;
  map: HTMLCanvasElement;
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
  // a linked sheet (…&print=1) opens with the page: the map on screen draws first, undisturbed
  await engine.whenDrawn();
  const features = new Map<string, Feature[]>();
  const [, base] = await Promise.all([
    loadSheetFont(),
    baseData(),
    ...state.layers.map(async (id) => features.set(id, await engine.layerFeatures(id).catch(() => []))),
  ]);
  await phase('layout');
  performance.mark('sheet:plan-start');
  const measure = canvasMeasure();
  let basemap = engine.getBasemap();
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
    });
  let p = plan();
  performance.mark('sheet:plan-done');
  await phase('map');
  const req = {
    width: p.mapCss.width,
    height: p.mapCss.height,
    pixelRatio,
    center: p.frame.center,
    zoom: p.frame.zoom,
    bearing: p.frame.bearing,
    timeoutMs: isOnline(basemap) ? 20_000 : 90_000,
  };
  let map: HTMLCanvasElement;
  try {
    map = await engine.capture(req);
  } catch (e) {
    const reason = (e as { reason?: string }).reason;
    if (!isOnline(basemap) || (reason !== 'basemap-failed' && reason !== 'timeout')) throw e;
    basemap = 'offline';
    p = plan([FALLBACK_NOTE[state.lang]]);
    map = await engine.capture({ ...req, timeoutMs: 90_000 }, { offline: true });
  }
  await phase('compose');
  return { plan: p, sheet: composeSheet(p.input), basemap, map, pixelRatio };
}

/** What prepareSheet is doing: loading data and the font, planning the frame and legend, drawing the map, composing. */
export type SheetPhase = 'data' | 'layout' | 'map' | 'compose';

/** Resolves after the browser has painted a frame (a status set just before is on screen). */
export const nextPaint = () =>
  new Promise<void>((resolve) => {
    // a tab in the background paints no frames: go on after a moment anyway
    const t = setTimeout(resolve, 250);
    requestAnimationFrame(() => setTimeout(() => (clearTimeout(t), resolve()), 0));
  });

/** Draws a prepared sheet on a canvas of `size` px (the PNG's size, or the preview's). */
export function drawSheet(prepared: PreparedSheet, size: { width: number; height: number }): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  renderCanvas(prepared.sheet, canvas, prepared.map);
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
  const [{ renderPdf }, font, jpeg] = await Promise.all([import('./renderPdf'), loadSheetFont(), toBlob(prepared.map, 'image/jpeg', 0.92)]);
  const bytes = await renderPdf(prepared.sheet, {
    font,
    map: { bytes: await jpeg.arrayBuffer(), type: 'jpeg' },
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
