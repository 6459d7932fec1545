/**
 * Cross-references between features, computed from the data (never typed twice): an attribute
 * with `format: "ref"` holds ids of other features ("140727" = a county, or "layer-id/feature-id").
 * From that one list we get both directions: a belt's members, and a county's "part of" list.
 */
import type { Feature } from 'geojson';
import type { Catalog, Layer } from './types';
import { loadData } from '../engine/dataStore';

export const DEFAULT_REF_LAYER = 'counties';

export function parseRef(ref: string): { layer: string; id: string } {
  const cut = ref.indexOf('/');
  return cut > 0 ? { layer: ref.slice(0, cut), id: ref.slice(cut + 1) } : { layer: DEFAULT_REF_LAYER, id: ref };
}

export interface ResolvedRef {
  layer: string;
  id: string;
  name: string;
  name_en?: string;
}

export async function resolveRefs(catalog: Catalog, refs: string[]): Promise<ResolvedRef[]> {
  const layers = new Map(catalog.groups.flatMap((g) => g.layers).map((l) => [l.id, l]));
  return Promise.all(
    refs.map(async (ref) => {
      const { layer, id } = parseRef(ref);
      const l = layers.get(layer);
      if (!l) return { layer, id, name: id };
      try {
        const fc = await loadData(l.data);
        const f = fc.features.find((x) => String(x.properties?.id) === id);
        const p = f?.properties ?? {};
        return { layer, id, name: String(p.name_full ?? p.name ?? id), name_en: p.name_en as string | undefined };
      } catch {
        return { layer, id, name: id };
      }
    }),
  );
}

export interface Referrer {
  layer: Layer;
  feature: Feature;
  /** the attribute through which it refers (e.g. members_core) */
  via: string;
}

/** Every feature whose `ref` attributes include the given feature. */
export async function findReferrers(catalog: Catalog, layerId: string, featureId: string): Promise<Referrer[]> {
  const out: Referrer[] = [];
  const refLayers = catalog.groups.flatMap((g) => g.layers).filter((l) => l.attributes.some((a) => a.format === 'ref'));
  const matches = (v: unknown) => {
    if (!Array.isArray(v)) return false;
    return v.some((r) => {
      const p = parseRef(String(r));
      return p.layer === layerId && p.id === featureId;
    });
  };
  await Promise.all(
    refLayers.map(async (layer) => {
      let fc;
      try {
        fc = await loadData(layer.data);
      } catch {
        return;
      }
      const refKeys = layer.attributes.filter((a) => a.format === 'ref').map((a) => a.key);
      for (const f of fc.features) {
        const key = refKeys.find((k) => matches(f.properties?.[k]));
        if (key) out.push({ layer, feature: f, via: key });
      }
    }),
  );
  const order = new Map(catalog.groups.flatMap((g) => g.layers).map((l, i) => [l.id, i]));
  return out.sort((a, b) => (order.get(a.layer.id)! - order.get(b.layer.id)!) || String(a.feature.properties?.name).localeCompare(String(b.feature.properties?.name)));
}
