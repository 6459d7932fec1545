/**
 * The sheet's legend: the visible layers' catalog entries, keeping only the entries whose
 * features are inside the map frame (a legend of everything would lie about the sheet).
 * For layers coloured by a property, an entry stands for the property values of its colour.
 */
import { bbox as turfBbox, booleanIntersects, polygon } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import type { Layer, LegendEntry } from '../catalog/types';

export interface LegendGroup {
  layer: Layer;
  entries: LegendEntry[];
}

const hex6 = (c: string | undefined) => (c ?? '').slice(0, 7).toLowerCase();

/**
 * Which features a legend entry stands for. Single-entry layers: all of them. Layers coloured by
 * a property: the values whose colour is the entry's colour, or — for the layer's own fallback
 * colour — the values without a colour of their own. Entries no colour explains stand for all.
 */
export function entryMatcher(layer: Layer, entry: LegendEntry): (f: Feature) => boolean {
  const by = layer.style.colorBy;
  if (!by || layer.legend.length === 1) return () => true;
  const values = new Set(Object.entries(by.colors).filter(([, c]) => hex6(c) === hex6(entry.color)).map(([k]) => k));
  const value = (f: Feature) => String(f.properties?.[by.key]);
  if (values.size) return (f) => values.has(value(f));
  const fallback = hex6(layer.style.fill ?? layer.style.line);
  if (fallback && fallback === hex6(entry.color)) return (f) => !(value(f) in by.colors);
  return () => true;
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
