/**
 * Compare (issue 18): two sides of the one map state. Side A is the map state itself (its layers,
 * opacity, stop and base map); side B is a second full set — visible layers, opacity, plan period
 * and base map — shown with a swipe (a divider over one view), side by side, or flipped (one map
 * toggling between the two sets: a phone's GPU draws one map at a time). Both sides share the
 * camera, the language, element toggles, the inventory filter and the selection.
 *
 * Pure data and functions. URL keys (a contract): cmp=swipe|split|flip, cp=0.50 (the divider, 0–1
 * of the width — of the height where the divider lies across a tall screen), tb= side B's stop,
 * lb= side B's layers, bb= side B's base map; besides, ob= side B's opacity (layer:value,…) and
 * cf=b when flip shows side B.
 */
import type { BasemapId } from '../engine/basemaps';
import { BASEMAP_IDS } from './viewState';
import { DEFAULT_STOP, isStop, type Stop } from '../time/stops';

export const COMPARE_MODES = ['swipe', 'split', 'flip'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export interface CompareSide {
  layers: string[];
  /** opacity per layer where it differs from the catalog's default */
  opacity: Record<string, number>;
  stop: Stop;
  basemap: BasemapId;
}

export interface CompareState {
  mode: CompareMode;
  /** the divider, 0–1 across the map (swipe) */
  pos: number;
  /** flip mode: side B is the one shown */
  flipped: boolean;
  b: CompareSide;
}

export const DEFAULT_POS = 0.5;

export const isCompareMode = (v: unknown): v is CompareMode => COMPARE_MODES.includes(v as CompareMode);

/** The divider position, clamped to 0–1 and kept to 1/100 (what the URL and the slider hold). */
export const clampPos = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 100) / 100;

/** The side a map draws: its layers, opacity, stop and base map. */
export interface SideSet {
  layers: readonly string[];
  opacity: Readonly<Record<string, number>>;
  stop: Stop;
  basemap: BasemapId;
}

/**
 * Normalises a compare state (or anything) against a layer check: unknown layers, stops, base
 * maps and modes are dropped field by field; `dropped` names what was dropped. Never throws.
 */
export function cleanCompare(
  v: unknown,
  known: (id: string) => boolean,
  fallback: SideSet,
  dropped: string[] = [],
): CompareState | null {
  if (!v || typeof v !== 'object') return null;
  const c = v as Record<string, unknown>;
  if (!isCompareMode(c.mode)) {
    dropped.push(`cmp=${String(c.mode).slice(0, 20)}`);
    return null;
  }
  const b = (c.b && typeof c.b === 'object' ? c.b : {}) as Record<string, unknown>;
  let layers = [...fallback.layers];
  if (Array.isArray(b.layers)) {
    const asked = b.layers.filter((x): x is string => typeof x === 'string').slice(0, 200);
    const ok = asked.filter(known);
    for (const x of asked) if (!ok.includes(x)) dropped.push(`lb: ${x.slice(0, 64)}`);
    // a list naming only unknown layers keeps side A's layers (and says what was unknown)
    if (ok.length || asked.length === 0) layers = [...new Set(ok)];
  }
  const opacity: Record<string, number> = {};
  if (b.opacity && typeof b.opacity === 'object') {
    for (const [id, x] of Object.entries(b.opacity as Record<string, unknown>)) if (known(id) && typeof x === 'number' && x >= 0 && x <= 1) opacity[id] = x;
  }
  let stop: Stop = DEFAULT_STOP;
  if (b.stop !== undefined) {
    if (isStop(b.stop)) stop = b.stop;
    else dropped.push(`tb=${String(b.stop).slice(0, 12)}`);
  }
  let basemap = fallback.basemap;
  if (b.basemap !== undefined) {
    if (BASEMAP_IDS.includes(b.basemap as BasemapId)) basemap = b.basemap as BasemapId;
    else dropped.push(`bb=${String(b.basemap).slice(0, 20)}`);
  }
  const pos = typeof c.pos === 'number' && Number.isFinite(c.pos) ? clampPos(c.pos) : DEFAULT_POS;
  if (c.pos !== undefined && !(typeof c.pos === 'number' && c.pos >= 0 && c.pos <= 1)) dropped.push(`cp=${String(c.pos).slice(0, 12)}`);
  return { mode: c.mode, pos, flipped: c.flipped === true, b: { layers, opacity, stop, basemap } };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameRec = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export function sameCompare(a: CompareState | null, b: CompareState | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.mode === b.mode &&
    a.pos === b.pos &&
    a.flipped === b.flipped &&
    sameList(a.b.layers, b.b.layers) &&
    sameRec(a.b.opacity, b.b.opacity) &&
    a.b.stop === b.b.stop &&
    a.b.basemap === b.b.basemap
  );
}

