/**
 * 我的数据 / My data: the layers users import, kept in IndexedDB (data and metadata), with a small
 * store API for the UI, the engine wiring and other features (the "what applies here" report, the
 * map sheet): `list()`, `get(id)`, `features(id)`, `subscribe(fn)`, `add`, `update`, `remove`.
 * A layer's map id is `user-<id>` (USER_LAYER_PREFIX); feature ids are their index in the file.
 */
import type { Feature } from 'geojson';
import type { Msg } from './messages';
import type { AccuracyClass } from '../catalog/types';
import type { ParsedLayer } from './pipeline';
import { load, save, remove as removeKey } from './persist';
import { INDEX_KEY, dataKey, newLayerId } from './layerKeys';

export const USER_LAYER_PREFIX = 'user-';
export const isUserLayerId = (id: string) => id.startsWith(USER_LAYER_PREFIX);
export const userLayerId = (id: string) => `${USER_LAYER_PREFIX}${id}`;

/** Colours given to new layers in turn (distinct from the plan's palette, legible on the base maps). */
/**
 * A layer with more features than this is drawn for speed when zoomed out: points grouped into
 * counted circles (100 000 single circles cost a software-rendered frame ~170 ms, a few hundred
 * groups almost nothing), polygons as fills without edges.
 */
export const LARGE_ABOVE = 10_000;
export const isLarge = (m: Pick<UserLayerMeta, 'featureCount'>) => m.featureCount > LARGE_ABOVE;
/** A large point layer: shown in groups when zoomed out. */
export const isGrouped = (m: Pick<UserLayerMeta, 'geometry' | 'featureCount'>) => m.geometry === 'point' && isLarge(m);

export const USER_COLORS = ['#e65100', '#6a1b9a', '#00838f', '#c2185b', '#2e7d32', '#1565c0', '#5d4037', '#ad1457'];

export interface UserLayerMeta {
  /** short id; the map layer id is `user-<id>` */
  id: string;
  name: string;
  fileName: string;
  geometry: ParsedLayer['geometry'];
  featureCount: number;
  columns: string[];
  bbox: [number, number, number, number];
  crs: ParsedLayer['crs'];
  encoding?: string;
  notes: Msg[];
  importedAt: string;
  /** the layer's colour (#rrggbb) */
  color: string;
  /** accuracy class shown for its features: "as supplied" until the user says otherwise */
  accuracy: AccuracyClass;
  /** the user set the accuracy (else it is the import's default, "as supplied") */
  accuracySet?: boolean;
  /** the name is only the file's name (the file had no title): the UI offers a rename before it reaches a legend or a sheet */
  namedAfterFile?: boolean;
  /** false when IndexedDB refused it: it lives for this session only */
  saved: boolean;
}


let metas: UserLayerMeta[] = [];
const data = new Map<string, Feature[]>();
const listeners = new Set<(list: readonly UserLayerMeta[]) => void>();
const emit = () => listeners.forEach((fn) => fn(metas));

/** Loads the index from IndexedDB once (features load on demand). */
export const ready: Promise<void> = (async () => {
  const stored = await load<UserLayerMeta[]>(INDEX_KEY);
  // layers stored before "as supplied" existed were all marked approximate by default (nobody could set it)
  if (Array.isArray(stored)) metas = stored.filter((m) => m && typeof m.id === 'string').map((m) => ({ ...m, accuracy: m.accuracy === 'approximate' && !m.accuracySet ? 'supplied' : m.accuracy, saved: true }));
  emit();
})();

export function list(): readonly UserLayerMeta[] {
  return metas;
}

export function get(id: string): UserLayerMeta | undefined {
  const short = isUserLayerId(id) ? id.slice(USER_LAYER_PREFIX.length) : id;
  return metas.find((m) => m.id === short);
}

/** The layer's features (WGS84, `id` = index), from memory or IndexedDB. */
export async function features(id: string): Promise<Feature[]> {
  const m = get(id);
  if (!m) return [];
  const cached = data.get(m.id);
  if (cached) return cached;
  const stored = (await load<Feature[]>(dataKey(m.id))) ?? [];
  data.set(m.id, stored);
  return stored;
}

/** Called with the list now and on every change; returns an unsubscribe function. */
export function subscribe(fn: (list: readonly UserLayerMeta[]) => void): () => void {
  listeners.add(fn);
  fn(metas);
  return () => listeners.delete(fn);
}

async function writeIndex() {
  return save(INDEX_KEY, metas.filter((m) => m.saved).map(({ saved: _s, ...m }) => m));
}

/**
 * Adds a parsed layer; persists it (data first, then the index). The import worker has usually
 * stored the data already (`layer.stored`), so the page does not serialise it a second time.
 */
export async function add(layer: ParsedLayer): Promise<UserLayerMeta> {
  await ready;
  const id = layer.stored?.id ?? newLayerId();
  const color = USER_COLORS[metas.length % USER_COLORS.length];
  const meta: UserLayerMeta = {
    id,
    name: layer.name,
    fileName: layer.fileName,
    geometry: layer.geometry,
    featureCount: layer.features.length,
    columns: layer.columns,
    bbox: layer.bbox,
    crs: layer.crs,
    encoding: layer.encoding,
    notes: layer.notes,
    importedAt: new Date().toISOString(),
    color,
    accuracy: 'supplied',
    namedAfterFile: layer.namedAfterFile,
    saved: false,
  };
  data.set(id, layer.features);
  meta.saved = layer.stored?.ok ?? (await save(dataKey(id), layer.features));
  metas = [...metas, meta];
  if (meta.saved) meta.saved = await writeIndex();
  emit();
  return meta;
}

export async function update(id: string, patch: Partial<Pick<UserLayerMeta, 'name' | 'color' | 'accuracy' | 'accuracySet' | 'namedAfterFile'>>): Promise<void> {
  const m = get(id);
  if (!m) return;
  metas = metas.map((x) => (x.id === m.id ? { ...x, ...patch } : x));
  emit();
  await writeIndex();
}

export async function remove(id: string): Promise<void> {
  const m = get(id);
  if (!m) return;
  metas = metas.filter((x) => x.id !== m.id);
  data.delete(m.id);
  emit();
  await writeIndex();
  await removeKey(dataKey(m.id));
}
