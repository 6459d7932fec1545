/** Runtime types of the catalog (the validated, defaults-applied form the app receives). */
import type { z } from 'zod';
import type { LayerGroup, LayerEntry, Source, Attribute, LegendEntry, AccuracyClass, SymbolSpec } from './schema';

export type Group = z.output<typeof LayerGroup>;
export type Layer = z.output<typeof LayerEntry>;
export type { Source, Attribute, LegendEntry, AccuracyClass, SymbolSpec };
export type LayerStyle = Layer['style'];
export interface Catalog {
  groups: Group[];
  sources: Record<string, Source>;
}