// ---- URL ------------------------------------------------------------------------------------

const fixed2 = (n: number) => n.toFixed(2);

/** The compare part of a hash (without "&" at either end), or '' when compare is off. */
export function formatCompare(c: CompareState | null): string {
  if (!c) return '';
  const parts = [`cmp=${c.mode}`];
  parts.push(`cp=${fixed2(c.pos)}`);
  parts.push(`tb=${c.b.stop}`, `lb=${c.b.layers.join(',')}`);
  if (c.b.basemap !== 'offline') parts.push(`bb=${c.b.basemap}`);
  const op = Object.entries(c.b.opacity);
  if (op.length) parts.push(`ob=${op.map(([id, v]) => `${id}:${fixed2(v)}`).join(',')}`);
  if (c.mode === 'flip' && c.flipped) parts.push('cf=b');
  return parts.join('&');
}

/** The compare fields of a hash, unchecked (cleanCompare checks them against the catalog). */
export function rawCompare(one: (k: string) => string | undefined, has: (k: string) => boolean): Record<string, unknown> | undefined {
  const mode = one('cmp');
  if (mode === undefined) return undefined;
  const b: Record<string, unknown> = {};
  if (has('lb')) b.layers = (one('lb') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const tb = one('tb');
  if (tb !== undefined) b.stop = /^\d{4}$/.test(tb) ? Number(tb) : tb;
  const bb = one('bb');
  if (bb !== undefined) b.basemap = bb;
  const ob = one('ob');
  if (ob) {
    b.opacity = Object.fromEntries(
      ob.split(',').flatMap((pair) => {
        const [id, v] = pair.split(':');
        const n = Number(v);
        return id && v !== undefined && Number.isFinite(n) ? [[id, n]] : [];
      }),
    );
  }
  const cp = one('cp');
  const pos = cp === undefined ? undefined : cp.trim() !== '' && Number.isFinite(Number(cp)) ? Number(cp) : cp;
  return { mode, ...(pos !== undefined ? { pos } : {}), flipped: one('cf') === 'b', b };
}

// ---- actions ----------------------------------------------------------------------------

/** Compare opens on "today and 2035": side B shows side A's layers at 2035; A moves to 现状 if it shows 2035. */
export function openCompare(a: SideSet, mode: CompareMode): { compare: CompareState; stopA: Stop } {
  return {
    compare: { mode, pos: DEFAULT_POS, flipped: false, b: { layers: [...a.layers], opacity: { ...a.opacity }, stop: DEFAULT_STOP, basemap: a.basemap } },
    stopA: a.stop === DEFAULT_STOP ? 2020 : a.stop,
  };
}

export type PresetId = 'now-2035' | '2025-2035' | 'basemaps' | 'groups';

/**
 * The presets a planner reaches in one click. Each returns side A's stop (and layers, for groups)
 * and side B; `groups` shows one layer group on side A and another on side B (the ground — the
 * counties — on both).
 */
export function preset(
  id: PresetId,
  a: SideSet,
  opts: { groupA?: readonly string[]; groupB?: readonly string[]; ground?: readonly string[]; otherBasemap?: BasemapId } = {},
): { stopA: Stop; layersA?: string[]; b: CompareSide } {
  const same = { layers: [...a.layers], opacity: { ...a.opacity } };
  switch (id) {
    case 'now-2035':
      return { stopA: 2020, b: { ...same, stop: 2035, basemap: a.basemap } };
    case '2025-2035':
      return { stopA: 2025, b: { ...same, stop: 2035, basemap: a.basemap } };
    case 'basemaps':
      return { stopA: a.stop, b: { ...same, stop: a.stop, basemap: opts.otherBasemap ?? (a.basemap === 'offline' ? 'blank' : 'offline') } };
    case 'groups': {
      const ground = [...(opts.ground ?? [])];
      return {
        stopA: a.stop,
        layersA: [...new Set([...ground, ...(opts.groupA ?? [])])],
        b: { layers: [...new Set([...ground, ...(opts.groupB ?? [])])], opacity: {}, stop: a.stop, basemap: a.basemap },
      };
    }
  }
}
