/**
 * The sheet's legend: the visible layers' catalog entries, keeping only the entries whose
 * features are inside the map frame (a legend of everything would lie about the sheet).
 * For layers drawn by class, an entry stands for the features of its class.
 */
import { area, bbox as turfBbox, bboxClip, booleanIntersects, length, polygon } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import type { Layer, LegendEntry } from '../catalog/types';
import { classOf } from '../symbology/symbols';

export interface LegendGroup {
  layer: Layer;
  entries: LegendEntry[];
  /** how prominent each entry's features are in the frame (see `prominence`), in the order of `entries` */
  weights?: number[];
}

/**
 * How much of the frame an entry's features take: for areas their share of the frame's area,
 * for lines a tenth of their length as a share of the frame's diagonal, for points a token
 * amount per point (a point layer is never "drawn large").
 * Measured on the frame's bounding box (clipped), which is exact for a north-up frame.
 */
export function prominence(outline: [number, number][]): (features: Feature[], geometry: Layer['geometry']) => number {
  const box = turfBbox(polygon([outline])) as Box;
  const frameArea = area(polygon([[[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]], [box[0], box[1]]]]));
  const diagonal = length({ type: 'LineString', coordinates: [[box[0], box[1]], [box[2], box[3]]] } as never);
  return (features, geometry) => {
    let sum = 0;
    for (const f of features) {
      const t = f.geometry?.type ?? '';
      try {
        if (/Polygon/.test(t)) sum += area(bboxClip(f as never, box)) / frameArea;
        // a line across the whole frame counts like an area covering a tenth of it
        else if (/LineString/.test(t)) sum += (0.1 * length(bboxClip(f as never, box))) / diagonal;
        else sum += 0.001;
      } catch {
        sum += 0.001; // an odd geometry turf cannot clip: counted like a point
      }
    }
    return geometry === 'point' ? Math.min(sum, 0.01) : sum;
  };
}

/** An entry at least this prominent is "drawn large": a sheet never leaves it out of the legend. */
export const LARGE = 0.02;

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
export function legendInFrame(
  layers: Layer[],
  features: (layerId: string) => Feature[],
  inside: (f: Feature) => boolean,
  /** weigh each entry (its features in the frame); none: no weights */
  weigh?: (features: Feature[], geometry: Layer['geometry']) => number,
): LegendGroup[] {
  const out: LegendGroup[] = [];
  for (const layer of layers) {
    const shown = features(layer.id).filter(inside);
    if (!shown.length) continue;
    const matched = layer.legend.map((e) => ({ e, fs: shown.filter(entryMatcher(layer, e)) })).filter((x) => x.fs.length);
    if (!matched.length) continue;
    const entries = matched.map((x) => x.e);
    out.push(weigh ? { layer, entries, weights: matched.map((x) => weigh(x.fs, layer.geometry)) } : { layer, entries });
  }
  return out;
}
