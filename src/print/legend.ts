/**
 * The sheet's legend: the visible layers' catalog entries, keeping only the entries whose
 * features are inside the map frame (a legend of everything would lie about the sheet).
 * For layers drawn by class, an entry stands for the features of its class.
 */
import { bbox as turfBbox, booleanIntersects, polygon } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import type { Layer, LegendEntry } from '../catalog/types';
import { classOf } from '../symbology/symbols';

export interface LegendGroup {
  layer: Layer;
  entries: LegendEntry[];
}

/**
 * Which features a legend entry stands for: the features of its class (`style.classes.key` has
 * the entry's `value`), or all of them for an entry without a class — the rule the on-screen
 * legend follows (ui/legendPresence.ts), applied to the features inside the frame.
 */
export function entryMatcher(layer: Layer, entry: LegendEntry): (f: Feature) => boolean {
  if (entry.value === undefined || !layer.style.classes) return () => true;
  return (f) => classOf(layer.style, f.properties) === entry.value;
}

type Box = [number, number, number, number];
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** A predicate: does a feature show inside the frame (a lon/lat ring)? bbox first, then the geometry. */
export function inFrame(outline: [number, number][]): (f: Feature) => boolean {
  const frame: Feature<Polygon> = polygon([outline]);
  const fb = turfBbox(frame) as Box;
  return (f) => {
    if (!f.geometry) return false;
    const b = turfBbox(f) as Box;
    if (!b.every(Number.isFinite) || !boxesMeet(b, fb)) return false;
    try {
      return booleanIntersects(f, frame);
    } catch {
      return true; // an odd geometry turf cannot test: its bbox meets the frame
    }
  };
}

/**
 * Legend groups for the visible layers (in the order given) with only the entries that have a
 * feature in the frame. `features` is what the map draws for each layer (filters applied).
 */
export function legendInFrame(layers: Layer[], features: (layerId: string) => Feature[], inside: (f: Feature) => boolean): LegendGroup[] {
  const out: LegendGroup[] = [];
  for (const layer of layers) {
    const shown = features(layer.id).filter(inside);
    if (!shown.length) continue;
    const entries = layer.legend.filter((e) => shown.some(entryMatcher(layer, e)));
    if (entries.length) out.push({ layer, entries });
  }
  return out;
}
