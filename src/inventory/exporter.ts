/**
 * Export the (merged) inventory as CSV or GeoJSON. Pure functions, no DOM.
 *
 * The CSV starts with a UTF-8 BOM so Excel shows Chinese correctly, uses CRLF line ends, and guards
 * text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) with a leading `'`;
 * the importer removes that guard again, so export → import gives the same items.
 */
import Papa from 'papaparse';
import type { Feature, FeatureCollection } from 'geojson';
import { wellFormed } from '../import/text';

/** Column order of the CSV export. `basis` is last so the file round-trips through the importer. */
export const CSV_COLUMNS = [
  'id', 'name', 'name_en', 'category', 'category_zh', 'class', 'level', 'city', 'county',
  'lon', 'lat', 'accuracy', 'source_doc', 'source_section', 'description', 'note', 'basis',
] as const;

const BOM = '\uFEFF';

function pointOf(f: Feature): [number, number] | undefined {
  const g = f.geometry;
  if (g?.type !== 'Point' || g.coordinates.length < 2) return undefined;
  return [g.coordinates[0], g.coordinates[1]];
}

/** Text a CSV file can hold for any reader: no control characters but tab/LF/CR, no lone surrogate halves. */
export const csvText = (s: string) => wellFormed(s).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');

function cell(v: unknown): string | number {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'object') return csvText(JSON.stringify(v));
  return csvText(String(v));
}

/** CSV text (with BOM) of the features; non-point features get empty lon/lat. */
export function toCsv(features: readonly Feature[]): string {
  const rows = features.map((f) => {
    const p = f.properties ?? {};
    const pt = pointOf(f);
    return CSV_COLUMNS.map((c) => {
      if (c === 'lon') return pt ? pt[0] : '';
      if (c === 'lat') return pt ? pt[1] : '';
      if (c === 'id') return cell(p.id ?? f.id);
      return cell(p[c]);
    });
  });
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows },
    { newline: '\r\n', quotes: false, escapeFormulae: /^[=+\-@\t\r]/ },
  );
  return BOM + csv + '\r\n';
}

/** GeoJSON FeatureCollection text of the features. */
export function toGeoJSON(features: readonly Feature[]): string {
  const fc: FeatureCollection = { type: 'FeatureCollection', features: [...features] };
  return JSON.stringify(fc);
}
