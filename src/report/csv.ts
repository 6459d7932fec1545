/** A report as CSV (loaded on demand: papaparse stays out of the UI's first chunk). */
import Papa from 'papaparse';
import type { Report } from './report';
import { columnTitles, reportRows, ROW_COLUMNS } from './rows';
import { csvText } from '../inventory/exporter';

type Lang = 'zh' | 'en';

/** CSV text (UTF-8 with BOM for Excel, CRLF, formula-looking cells guarded). */
export function reportCsv(r: Report, lang: Lang): string {
  const titles = columnTitles(lang);
  const rows = reportRows(r, lang);
  const csv = Papa.unparse(
    { fields: ROW_COLUMNS.map((c) => titles[c]), data: rows.map((row) => ROW_COLUMNS.map((c) => csvText(row[c]))) },
    { newline: '\r\n', escapeFormulae: /^[=+\-@\t\r]/ },
  );
  return `\uFEFF${csv}\r\n`;
}
