/**
 * Fetches and caches the catalog's GeoJSON files (relative to the page). One request per file,
 * shared by drawing, selection-by-id, search and the inspect panel.
 */
import type { FeatureCollection, Feature } from 'geojson';

const cache = new Map<string, Promise<FeatureCollection>>();

export class DataLoadError extends Error {
  constructor(public readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
  }
}

export function loadData(path: string): Promise<FeatureCollection> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(new URL(path, document.baseURI).href)
      .then(async (r) => {
        if (!r.ok) throw new DataLoadError(path, `HTTP ${r.status}`);
        const json = (await r.json()) as FeatureCollection;
        if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new DataLoadError(path, 'not a FeatureCollection');
        return json;
      })
      .catch((e) => {
        cache.delete(path);
        throw e instanceof DataLoadError ? e : new DataLoadError(path, String(e?.message ?? e));
      });
    cache.set(path, p);
  }
  return p;
}

export async function findFeature(path: string, id: string): Promise<Feature | undefined> {
  const fc = await loadData(path);
  return fc.features.find((f) => String(f.properties?.id) === id);
}
