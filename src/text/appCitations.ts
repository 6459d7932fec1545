/**
 * The app's citations, gathered once: every catalog layer's features, the ledger and the built-in
 * tour, located in the plan text. Used by the reader (which sentences are cited, by what) and by
 * "Show on map" (which features a clause has). Loaded on first use; each data file comes from the
 * shared cache, so layers already drawn cost nothing.
 */
import type { Feature } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import { loadData } from '../engine/dataStore';
import { loadLedger, type LedgerItem } from '../ledger/ledger';
import { loadPlanText } from './load';
import { planTour } from '../scenes/planTour';
import { buildCitationIndex, featureCitations, titleLookup, type Citer, type CitationIndex, type FeatureRef } from './citations';
import type { PlanText } from './types';

export interface FeatureInfo {
  ref: FeatureRef;
  layer: Layer;
  feature: Feature;
  name: string;
  name_en?: string;
}

export interface AppCitations {
  text: PlanText;
  index: CitationIndex;
  feature(ref: FeatureRef): FeatureInfo | undefined;
  /** every feature of a layer (for a pattern paragraph that applies to whole layers) */
  featuresOf(layerId: string): FeatureInfo[];
  ledger(id: string): LedgerItem | undefined;
  /** layers whose data could not be loaded (their citations are missing, and the reader says so) */
  missingLayers: string[];
}

const cache = new WeakMap<Catalog, Promise<AppCitations>>();

type SceneCite = { id: string; citation?: { doc: string; section: string }; caption?: { zh: string } };

/** `scenes`: the scenes whose captions cite the text (default: the built-in tour). */
export function loadAppCitations(catalog: Catalog, scenes: SceneCite[] = planTour.scenes): Promise<AppCitations> {
  let p = cache.get(catalog);
  if (!p) {
    p = build(catalog, scenes);
    p.catch(() => cache.delete(catalog));
    cache.set(catalog, p);
  }
  return p;
}

async function build(catalog: Catalog, scenes: SceneCite[]): Promise<AppCitations> {
  const layers = catalog.groups.flatMap((g) => g.layers);
  const [text, ledger, ...data] = await Promise.all([
    loadPlanText(),
    loadLedger().catch(() => null),
    ...layers.map((l) => loadData(l.data).then((fc) => fc.features, () => null)),
  ]);
  const titleToDoc = titleLookup(catalog.sources);
  const citers: Citer[] = [];
  const byRef = new Map<string, FeatureInfo>();
  const byLayer = new Map<string, FeatureInfo[]>();
  const missingLayers: string[] = [];
  layers.forEach((layer, i) => {
    const fs = data[i] as Feature[] | null;
    if (!fs) {
      missingLayers.push(layer.id);
      return;
    }
    const infos: FeatureInfo[] = [];
    for (const f of fs) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const id = String(p.id ?? '');
      const info: FeatureInfo = { ref: { layer: layer.id, id }, layer, feature: f, name: String(p.name ?? id), name_en: typeof p.name_en === 'string' ? p.name_en : undefined };
      byRef.set(`${layer.id}/${id}`, info);
      infos.push(info);
      citers.push({ kind: 'feature', layer: layer.id, id, citations: featureCitations(p, titleToDoc) });
    }
    byLayer.set(layer.id, infos);
  });
  const items = new Map<string, LedgerItem>();
  for (const i of ledger?.items ?? []) {
    items.set(i.id, i);
    citers.push({ kind: 'ledger', id: i.id, citation: { doc: i.doc, section: i.section, quote: i.quote } });
  }
  for (const s of scenes) if (s.citation && s.caption) citers.push({ kind: 'scene', id: s.id, citation: { doc: s.citation.doc, section: s.citation.section, quote: s.caption.zh } });
  const { index } = buildCitationIndex(text, citers);
  return {
    text,
    index,
    feature: (ref) => byRef.get(`${ref.layer}/${ref.id}`),
    featuresOf: (id) => byLayer.get(id) ?? [],
    ledger: (id) => items.get(id),
    missingLayers,
  };
}
