import type { Msg, Where } from '../messages';
import type { CrsInfo, PrjResult } from '../crs';

/** A feature as read from a file: geometry still in the file's own coordinates. */
export interface RawFeature {
  geometry: unknown;
  properties: Record<string, unknown>;
  where: Where;
}

export interface RawLayer {
  /** layer name: the file's base name, or the shapefile's / KML folder's name */
  name: string;
  /** the file's own title, when it has one (a KML Document's name, a GeoJSON's `name`): a better layer name than the file's */
  title?: string;
  features: RawFeature[];
  /** what the file says about its coordinates */
  declared?: { crs: CrsInfo; where: Msg } | { prj: PrjResult };
  /** attribute names in file order */
  columns: string[];
  /** text encoding the attributes were read with (label) */
  encoding?: string;
  notes: Msg[];
}

export type Progress = (phase: 'read' | 'parse' | 'check', done: number, total: number) => void;
