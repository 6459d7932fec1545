/**
 * 我的数据 / My data: the layers users import, kept in IndexedDB, with a small store API for the UI,
 * the engine wiring and other features (the "what applies here" report, the map sheet): `list()`,
 * `get(id)`, `features(id)`, `subscribe(fn)`, `add`, `update`, `remove`.
 * A layer's map id is `user-<id>` (USER_LAYER_PREFIX); feature ids are their index in the file.
 *
 * Storage (src/storage): each layer's description is one record of the collection `user-layers`
 * (so two tabs importing at once keep both layers, and each tab hears of the other's), its features
 * one keyed record `user-layer:<id>` written by the import worker. A layer the browser refused to
 * store stays on the map for the session with `saved: false` and the reason; the panel offers its
 * export.
 */
import type { Feature } from 'geojson';
import type { Msg } from './messages';
import type { AccuracyClass } from '../catalog/types';
import type { ParsedLayer } from './pipeline';
import { read as readKey, write as writeKey, remove as removeKey, OK, type StoreError, type WriteResult } from '../storage/db';
import { collection } from '../storage/collection';
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
  /** why it was not stored (the last refused write) */
  saveError?: StoreError;
}

type StoredMeta = Omit<UserLayerMeta, 'saved' | 'saveError'>;

/** A stored description → a layer, or null when it no longer reads as one. */
function parseMeta(v: unknown): StoredMeta | null {
  const m = v as Partial<StoredMeta> | null;
  if (!m || typeof m !== 'object' || typeof m.id !== 'string' || typeof m.name !== 'string') return null;
  if (!Array.isArray(m.bbox) || m.bbox.length !== 4 || typeof m.featureCount !== 'number' || !Array.isArray(m.columns)) return null;
  return { notes: [], ...m } as StoredMeta;
}

const index = collection<StoredMeta>('user-layers', {
  id: (m) => m.id,
  parse: parseMeta,
  // the first version kept every description in one record
  legacyKey: INDEX_KEY,
  legacyItems: (v) => (Array.isArray(v) ? v : []),
});
/** Layers stored before "as supplied" existed were all marked approximate by default (nobody could set it). */
const asSupplied = (m: StoredMeta): StoredMeta => (m.accuracy === 'approximate' && !m.accuracySet ? { ...m, accuracy: 'supplied' } : m);
const stored = ({ saved: _s, saveError: _e, ...m }: UserLayerMeta): StoredMeta => m;
const byImport = (a: UserLayerMeta, b: UserLayerMeta) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : a.id < b.id ? -1 : 1);


let metas: UserLayerMeta[] = [];
const data = new Map<string, Feature[]>();
const listeners = new Set<(list: readonly UserLayerMeta[]) => void>();
const emit = () => listeners.forEach((fn) => fn(metas));

/** descriptions stored records could not be read back as (kept in the database, not listed) */
export let unreadable = 0;

/** Loads the descriptions from IndexedDB once (features load on demand), then follows other tabs. */
export const ready: Promise<void> = (async () => {
  const r = await index.load();
  unreadable = r.unreadable;
  metas = r.items.map((m) => ({ ...asSupplied(m), saved: true }) as UserLayerMeta).sort(byImport);
  emit();
  if (r.available) index.onRemote((ids) => void remote(ids));
})();

/** Another tab imported, changed or removed these layers. */
async function remote(ids: string[]) {
  const now = await index.read(ids);
  let next = metas.filter((m) => !ids.includes(m.id) || now.has(m.id) || !m.saved);
  for (const [id, m] of now) {
    const i = next.findIndex((x) => x.id === id);
    const meta = { ...asSupplied(m), saved: true } as UserLayerMeta;
    if (i < 0) next = [...next, meta].sort(byImport);
    else next = next.map((x) => (x.id === id ? meta : x));
  }
  for (const id of ids) if (!now.has(id)) data.delete(id);
  metas = next;
  emit();
}

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
  const fromDb = (await readFeatures(dataKey(m.id))) ?? [];
  data.set(m.id, fromDb);
  return fromDb;
}

/**
 * Read a layer's features: in the import worker where there is one (a large layer comes in short
 * chunks instead of one long task on the page), else here (unit tests, a browser without workers).
 */
async function readFeatures(key: string): Promise<Feature[] | undefined> {
  if (typeof Worker !== 'undefined') {
    const { readStoredFeatures } = await import('./client');
    const r = await readStoredFeatures<Feature>(key);
    if (r) return r.value;
  }
  return (await readKey<Feature[]>(key)).value;
}

/** Called with the list now and on every change; returns an unsubscribe function. */
export function subscribe(fn: (list: readonly UserLayerMeta[]) => void): () => void {
  listeners.add(fn);
  fn(metas);
  return () => listeners.delete(fn);
}

/**
 * Adds a parsed layer and stores it (features first, then its description: a description is never
 * stored without its features). The import worker has usually stored the features already
 * (`layer.stored`), so the page does not serialise them a second time.
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
  let r: WriteResult = layer.stored ? (layer.stored.ok ? OK : { ok: false, error: layer.stored.error ?? { kind: 'failed', message: 'not stored' } }) : await writeKey(dataKey(id), layer.features);
  if (r.ok) {
    r = await index.write({ put: [stored(meta)] });
    // features without a description would be an orphan nothing lists: remove them
    if (!r.ok) void removeKey(dataKey(id));
  }
  meta.saved = r.ok;
  if (!r.ok) meta.saveError = r.error;
  metas = [...metas, meta];
  emit();
  return meta;
}

/** Rename, recolour, set the accuracy; resolves with whether the browser stored it. */
export async function update(id: string, patch: Partial<Pick<UserLayerMeta, 'name' | 'color' | 'accuracy' | 'accuracySet' | 'namedAfterFile'>>): Promise<WriteResult> {
  const m = get(id);
  if (!m) return OK;
  const next = { ...m, ...patch };
  metas = metas.map((x) => (x.id === m.id ? next : x));
  emit();
  if (!m.saved) return { ok: false, error: m.saveError ?? { kind: 'failed', message: 'not stored' } };
  const r = await index.write({ put: [stored(next)] });
  if (!r.ok || m.saveError) {
    metas = metas.map((x) => (x.id === m.id ? { ...x, saveError: r.ok ? undefined : r.error } : x));
    emit();
  }
  return r;
}

/** Removes a layer (its description first, then its features). */
export async function remove(id: string): Promise<WriteResult> {
  const m = get(id);
  if (!m) return OK;
  metas = metas.filter((x) => x.id !== m.id);
  data.delete(m.id);
  emit();
  const r = await index.write({ remove: [m.id] });
  if (r.ok) await removeKey(dataKey(m.id));
  return r;
}
