/**
 * Validates the layer catalog (layers/*.json), the source registry (layers/sources.json) and
 * every feature of every data file the catalog names. Pure: the caller supplies file contents,
 * so the same code runs in the Vite plugin (build), in tests and in the browser (imports).
 * Every error names the file, the feature and the field.
 */
import { z } from '../lib/zod.ts';
import { LayerGroup, Sources, FeatureProps, type Source } from './schema.ts';
import type { Catalog } from './types.ts';

export interface CatalogInput {
  /** file name (e.g. "layers/admin.json") → parsed JSON */
  groups: Record<string, unknown>;
  sources: unknown;
  /** data path as written in the catalog ("data/base/x.geojson") → parsed JSON, or undefined if missing */
  readData: (path: string) => unknown;
}

function issuesOf(err: z.ZodError, prefix: string): string[] {
  return err.issues.map((i) => `${prefix} › ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Checks one GeoJSON FeatureCollection against FeatureProps; `file` is used in messages. */
export function validateFeatureCollection(file: string, json: unknown, sourceIds: Set<string>): string[] {
  const errors: string[] = [];
  const fc = json as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return [`${file}: not a GeoJSON FeatureCollection`];
  }
  const seen = new Set<string>();
  fc.features.forEach((f: any, i: number) => {
    const label = `${file} › feature #${i}${f?.properties?.id ? ` "${f.properties.id}"` : ''}`;
    if (!f || f.type !== 'Feature' || !f.geometry || typeof f.geometry.type !== 'string') {
      errors.push(`${label}: not a Feature with a geometry`);
      return;
    }
    const parsed = FeatureProps.safeParse(f.properties ?? {});
    if (!parsed.success) {
      errors.push(...issuesOf(parsed.error, label));
      return;
    }
    const p = parsed.data;
    if (seen.has(p.id)) errors.push(`${label} › id: duplicate id "${p.id}"`);
    seen.add(p.id);
    if (!sourceIds.has(p.source_doc)) errors.push(`${label} › source_doc: unknown source "${p.source_doc}"`);
  });
  return errors;
}

/** A legend row names a class the style defines; a style with classes lists each class once. */
function legendErrors(layer: z.infer<typeof LayerGroup>['layers'][number], where: string): string[] {
  const classes = layer.style.classes;
  const errors: string[] = [];
  const seen = new Set<string>();
  layer.legend.forEach((e, i) => {
    if (e.value === undefined) return;
    if (!classes) errors.push(`${where} › legend.${i}.value: the style has no classes`);
    else if (!(e.value in classes.symbols)) errors.push(`${where} › legend.${i}.value: no class "${e.value}" in style.classes`);
    if (seen.has(e.value)) errors.push(`${where} › legend.${i}.value: "${e.value}" listed twice`);
    seen.add(e.value);
  });
  return errors;
}

export function validateCatalog(input: CatalogInput): { catalog?: Catalog; errors: string[] } {
  const errors: string[] = [];
  const src = Sources.safeParse(input.sources);
  if (!src.success) errors.push(...issuesOf(src.error, 'layers/sources.json'));
  const sources: Record<string, Source> = src.success ? src.data : {};
  const sourceIds = new Set(Object.keys(sources));

  const groups: z.infer<typeof LayerGroup>[] = [];
  const layerIds = new Set<string>();
  for (const [file, json] of Object.entries(input.groups).sort(([a], [b]) => a.localeCompare(b))) {
    const parseError = (json as { __parseError?: string } | null)?.__parseError;
    if (parseError) {
      errors.push(`${file}: not valid JSON (${parseError})`);
      continue;
    }
    const g = LayerGroup.safeParse(json);
    if (!g.success) {
      errors.push(...issuesOf(g.error, file));
      continue;
    }
    g.data.layers.forEach((layer, i) => {
      const where = `${file} › layers.${i} "${layer.id}"`;
      if (layerIds.has(layer.id)) errors.push(`${where} › id: duplicate layer id`);
      layerIds.add(layer.id);
      if (!sourceIds.has(layer.source.doc)) errors.push(`${where} › source.doc: unknown source "${layer.source.doc}"`);
      errors.push(...legendErrors(layer, where));
      const data = input.readData(layer.data);
      if (data === undefined) errors.push(`${where} › data: file public/${layer.data} not found`);
      else errors.push(...validateFeatureCollection(`public/${layer.data}`, data, sourceIds));
    });
    groups.push(g.data);
  }
  groups.sort((a, b) => a.order - b.order);
  return errors.length ? { errors } : { catalog: { groups, sources }, errors };
}
