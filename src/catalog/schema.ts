/**
 * The layer catalog's schema (zod). Used at build time (vite plugin), in tests and when a
 * user imports a file — never on the first-paint path (zod stays out of the entry chunk).
 *
 * A catalog is a set of group files `layers/<group>.json`; each group lists layers; each layer
 * names a GeoJSON data file under `public/`. Every feature carries its own provenance.
 */
import { z } from '../lib/zod.ts';

export const I18n = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type I18nText = z.infer<typeof I18n>;

import { ACCURACY } from './accuracy.ts';

export { ACCURACY };
export const Accuracy = z.enum(ACCURACY);
export type AccuracyClass = z.infer<typeof Accuracy>;

const Color = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'colour must be #rrggbb or #rrggbbaa');
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes');

/** Point marker shapes (src/symbology/shapes.ts draws them for the map, the legend and print). */
export const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'triangle-down', 'pentagon', 'hexagon', 'star', 'plus', 'circle-open', 'square-open', 'triangle-open', 'diamond-open', 'hexagon-open', 'star-open'] as const;
export const FILL_PATTERNS = ['hatch', 'cross-hatch', 'dots'] as const;

/**
 * One symbol: how a feature (or a class of features) is drawn. Polygons: `fill` (solid, or the
 * ink of `pattern`), `patternBackground` behind a pattern, outline `line`/`lineWidth`/`dash`.
 * Lines: `line`, `lineWidth`, `dash`, `arrow` (an arrowhead at the line's end). Points: `shape`,
 * `fill`, `line` (the marker's rim), `pointRadius`.
 */
export const SymbolSpec = z.strictObject({
  fill: Color.optional(),
  line: Color.optional(),
  /** line or outline width in pixels */
  lineWidth: z.number().min(0).max(24).optional(),
  /** dashed outline / line: [dash, gap] in pixels — schematic shapes look schematic */
  dash: z.tuple([z.number().positive(), z.number().positive()]).optional(),
  /** polygons: fill with a pattern in the `fill` colour instead of a solid fill */
  pattern: z.enum(FILL_PATTERNS).optional(),
  /** direction of hatch lines in degrees (0 = horizontal, counter-clockwise) */
  patternAngle: z.number().min(0).max(180).optional(),
  /** colour behind the pattern (default: none) */
  patternBackground: Color.optional(),
  /** lines: an arrowhead at the end of each line */
  arrow: z.boolean().optional(),
  /** points: marker shape */
  shape: z.enum(SHAPES).optional(),
  /** point radius in pixels */
  pointRadius: z.number().min(1).max(40).optional(),
});
export type SymbolSpec = z.infer<typeof SymbolSpec>;

/**
 * How a layer is drawn: a base symbol, optionally refined per class — the value of a feature
 * property (`classes.key`) picks a symbol whose fields override the base. The legend lists
 * classes by value; its swatches are drawn from these same symbols (src/symbology/swatch.ts).
 */
export const LayerStyle = SymbolSpec.extend({
  lineWidth: z.number().min(0).max(24).default(1),
  pointRadius: z.number().min(1).max(40).default(6),
  classes: z.strictObject({ key: z.string().min(1), symbols: z.record(z.string(), SymbolSpec) }).optional(),
  /** property drawn as a text label at the feature (one label per feature) */
  labelKey: z.string().optional(),
  /**
   * points: markers that would overlap on screen are drawn as one numbered marker (how many), which
   * a click opens by zooming in — for many schematic positions on one town (src/engine/markerGroups.ts)
   */
  group: z.boolean().optional(),
});
export type LayerStyle = z.infer<typeof LayerStyle>;

/** A legend row: a label and the class it stands for (none: the layer's base symbol). */
export const LegendEntry = z.strictObject({
  label: I18n,
  /** the value of `style.classes.key` this row shows */
  value: z.string().optional(),
});
export type LegendEntry = z.infer<typeof LegendEntry>;

export const Attribute = z.strictObject({
  key: z.string().min(1),
  label: I18n,
  unit: I18n.optional(),
  /** `list`: an array of strings; `ref`: ids of other features (clickable) */
  format: z.enum(['text', 'number', 'list', 'ref']).default('text'),
});
export type Attribute = z.infer<typeof Attribute>;

export const LayerEntry = z.strictObject({
  id: Id,
  title: I18n,
  /** GeoJSON file, relative to public/ (e.g. "data/base/counties.geojson") */
  data: z.string().regex(/^data\/[\w./-]+\.geojson$/, 'data must be a .geojson path under public/data/'),
  geometry: z.enum(['polygon', 'line', 'point']),
  style: LayerStyle,
  legend: z.array(LegendEntry).min(1),
  attributes: z.array(Attribute),
  /** default provenance of the layer; features may override with their own source_* fields */
  source: z.strictObject({ doc: z.string().min(1), section: z.string().optional() }),
  accuracy: Accuracy,
  visible: z.boolean(),
  opacity: z.number().min(0).max(1).default(1),
  /** shown in the public (read-only) viewing mode */
  public: z.boolean(),
  pickable: z.boolean().default(true),
  /** its features are protected sites listed in the public viewing mode's site list */
  listed: z.boolean().default(false),
  description: I18n.optional(),
});
export type LayerEntry = z.infer<typeof LayerEntry>;

export const LayerGroup = z.strictObject({
  id: Id,
  order: z.number(),
  title: I18n,
  description: I18n.optional(),
  layers: z.array(LayerEntry).min(1),
});
export type LayerGroup = z.infer<typeof LayerGroup>;

/** A document or dataset that facts come from (layers/sources.json). */
export const Source = z.strictObject({
  title: I18n,
  kind: z.enum(['plan', 'policy', 'news', 'dataset']),
  publisher: z.string().optional(),
  date: z.string().optional(),
  licence: z.string().optional(),
  /** text for the map's attribution control, for datasets whose licence asks for it */
  attribution: z.string().optional(),
  /** the same in English */
  attribution_en: z.string().optional(),
  /** seed file in ../shared/seeds the facts were read from */
  file: z.string().optional(),
});
export type Source = z.infer<typeof Source>;
export const Sources = z.record(Id, Source);

/** Properties every feature in every catalog data file carries. */
export const FeatureProps = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  name_en: z.string().optional(),
  kind: z.string().min(1),
  accuracy: Accuracy,
  source_doc: z.string().min(1),
  source_section: z.string().optional(),
  source_quote: z.string().optional(),
  note: z.string().optional(),
});
export type FeatureProps = z.infer<typeof FeatureProps>;
