/**
 * The legend lists what is drawn: for layers whose style has classes, only the classes of the
 * features the map shows now (after the inventory filter, element toggles, public filter …).
 */
import type { Layer, LegendEntry } from '../catalog/types';
import type { Feature } from 'geojson';

export type Presence = Map<string, Set<string>>;

export async function presentClasses(layers: Layer[], featuresOf: (id: string) => Promise<Feature[]>): Promise<Presence> {
  const out: Presence = new Map();
  await Promise.all(
    layers
      .filter((l) => l.style.classes)
      .map(async (l) => {
        const key = l.style.classes!.key;
        const fs = await featuresOf(l.id).catch(() => null);
        if (fs) out.set(l.id, new Set(fs.map((f) => String(f.properties?.[key]))));
      }),
  );
  return out;
}

/** A row shows when its class is drawn (rows without a class, and layers not yet known, always show). */
export const presenceFilter = (p: Presence) => (layerId: string, entry: LegendEntry) =>
  entry.value === undefined || !p.has(layerId) || p.get(layerId)!.has(entry.value);

/**
 * Layers that draw nothing now (e.g. every feature due after the plan period shown): the legend
 * leaves them out rather than explain symbols that are not on the map.
 */
export async function emptyLayers(layers: Layer[], featuresOf: (id: string) => Promise<Feature[]>): Promise<Set<string>> {
  const counts = await Promise.all(layers.map((l) => featuresOf(l.id).then((fs) => fs.length, () => 1)));
  return new Set(layers.filter((_, i) => counts[i] === 0).map((l) => l.id));
}
