/**
 * Feature properties for flat formats (Shapefile .dbf, CSV, KML ExtendedData): a list becomes
 * its items joined by "; ", an object its JSON, numbers stay numbers. Shapefile field names are
 * at most 10 ASCII characters: each property gets a unique one (source_section → source_sec),
 * and the README lists them. dBASE text fields hold 254 bytes at most: longer text is cut at a
 * character boundary, and the README says which fields were cut (the GeoJSON has every word).
 */
import type { Feature } from 'geojson';

export const LIST_SEPARATOR = '; ';

/** One value as a flat format holds it (null: no value). */
export function flatValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x))).join(LIST_SEPARATOR);
  return JSON.stringify(v);
}

/** Every property key of the features, in first-seen order. */
export function propertyKeys(features: Feature[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) if (!seen.has(k)) seen.add(k), keys.push(k);
  return keys;
}

/** Unique .dbf field names (≤ 10 ASCII characters) for property keys. */
export function dbfFieldNames(keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  keys.forEach((k, i) => {
    let base = k.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+/, '').slice(0, 10) || `field_${i + 1}`;
    if (/^[0-9]/.test(base)) base = `f${base}`.slice(0, 10);
    let name = base;
    for (let n = 1; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 10 - String(n).length - 1)}_${n}`;
    used.add(name.toLowerCase());
    out.set(k, name);
  });
  return out;
}

export interface DbfField {
  name: string;
  /** C text, N number, L logical */
  type: 'C' | 'N' | 'L';
  length: number;
  decimals?: number;
  /** the property it holds */
  key: string;
}

export interface DbfTable {
  fields: DbfField[];
  /** cell text per row and field, already formatted and cut to the field's length */
  rows: (string | null)[][];
  /** property keys whose longest text was cut to 254 bytes */
  truncated: string[];
}

const MAX_TEXT_BYTES = 254;
const enc = new TextEncoder();

/** Cut text to at most `max` UTF-8 bytes without splitting a character. */
export function cutUtf8(s: string, max: number): string {
  if (enc.encode(s).length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const b = enc.encode(ch).length;
    if (n + b > max) break;
    out += ch;
    n += b;
  }
  return out;
}

/** A number as dBASE N text: plain decimal notation, or null when it cannot be written so. */
function numberText(n: number): string | null {
  const s = String(n);
  return /e/i.test(s) || s.length > 19 ? null : s;
}

/** The .dbf table of features: numbers as N fields where every value can be, booleans as L, the rest text. */
export function dbfTable(features: Feature[]): DbfTable {
  const keys = propertyKeys(features);
  const names = dbfFieldNames(keys);
  const values = features.map((f) => keys.map((k) => flatValue(f.properties?.[k])));
  const fields: DbfField[] = [];
  const truncated: string[] = [];
  const columns: ((v: string | number | boolean | null) => string | null)[] = [];
  keys.forEach((key, c) => {
    const col = values.map((row) => row[c]).filter((v): v is string | number | boolean => v !== null);
    const name = names.get(key)!;
    if (col.length && col.every((v) => typeof v === 'boolean')) {
      fields.push({ name, type: 'L', length: 1, key });
      columns.push((v) => (v === null ? null : v ? 'T' : 'F'));
    } else if (col.length && col.every((v) => typeof v === 'number' && numberText(v) !== null)) {
      const texts = col.map((v) => numberText(v as number)!);
      const decimals = Math.max(0, ...texts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
      const intPart = Math.max(1, ...texts.map((t) => (t.includes('.') ? t.indexOf('.') : t.length)));
      const length = Math.min(19, intPart + (decimals ? decimals + 1 : 0));
      fields.push({ name, type: 'N', length, decimals, key });
      columns.push((v) => (v === null ? null : (v as number).toFixed(decimals)));
    } else {
      const bytes = Math.max(1, ...col.map((v) => enc.encode(String(v)).length));
      if (bytes > MAX_TEXT_BYTES) truncated.push(key);
      fields.push({ name, type: 'C', length: Math.min(MAX_TEXT_BYTES, bytes), key });
      columns.push((v) => (v === null ? null : cutUtf8(String(v), MAX_TEXT_BYTES)));
    }
  });
  return { fields, rows: values.map((row) => row.map((v, c) => columns[c](v))), truncated };
}
