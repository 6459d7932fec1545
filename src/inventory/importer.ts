/**
 * Importer for the 太忻一体化经济区重要资源保护清单: a planning office loads its own list (CSV or
 * GeoJSON) into the inventory. Every row is validated and reported (zh + en); the import is all or
 * nothing — if any row has an error, no item is returned.
 *
 * Pure functions, no DOM: runs in vitest's node environment and in the browser.
 *
 * It reads files through the shared import pipeline (src/import): bytes are decoded whatever the
 * encoding (UTF-8, UTF-16, GBK/GB18030 as Excel writes them), coordinates may be decimal degrees,
 * 度分秒 / 度分 strings, or CGCS2000 Gauss-Krüger metres (a declared EPSG code, or a zone inferred
 * from the numbers that the user confirms: `opts.crs`).
 *
 * About GCJ‑02 / BD‑09: coordinates picked from 高德/腾讯 (GCJ‑02) or 百度 (BD‑09) maps are offset by
 * a few hundred metres from WGS84/CGCS2000. A point carrying that offset is still a plausible point,
 * so the offset itself cannot be detected from the numbers. The importer therefore only acts on what
 * the file *declares*: a `coord_sys`/`crs`/`坐标系` column or property saying gcj02/bd09, a column
 * named like `gcj_lng`/`高德经度`, or a GeoJSON `crs` member naming them → converted to WGS84 with
 * gcoord, and the report says so. A file *name* hinting at 高德/百度/gcj/bd09 only gives a warning.
 */
import Papa from 'papaparse';
import { z } from '../lib/zod';
import gcoord from 'gcoord';
import { bbox as turfBbox, booleanPointInPolygon, distance as turfDistance } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { ACCURACY, FeatureProps, type AccuracyClass } from '../catalog/schema';
import { CATEGORY_BY_ID, findCategory, type InventoryClass } from './categories';
import { decodeText, ENCODING_LABEL } from '../import/encoding';
import { parseCoordinate } from '../import/coordinates';
import { wellFormed } from '../import/text';
import { USER_IMPORT_DOC } from '../import/layerKeys';
import { crsById, crsFromDeclaration, inferGaussKruger, looksProjected, transformFor, type XY } from '../import/crs';
import type { CrsChoice } from '../import/pipeline';


// ───────────────────────────── item contract ─────────────────────────────

/** Properties of one inventory item (a GeoJSON Point feature). */
export interface InventoryItemProps {
  id: string;
  name: string;
  name_en?: string;
  kind: 'inventory-item';
  class: InventoryClass;
  category: string;
  category_zh: string;
  level?: string;
  city?: string;
  county?: string;
  county_code?: string;
  description?: string;
  basis?: string;
  public: boolean;
  accuracy: AccuracyClass;
  source_doc: string;
  source_section?: string;
  source_quote?: string;
  note?: string;
}
export type InventoryItem = Feature<Point, InventoryItemProps>;

/** zod schema of an inventory item's properties (the catalog's FeatureProps plus the inventory fields). */
export const InventoryItemSchema = FeatureProps.extend({
  kind: z.literal('inventory-item'),
  class: z.enum(['ecology', 'culture']),
  category: z.string().refine((c) => CATEGORY_BY_ID.has(c), 'unknown category'),
  category_zh: z.string().min(1),
  level: z.string().optional(),
  city: z.string().optional(),
  county: z.string().optional(),
  county_code: z.string().optional(),
  description: z.string().optional(),
  basis: z.string().optional(),
  public: z.boolean(),
});

export const IMPORT_SOURCE_DOC = USER_IMPORT_DOC;
/**
 * Caps. Parsing runs in the import worker, so the page stays responsive well beyond these; what
 * limits an inventory is drawing it: inventory items are deck.gl points with picking and category
 * colours (≈16 µs per point per frame under software WebGL, GUIDE §6), so 10 000 items add about
 * 0.16 s to a frame. The official 清单 has about 390 items; larger point sets belong in 我的数据,
 * which MapLibre tiles (see README).
 */
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS } from './limits';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS } from './limits';
/** Same name + category closer than this to an existing item is a duplicate. */
export const DUPLICATE_DISTANCE_M = 200;
/** Text fields are cut to this many characters. */
export const MAX_TEXT = 500;

// ───────────────────────────── report ─────────────────────────────

export type ImportFormat = 'csv' | 'geojson' | 'unknown';
export type RowStatus = 'ok' | 'error' | 'warning';

export interface ImportRowReport {
  /** CSV: the spreadsheet row (header = row 1). GeoJSON: the feature's 1-based position. */
  row: number;
  status: RowStatus;
  /** each message is bilingual: '第3行：… / row 3: …' */
  messages: string[];
}

export interface ImportReport {
  ok: boolean;
  format: ImportFormat;
  /** only when ok (all or nothing) */
  items: InventoryItem[];
  rows: ImportRowReport[];
  /** file-level messages (errors and warnings), bilingual */
  messages: string[];
  errorCount: number;
  warningCount: number;
  summary: string;
  /** informational, bilingual (encoding detected, coordinate system used, conversions done) */
  notes: string[];
  /** projected coordinates with no declared system: the zones that fit, best first, for the user to pick */
  crsChoice?: CrsChoice[];
}

export interface ImportOptions {
  region: Feature<Polygon | MultiPolygon>;
  existing: Feature[];
  maxBytes?: number;
  maxRows?: number;
  /** a coordinate system the user confirmed for projected coordinates (crs.ts id, e.g. EPSG:4547) */
  crs?: string;
}

// ───────────────────────────── helpers ─────────────────────────────

const bi = (zh: string, en: string) => `${zh} / ${en}`;
/** A file-level message, kept as a pair so the summary can be composed per language. */
type Pair = [zh: string, en: string];
const pair = (zh: string, en: string): Pair => [zh, en];

/** UTF-8 byte length, stopping early once past `limit`. */
function utf8Bytes(s: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < s.length && n <= limit; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Normalises a header / property key: lower case, no spaces, dashes or underscores. */
const normKey = (k: string) => k.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_\-（）()]+/g, '');

/** Canonical field → accepted column names (normalised with normKey). */
const FIELD_ALIASES: Record<string, string[]> = {
  id: ['id', '编号'],
  name: ['name', '名称', '名字', '资源名称', '点位名称', '项目名称'],
  name_en: ['nameen', 'englishname', '英文名', '英文名称'],
  category: ['category', '类别', '类型', '分类', '资源类别'],
  category_zh: ['categoryzh', '类别中文'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经'],
  lat: ['lat', 'latitude', 'y', '纬度', '北纬'],
  level: ['level', '级别', '保护级别', '等级'],
  city: ['city', '市', '地市', '所在市', '所属市', '城市'],
  county: ['county', '县', '区县', '县区', '县市区', '所在县', '所属县'],
  description: ['description', 'desc', '描述', '说明', '简介'],
  accuracy: ['accuracy', '精度', '位置精度', '定位精度'],
  basis: ['basis', '依据', '坐标依据', '定位依据', '位置依据'],
  note: ['note', 'notes', '备注'],
  coord_sys: ['coordsys', 'crs', 'srs', 'coordsystem', 'coordinatesystem', '坐标系'],
};
/** Columns written by the exporter (or common in inventory files) that are derived or provenance: ignored silently. */
const KNOWN_IGNORED = new Set(['class', 'sourcedoc', 'sourcesection', 'sourcequote', 'kind', 'public', 'countycode', 'inzone', 'categorycount']);
const ALIAS_TO_FIELD = new Map<string, string>();
for (const [field, names] of Object.entries(FIELD_ALIASES)) for (const n of names) ALIAS_TO_FIELD.set(n, field);

type DeclaredCrs = 'gcj02' | 'bd09';
const CRS_LABEL: Record<DeclaredCrs, string> = { gcj02: 'GCJ‑02', bd09: 'BD‑09' };

/** A declared coordinate system value → gcj02 / bd09 / ok / unknown. */
function classifyCrs(value: string): DeclaredCrs | 'ok' | 'unknown' {
  const v = value.trim().toLowerCase().replace(/[\s_\-:：]+/g, '');
  if (!v) return 'ok';
  if (/gcj|火星|高德|腾讯|amap|gaode|tencent|qq/.test(v)) return 'gcj02';
  if (/bd09|baidu|百度/.test(v)) return 'bd09';
  if (/wgs84|cgcs2000|cgcs|4326|4490|crs84|国家2000|2000国家|wgs/.test(v)) return 'ok';
  return 'unknown';
}

/** A header like `gcj_lng`, `高德经度`, `bd_lat` declares the coordinate system of that column. */
function headerCrs(norm: string): { field: 'lon' | 'lat'; crs: DeclaredCrs } | undefined {
  const crs = /gcj|火星|高德|腾讯|amap|gaode/.test(norm) ? 'gcj02' : /bd09|^bd|bd$|百度|baidu/.test(norm) ? 'bd09' : undefined;
  if (!crs) return undefined;
  const rest = norm.replace(/gcj02|gcj|火星|高德|腾讯|amap|gaode|bd09|bd|百度|baidu/g, '');
  if (/^(lon|lng|long|longitude|x|经度)$/.test(rest)) return { field: 'lon', crs };
  if (/^(lat|latitude|y|纬度)$/.test(rest)) return { field: 'lat', crs };
  return undefined;
}

const ACCURACY_ALIASES: Record<string, AccuracyClass> = {
  surveyed: 'surveyed', 实测: 'surveyed', 测量: 'surveyed',
  derived: 'derived', 推算: 'derived', 推导: 'derived', 派生: 'derived',
  approximate: 'approximate', 近似: 'approximate', 大致: 'approximate', 约: 'approximate',
  schematic: 'schematic', 示意: 'schematic',
};

const REGION_CITIES: Record<string, string> = {
  太原: '太原市', taiyuan: '太原市',
  晋中: '晋中市', jinzhong: '晋中市',
  忻州: '忻州市', xinzhou: '忻州市',
  吕梁: '吕梁市', lüliang: '吕梁市', lvliang: '吕梁市', luliang: '吕梁市',
  阳泉: '阳泉市', yangquan: '阳泉市',
};
const REGION_CITY_SET = new Set(Object.values(REGION_CITIES));

/** Plain text: control characters removed, trimmed; undefined when empty. Never interpreted as HTML. */
function cleanText(v: string, multiline: boolean): string {
  // control characters and bidi overrides/isolates (a name must not display reversed)
  let s = wellFormed(v).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '').replace(/\r\n?/g, '\n');
  // undo the exporter's spreadsheet-formula guard ('=… → =…)
  if (/^'[=+\-@\t\r]/.test(s)) s = s.slice(1);
  s = multiline ? s.replace(/[ \t]+/g, ' ') : s.replace(/\s+/g, ' ');
  return s.trim();
}

const nameKey = (name: string, category: string) => `${name.normalize('NFKC').toLowerCase().replace(/\s+/g, '')}\u0000${category}`;

type CoordResult = { ok: true; value: number } | { ok: false; kind: 'missing' | 'nan' | 'comma' | 'minutes' | 'hemisphere'; raw: string };
function parseCoord(v: unknown, axis: 'lon' | 'lat'): CoordResult {
  // nested arrays (a malformed GeoJSON point) are never turned into text: that recursion can overflow
  if (typeof v === 'object' && v !== null) return { ok: false, kind: 'nan', raw: Array.isArray(v) ? '[…]' : '{…}' };
  return parseCoordinate(v, axis);
}

/** China's latitude / longitude spans, used to recognise swapped columns. */
const looksLikeLat = (v: number) => v >= 3 && v <= 54;
const looksLikeLon = (v: number) => v >= 73 && v <= 136;

// ───────────────────────────── raw rows ─────────────────────────────

interface RawRow {
  row: number;
  /** canonical field → raw value */
  fields: Map<string, unknown>;
  /** coordinate system declared for this row (column header, crs member, coord_sys value) */
  declaredCrs?: { crs: DeclaredCrs; where: Pair };
  messages: string[];
  errors: number;
  warnings: number;
}

interface FileResult {
  format: ImportFormat;
  rows?: RawRow[];
  fileErrors: Pair[];
  fileWarnings: Pair[];
  /** 'row' for CSV, 'feature' for GeoJSON */
  unit: 'row' | 'feature';
}

function detectFormat(name: string, body: string): ImportFormat | 'excel' | 'binary' {
  const ext = (/\.([a-z0-9]+)$/i.exec(name.trim())?.[1] ?? '').toLowerCase();
  if (body.startsWith('PK\u0003\u0004') || ext === 'xlsx' || ext === 'xls' || ext === 'ods') return 'excel';
  if (body.includes('\u0000')) return 'binary';
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') return 'geojson';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (first === '<' || ['kml', 'kmz', 'shp', 'gpx', 'xml', 'zip', 'dbf'].includes(ext)) return 'unknown';
  return 'csv';
}

// ───────────────────────────── CSV ─────────────────────────────

function readCsv(body: string, maxRows: number): FileResult {
  const res: FileResult = { format: 'csv', fileErrors: [], fileWarnings: [], unit: 'row' };
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, dynamicTyping: false, delimitersToGuess: [',', '\t', ';', '|'] });
  const quoteErr = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteErr) {
    const r = (quoteErr.row ?? 0) + 1;
    res.fileErrors.push(
      pair(`CSV 格式错误：第${r}行附近引号不匹配（含逗号或换行的字段须用英文双引号括起，字段内的双引号写作 ""）`,
        `malformed CSV: unmatched quote near row ${r} (quote fields containing commas or line breaks with "…", and write a quote inside a field as "")`),
    );
    return res;
  }
  const records = parsed.data;
  const isEmpty = (r: string[]) => r.every((c) => c.trim() === '');
  const headerIdx = records.findIndex((r) => !isEmpty(r));
  if (headerIdx < 0) {
    res.fileErrors.push(pair('文件为空', 'the file is empty'));
    return res;
  }
  const header = records[headerIdx];
  const dataIdx: number[] = [];
  for (let i = headerIdx + 1; i < records.length; i++) if (!isEmpty(records[i])) dataIdx.push(i);
  if (dataIdx.length > maxRows) {
    res.fileErrors.push(pair(`行数过多：${dataIdx.length} 行，上限 ${maxRows} 行；请分批导入`, `too many rows: ${dataIdx.length}, the limit is ${maxRows}; import in parts`));
    return res;
  }

  // map columns
  const colField: (string | undefined)[] = [];
  const seen = new Map<string, string>();
  const ignored: string[] = [];
  const colCrs: (DeclaredCrs | undefined)[] = [];
  header.forEach((h, i) => {
    const norm = normKey(h);
    let field = ALIAS_TO_FIELD.get(norm);
    const hc = field ? undefined : headerCrs(norm);
    if (hc) {
      field = hc.field;
      colCrs[i] = hc.crs;
    }
    if (!field) {
      if (norm && !KNOWN_IGNORED.has(norm)) ignored.push(h.trim());
      return;
    }
    if (seen.has(field)) {
      res.fileWarnings.push(pair(`列“${h.trim()}”与“${seen.get(field)}”重复，已忽略`, `column “${h.trim()}” duplicates “${seen.get(field)}” and is ignored`));
      return;
    }
    seen.set(field, h.trim());
    colField[i] = field;
  });
  const missing: string[] = [];
  if (!seen.has('name')) missing.push('name/名称');
  if (!seen.has('category') && !seen.has('category_zh')) missing.push('category/类别');
  if (!seen.has('lon')) missing.push('lon/经度');
  if (!seen.has('lat')) missing.push('lat/纬度');
  if (missing.length) {
    res.fileErrors.push(
      pair(`缺少必需的列：${missing.join('、')}（表头须含 name、category、lon、lat，或 名称、类别、经度、纬度）`,
        `missing required column(s): ${missing.join(', ')} (the header needs name, category, lon, lat — or 经度/纬度, longitude/latitude, x/y)`),
    );
    return res;
  }
  if (ignored.length) res.fileWarnings.push(pair(`未识别的列已忽略：${ignored.join('、')}`, `unrecognised columns ignored: ${ignored.join(', ')}`));

  res.rows = dataIdx.map((i) => {
    const rec = records[i];
    const raw: RawRow = { row: i + 1, fields: new Map(), messages: [], errors: 0, warnings: 0 };
    if (rec.length > header.length && rec.slice(header.length).some((c) => c.trim() !== '')) {
      raw.messages.push(
        bi(`第${raw.row}行：有 ${rec.length} 个字段，表头只有 ${header.length} 列（含逗号的字段须用双引号括起）`,
          `row ${raw.row}: has ${rec.length} fields but the header has ${header.length} columns (quote fields that contain commas)`),
      );
      raw.errors++;
    }
    rec.forEach((cell, c) => {
      const f = colField[c];
      if (!f) return;
      raw.fields.set(f, cell);
      const crs = colCrs[c];
      if (crs && cell.trim() !== '' && !raw.declaredCrs) raw.declaredCrs = { crs, where: [`列“${header[c].trim()}”`, `column “${header[c].trim()}”`] };
    });
    return raw;
  });
  return res;
}

// ───────────────────────────── GeoJSON ─────────────────────────────

const FeatureCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  crs: z.unknown().optional(),
});
const FeatureSchema = z.looseObject({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: z.union([z.null(), z.looseObject({ type: z.string(), coordinates: z.unknown().optional() })]),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
});

function readGeoJSON(body: string, maxRows: number): FileResult {
  const res: FileResult = { format: 'geojson', fileErrors: [], fileWarnings: [], unit: 'feature' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const pos = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    const line = pos ? body.slice(0, Number(pos)).split('\n').length : undefined;
    res.fileErrors.push(
      pair(`JSON 格式错误，无法解析${line ? `（第 ${line} 行附近）` : ''}；请检查括号和逗号，或重新导出`, `malformed JSON, cannot be parsed${line ? ` (near line ${line})` : ''}; check brackets and commas, or export it again`),
    );
    return res;
  }
  const fc = FeatureCollectionSchema.safeParse(json);
  if (!fc.success) {
    const t = json && typeof json === 'object' && !Array.isArray(json) ? String((json as { type?: unknown }).type ?? '') : Array.isArray(json) ? 'array' : typeof json;
    res.fileErrors.push(
      pair(`GeoJSON 须为点要素的 FeatureCollection（此文件为 ${t || '未知类型'}）`,
        `GeoJSON must be a FeatureCollection of Point features (this file is ${t || 'of unknown type'})`),
    );
    return res;
  }
  const features = fc.data.features;
  if (features.length === 0) {
    res.fileErrors.push(pair('文件中没有要素', 'the file has no features'));
    return res;
  }
  if (features.length > maxRows) {
    res.fileErrors.push(pair(`要素过多：${features.length} 个，上限 ${maxRows} 个；请分批导入`, `too many features: ${features.length}, the limit is ${maxRows}; import in parts`));
    return res;
  }
  let fileCrs: DeclaredCrs | undefined;
  const crsName = (fc.data.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crsName === 'string') {
    const c = crsFromDeclaration(crsName);
    if (c && c !== 'unknown' && (c.kind === 'gcj02' || c.kind === 'bd09')) fileCrs = c.kind;
  }
  const bad: string[] = [];
  const parsed = features.map((f, i) => {
    const r = FeatureSchema.safeParse(f);
    if (!r.success) bad.push(`${i + 1}`);
    else if (r.data.geometry && r.data.geometry.type !== 'Point') bad.push(`${i + 1} (${r.data.geometry.type})`);
    return r.success ? r.data : undefined;
  });
  if (bad.length) {
    const list = bad.slice(0, 10).join(', ') + (bad.length > 10 ? ` … (+${bad.length - 10})` : '');
    res.fileErrors.push(
      pair(`只能导入点（Point）要素；以下要素不是点要素或不是合法的 Feature：${list}`,
        `only Point features can be imported; these features are not Points or not valid Features: ${list}`),
    );
    return res;
  }
  const ignored = new Set<string>();
  res.rows = parsed.map((f, i) => {
    const raw: RawRow = { row: i + 1, fields: new Map(), messages: [], errors: 0, warnings: 0 };
    const props = f?.properties ?? {};
    for (const [k, v] of Object.entries(props)) {
      const norm = normKey(k);
      const field = ALIAS_TO_FIELD.get(norm);
      if (!field) {
        if (!KNOWN_IGNORED.has(norm)) ignored.add(k);
        continue;
      }
      if (field === 'lon' || field === 'lat') continue; // coordinates come from the geometry
      if (!raw.fields.has(field)) raw.fields.set(field, v);
    }
    if (!raw.fields.has('id') && f?.id !== undefined) raw.fields.set('id', String(f.id));
    const coords = f?.geometry?.coordinates;
    if (Array.isArray(coords) && Array.isArray(coords[0])) {
      // checked with a loop: deep nesting gets this message, never a stack overflow
      raw.messages.push(bi(`第${i + 1}个要素：坐标数组嵌套过深（点的坐标应为 [经度, 纬度]）`, `feature ${i + 1}: coordinate arrays nested too deeply (a point is [longitude, latitude])`));
      raw.errors++;
    } else if (Array.isArray(coords)) {
      raw.fields.set('lon', coords[0]);
      raw.fields.set('lat', coords[1]);
    }
    if (fileCrs) raw.declaredCrs = { crs: fileCrs, where: ['GeoJSON crs', 'GeoJSON crs'] };
    return raw;
  });
  if (ignored.size) {
    const list = [...ignored].slice(0, 20).join(', ');
    res.fileWarnings.push(pair(`未识别的属性已忽略：${list}`, `unrecognised properties ignored: ${list}`));
  }
  return res;
}

// ───────────────────────────── row validation ─────────────────────────────

interface ValidRow {
  raw: RawRow;
  id?: string;
  props: Omit<InventoryItemProps, 'id'>;
  lon: number;
  lat: number;
}

/** Surveying convention (测量坐标): X is the northing. A pair given as (northing, easting) is turned round. */
const isNorthing = (v: number) => v > 1e6 && v < 6.5e6;
const isEasting = (v: number) => (v > 0 && v < 1e6) || (v >= 1.3e7 && v < 4.6e7);
function orient([a, b]: XY): XY {
  return isNorthing(a) && isEasting(b) && !(isNorthing(b) && isEasting(a)) ? [b, a] : [a, b];
}

interface Ctx {
  /** the transform for projected coordinates (a declared EPSG code or the user's choice) */
  projected?: { tx: (xy: XY) => XY; label: Pair };
  /** how many rows were converted, by source system */
  converted: { gcj02: number; bd09: number; projected: number };
  unit: 'row' | 'feature';
  fileName: string;
  region: Feature<Polygon | MultiPolygon>;
  regionBbox: number[];
  existingIds: Set<string>;
  existingByKey: Map<string, { id: string; name: string; coord: Position }[]>;
}

function validateRow(raw: RawRow, ctx: Ctx): ValidRow | undefined {
  const pz = ctx.unit === 'row' ? `第${raw.row}行` : `第${raw.row}个要素`;
  const pe = ctx.unit === 'row' ? `row ${raw.row}` : `feature ${raw.row}`;
  const err = (zh: string, en: string) => {
    raw.messages.push(`${pz}：${zh} / ${pe}: ${en}`);
    raw.errors++;
  };
  const warn = (zh: string, en: string) => {
    raw.messages.push(`${pz}：${zh} / ${pe}: ${en}`);
    raw.warnings++;
  };

  const text = (field: string, multiline = false): string | undefined => {
    const v = raw.fields.get(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object') {
      warn(`字段 ${field} 不是文本，已忽略`, `field ${field} is not text and was ignored`);
      return undefined;
    }
    let s = cleanText(String(v), multiline);
    if (!s) return undefined;
    const chars = Array.from(s);
    if (chars.length > MAX_TEXT) {
      s = chars.slice(0, MAX_TEXT).join('');
      warn(`字段 ${field} 超过 ${MAX_TEXT} 字，已截断`, `field ${field} is longer than ${MAX_TEXT} characters and was cut`);
    }
    return s;
  };

  const id = text('id');
  const name = text('name');
  const name_en = text('name_en');
  const categoryRaw = text('category') ?? text('category_zh');
  const level = text('level');
  let city = text('city');
  const county = text('county');
  const description = text('description', true);
  const basis = text('basis', true);
  const note = text('note', true);
  const accuracyRaw = text('accuracy');
  const coordSys = text('coord_sys');

  if (!name) err('缺少名称', 'missing name');

  const category = categoryRaw ? findCategory(categoryRaw) : undefined;
  if (!categoryRaw) err('缺少类别', 'missing category');
  else if (!category) err(`未知类别 “${categoryRaw}”（须为清单 15 类之一，可填编号、中文或英文名称）`, `unknown category “${categoryRaw}” (use one of the 15 categories of the list: id, Chinese or English name)`);

  let accuracy: AccuracyClass = 'approximate';
  if (accuracyRaw) {
    const a = ACCURACY_ALIASES[accuracyRaw.toLowerCase()];
    if (a) accuracy = a;
    else err(`未知精度 “${accuracyRaw}”（可填 ${ACCURACY.join('、')}，或留空）`, `unknown accuracy “${accuracyRaw}” (use ${ACCURACY.join(', ')} or leave empty)`);
  }

  // declared coordinate system
  let declared = raw.declaredCrs;
  if (coordSys) {
    const c = classifyCrs(coordSys);
    if (c === 'gcj02' || c === 'bd09') declared = { crs: c, where: [`坐标系 “${coordSys}”`, `coordinate system “${coordSys}”`] };
    else if (c === 'unknown') warn(`无法识别的坐标系 “${coordSys}”，按 WGS84/CGCS2000 处理`, `unrecognised coordinate system “${coordSys}”, treated as WGS84/CGCS2000`);
  }

  // coordinates: decimal degrees, 度分秒 / 度分 strings, or projected metres (with the file's chosen CRS)
  const lonR = parseCoord(raw.fields.get('lon'), 'lon');
  const latR = parseCoord(raw.fields.get('lat'), 'lat');
  let lon: number | undefined;
  let lat: number | undefined;
  if (!lonR.ok || !latR.ok) {
    for (const [r, zh, en] of [[lonR, '经度', 'longitude'], [latR, '纬度', 'latitude']] as const) {
      if (r.ok) continue;
      if (r.kind === 'missing') err(`缺少${zh}`, `missing ${en}`);
      else if (r.kind === 'comma') err(`${zh} “${r.raw}” 使用了逗号作小数点，请改用英文句点`, `${en} “${r.raw}” uses a comma as decimal separator; use a point`);
      else if (r.kind === 'minutes') err(`${zh} “${r.raw}” 的分或秒不小于 60`, `${en} “${r.raw}” has minutes or seconds of 60 or more`);
      else if (r.kind === 'hemisphere') err(`${zh} “${r.raw}” 的方位字母不符（经度用 E/W，纬度用 N/S）`, `${en} “${r.raw}” has the wrong hemisphere letter (E/W for longitude, N/S for latitude)`);
      else err(`${zh} “${r.raw}” 不是坐标（可用十进制度、度分秒如 112°33′15″，或高斯-克吕格米制坐标）`, `${en} “${r.raw}” is not a number in decimal degrees, 度分秒 (112°33′15″) or Gauss-Krüger metres`);
    }
  } else {
    let x = lonR.value;
    let y = latR.value;
    let projectedOk = true;
    if (looksProjected(x, y)) {
      if (!ctx.projected) {
        projectedOk = false;
        err(`坐标 (${x}, ${y}) 像是投影坐标（米），但未确定坐标系；请选择坐标系，或转换为 WGS84/CGCS2000 经纬度`, `coordinates (${x}, ${y}) look projected (metres) but no coordinate system was chosen; pick one, or convert them to WGS84/CGCS2000 longitude/latitude in decimal degrees`);
      } else {
        [x, y] = ctx.projected.tx(orient([x, y]));
        ctx.converted.projected++;
      }
    } else if (declared) {
      [x, y] = gcoord.transform([x, y], declared.crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
      ctx.converted[declared.crs]++;
    }
    if (!projectedOk) {
      /* reported above */
    } else if (looksLikeLat(x) && looksLikeLon(y)) {
      err(`经纬度可能填反了：经度列为 ${x}（像纬度），纬度列为 ${y}（像经度），请交换两列`, `longitude and latitude look swapped: the longitude column holds ${x} (a latitude) and the latitude column ${y} (a longitude); swap the columns`);
    } else if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) {
      err(`坐标 (${x}, ${y}) 超出经纬度范围`, `coordinates (${x}, ${y}) are out of range for longitude/latitude`);
    } else {
      const [w, s, e, n] = ctx.regionBbox;
      const inside = x >= w && x <= e && y >= s && y <= n && booleanPointInPolygon([x, y], ctx.region);
      if (!inside) {
        err(`坐标 (${+x.toFixed(6)}, ${+y.toFixed(6)}) 不在山西中部城市群范围内`, `coordinates (${+x.toFixed(6)}, ${+y.toFixed(6)}) are outside the Central Shanxi region`);
      } else {
        lon = x;
        lat = y;
      }
    }
  }

  if (city) {
    const mapped = REGION_CITIES[city.toLowerCase()];
    if (mapped) city = mapped;
    if (!REGION_CITY_SET.has(city)) warn(`城市 “${city}” 不属于山西中部城市群五市`, `city “${city}” is not one of the five cities of the region`);
  }

  if (id && ctx.existingIds.has(id)) err(`编号 “${id}” 已被现有条目使用`, `id “${id}” is already used by an existing item`);

  // duplicates against the existing inventory
  if (name && category && lon !== undefined && lat !== undefined) {
    const same = ctx.existingByKey.get(nameKey(name, category.id)) ?? [];
    let nearest: { id: string; name: string; d: number } | undefined;
    for (const e of same) {
      const d = turfDistance([lon, lat], e.coord, { units: 'meters' });
      if (!nearest || d < nearest.d) nearest = { id: e.id, name: e.name, d };
    }
    if (nearest && nearest.d <= DUPLICATE_DISTANCE_M) {
      err(`重复：与现有条目 “${nearest.name}”（${nearest.id}）同名同类，相距 ${Math.round(nearest.d)} 米`, `duplicate: same name and category as existing item “${nearest.name}” (${nearest.id}), ${Math.round(nearest.d)} m away`);
    } else if (nearest) {
      warn(`现有条目 “${nearest.name}”（${nearest.id}）同名同类，相距 ${(nearest.d / 1000).toFixed(1)} 公里，请核对`, `existing item “${nearest.name}” (${nearest.id}) has the same name and category, ${(nearest.d / 1000).toFixed(1)} km away; please check`);
    }
  }

  if (raw.errors || !name || !category || lon === undefined || lat === undefined) return undefined;
  const props: Omit<InventoryItemProps, 'id'> = {
    name,
    ...(name_en ? { name_en } : {}),
    kind: 'inventory-item',
    class: category.class,
    category: category.id,
    category_zh: category.zh,
    ...(level ? { level } : {}),
    ...(city ? { city } : {}),
    ...(county ? { county } : {}),
    ...(description ? { description } : {}),
    ...(basis ? { basis } : {}),
    public: category.public,
    accuracy,
    source_doc: IMPORT_SOURCE_DOC,
    source_section: ctx.fileName,
    ...(note ? { note } : {}),
  };
  return { raw, id, props, lon, lat };
}

// ───────────────────────────── main ─────────────────────────────

function finish(format: ImportFormat, rows: RawRow[], fileErrors: Pair[], fileWarnings: Pair[], items: InventoryItem[], notes: Pair[] = [], crsChoice?: CrsChoice[]): ImportReport {
  const rowReports: ImportRowReport[] = rows.map((r) => ({
    row: r.row,
    status: r.errors ? 'error' : r.warnings ? 'warning' : 'ok',
    messages: r.messages,
  }));
  const rowErrors = rowReports.filter((r) => r.status === 'error').length;
  const warningCount = rows.reduce((n, r) => n + r.warnings, 0) + fileWarnings.length;
  const errorCount = rows.reduce((n, r) => n + r.errors, 0) + fileErrors.length;
  const ok = errorCount === 0 && items.length > 0;
  let summary: string;
  if (fileErrors.length) {
    const [zh, en] = fileErrors[0];
    summary = bi(`${zh}。未导入任何条目`, `${en[0].toUpperCase()}${en.slice(1)}. Nothing was imported.`);
  } else if (rowErrors) {
    summary = bi(
      `${rows.length} 条中有 ${rowErrors} 条存在错误，未导入任何条目；请修改后重新导入`,
      `${rowErrors} of ${rows.length} rows have errors; nothing was imported — fix them and import again`,
    );
  } else {
    summary = bi(
      `可导入 ${items.length} 条${warningCount ? `（${warningCount} 条警告，请核对）` : ''}`,
      `${items.length} items ready to import${warningCount ? ` (${warningCount} warnings, please check)` : ''}`,
    );
  }
  return {
    ok,
    format,
    items: ok ? items : [],
    rows: rowReports,
    messages: [...fileErrors, ...fileWarnings].map(([zh, en]) => bi(zh, en)),
    errorCount,
    warningCount,
    summary,
    notes: notes.map(([zh, en]) => bi(zh, en)),
    ...(crsChoice ? { crsChoice } : {}),
  };
}

/**
 * Parses and validates an inventory file (CSV or GeoJSON). All or nothing: `items` is non-empty only
 * when `ok`, i.e. when the file and every row are valid (warnings allowed).
 */
export function parseInventoryFile(name: string, input: string | Uint8Array, opts: ImportOptions): ImportReport {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const fileName = cleanText(name, false).slice(0, MAX_TEXT) || 'import';
  const extFormat: ImportFormat = /\.(geo)?json$/i.test(fileName) ? 'geojson' : /\.(csv|tsv|txt)$/i.test(fileName) ? 'csv' : 'unknown';
  const tooLarge = () =>
    finish(extFormat, [], [pair(`文件过大：超过 ${fmtBytes(maxBytes)} 上限；请分批导入`, `file too large: over the ${fmtBytes(maxBytes)} limit; import in parts`)], [], []);
  const notes: Pair[] = [];

  // size first: no decoding or parsing of an oversized file
  let text: string;
  if (typeof input === 'string') {
    if (utf8Bytes(input, maxBytes) > maxBytes) return tooLarge();
    text = input;
  } else {
    if (input.length > maxBytes) return tooLarge();
    if (input[0] === 0x50 && input[1] === 0x4b && input[2] === 3 && input[3] === 4) text = 'PK\u0003\u0004';
    else {
      try {
        const d = decodeText(input);
        text = d.text;
        if (d.encoding !== 'utf-8') notes.push(pair(`文字编码识别为 ${ENCODING_LABEL[d.encoding]}`, `text encoding detected as ${ENCODING_LABEL[d.encoding]}`));
      } catch {
        return finish(extFormat, [], [pair('无法识别文件的文字编码（不是 UTF-8、UTF-16、GBK 或 GB18030）；请另存为 UTF-8 后导入', 'the text encoding is not recognised (not UTF-8, UTF-16, GBK or GB18030); save it as UTF-8 and import again')], [], []);
      }
    }
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return finish(extFormat, [], [pair('文件为空', 'the file is empty')], [], []);

  const detected = detectFormat(fileName, body);
  if (detected === 'excel') {
    return finish('unknown', [], [pair('这是 Excel 文件；请在 Excel 中“另存为 → CSV（逗号分隔）”后导入（GBK 或 UTF-8 均可）', 'this is an Excel workbook; save it as “CSV (comma delimited)” (GBK or UTF-8) and import that')], [], []);
  }
  if (detected === 'binary' || detected === 'unknown') {
    return finish('unknown', [], [pair('无法识别的文件格式；清单请导入 CSV 或 GeoJSON（其他格式可在“我的数据”中导入）', 'unrecognised file format; import the inventory as CSV or GeoJSON (other formats go to “My data”)')], [], []);
  }
  if (body.includes('\uFFFD')) {
    return finish(detected, [], [pair('文件含无法解码的字符（编码损坏）；请在 Excel 中“另存为 → CSV UTF-8”', 'the file holds characters that cannot be decoded (a damaged encoding); save it as “CSV UTF-8” and import again')], [], []);
  }

  const file = detected === 'csv' ? readCsv(body, maxRows) : readGeoJSON(body, maxRows);
  if (file.fileErrors.length || !file.rows) return finish(file.format, [], file.fileErrors, file.fileWarnings, [], notes);
  if (file.rows.length === 0) return finish(file.format, [], [pair('文件中没有数据行', 'the file has no data rows')], file.fileWarnings, [], notes);

  // projected (metre) coordinates: a declared EPSG code, the user's choice, or candidates to choose from
  let projected: Ctx['projected'];
  const samples: XY[] = [];
  for (const r of file.rows) {
    if (samples.length >= 500) break;
    const a = parseCoord(r.fields.get('lon'), 'lon');
    const b = parseCoord(r.fields.get('lat'), 'lat');
    if (a.ok && b.ok && looksProjected(a.value, b.value)) samples.push(orient([a.value, b.value]));
  }
  if (samples.length) {
    const declaredCode = file.rows.map((r) => r.fields.get('coord_sys')).find((v) => typeof v === 'string' && /\d{4}/.test(v));
    const declared = typeof declaredCode === 'string' ? crsFromDeclaration(declaredCode) : undefined;
    const chosen = declared && declared !== 'unknown' && declared.kind === 'projected' ? declared : opts.crs ? crsById(opts.crs) : undefined;
    if (chosen && chosen.kind === 'projected') {
      projected = { tx: transformFor(chosen), label: [chosen.label.zh, chosen.label.en] };
      notes.push(pair(`投影坐标按 ${chosen.label.zh} 转换为经纬度`, `projected coordinates converted from ${chosen.label.en}`));
    } else {
      const [[w, s], [e, n]] = [[turfBbox(opts.region)[0], turfBbox(opts.region)[1]], [turfBbox(opts.region)[2], turfBbox(opts.region)[3]]];
      const candidates = inferGaussKruger(samples, [[w, s], [e, n]]);
      if (candidates.length) {
        const choice = candidates.map((c) => ({ id: c.crs.id, label: c.crs.label, inside: c.inside }));
        return finish(
          file.format,
          [],
          [pair(`坐标为投影坐标（米），文件未说明坐标系；按数值判断可能是 ${choice[0].label.zh}，请确认坐标系后再检查`, `the coordinates are projected (metres) and the file does not say in which system; from the numbers it may be ${choice[0].label.en} — confirm the system, then check again`)],
          file.fileWarnings,
          [],
          notes,
          choice,
        );
      }
    }
  }

  if (/gcj|bd-?09|高德|百度|腾讯|amap|gaode|baidu/i.test(fileName)) {
    file.fileWarnings.push(
      pair('文件名提示坐标可能来自高德/百度地图（GCJ‑02/BD‑09，偏移数百米）；如未转换为 WGS84，请先转换',
        'the file name suggests coordinates from Amap/Baidu (GCJ‑02/BD‑09, offset by a few hundred metres); convert them to WGS84 if not done yet'),
    );
  }

  // existing inventory index
  const existingIds = new Set<string>();
  const existingByKey = new Map<string, { id: string; name: string; coord: Position }[]>();
  for (const f of opts.existing) {
    const p = f.properties ?? {};
    const id = p.id ?? f.id;
    if (id !== undefined && id !== null) existingIds.add(String(id));
    if (f.geometry?.type !== 'Point' || typeof p.name !== 'string' || typeof p.category !== 'string') continue;
    const key = nameKey(p.name, p.category);
    const list = existingByKey.get(key) ?? [];
    list.push({ id: String(id ?? ''), name: p.name, coord: f.geometry.coordinates });
    existingByKey.set(key, list);
  }
  const ctx: Ctx = { unit: file.unit, fileName, region: opts.region, regionBbox: turfBbox(opts.region), existingIds, existingByKey, projected, converted: { gcj02: 0, bd09: 0, projected: 0 } };

  const valid: ValidRow[] = [];
  const firstById = new Map<string, number>();
  const firstByKey = new Map<string, number>();
  for (const raw of file.rows) {
    const v = validateRow(raw, ctx);
    // duplicates within the file (checked on the raw values, even when the row has other errors)
    const id = raw.fields.get('id');
    const idStr = id === undefined || id === null || typeof id === 'object' ? '' : cleanText(String(id), false);
    const pz = file.unit === 'row' ? `第${raw.row}行` : `第${raw.row}个要素`;
    const pe = file.unit === 'row' ? `row ${raw.row}` : `feature ${raw.row}`;
    const ref = (n: number) => (file.unit === 'row' ? [`第${n}行`, `row ${n}`] : [`第${n}个要素`, `feature ${n}`]);
    if (idStr) {
      const first = firstById.get(idStr);
      if (first !== undefined) {
        const [rz, re] = ref(first);
        raw.messages.push(`${pz}：编号 “${idStr}” 与${rz}重复 / ${pe}: duplicate id “${idStr}” (same as ${re})`);
        raw.errors++;
      } else firstById.set(idStr, raw.row);
    }
    const nm = raw.fields.get('name');
    const catRaw = raw.fields.get('category') ?? raw.fields.get('category_zh');
    const cat = typeof catRaw === 'string' ? findCategory(catRaw) : undefined;
    const nmStr = typeof nm === 'string' || typeof nm === 'number' ? cleanText(String(nm), false) : '';
    if (nmStr && cat) {
      const key = nameKey(nmStr, cat.id);
      const first = firstByKey.get(key);
      if (first !== undefined) {
        const [rz, re] = ref(first);
        raw.messages.push(`${pz}：重复，与${rz}同名同类 “${nmStr}” / ${pe}: duplicate — same name and category as ${re} (“${nmStr}”)`);
        raw.errors++;
      } else firstByKey.set(key, raw.row);
    }
    if (v && !raw.errors) valid.push(v);
  }

  const anyError = file.rows.some((r) => r.errors > 0);
  const items: InventoryItem[] = [];
  if (!anyError) {
    const used = new Set([...existingIds, ...valid.flatMap((v) => (v.id ? [v.id] : []))]);
    let n = 1;
    for (const v of valid) {
      let id = v.id;
      if (!id) {
        while (used.has(`import-${n}`)) n++;
        id = `import-${n}`;
        used.add(id);
      }
      const props: InventoryItemProps = { id, ...v.props };
      const check = InventoryItemSchema.safeParse(props);
      if (!check.success) {
        v.raw.messages.push(bi(`第${v.raw.row}行：内部校验失败（${check.error.issues[0]?.message}）`, `row ${v.raw.row}: internal validation failed (${check.error.issues[0]?.message})`));
        v.raw.errors++;
        continue;
      }
      items.push({ type: 'Feature', id, properties: props, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } });
    }
  }
  // conversions done (visible notes)
  if (ctx.converted.gcj02) notes.push(pair(`${ctx.converted.gcj02} 条坐标声明为 GCJ‑02，已转换为 WGS84（误差约 1–2 米）`, `${ctx.converted.gcj02} coordinates declared as GCJ‑02 were converted to WGS84 (error about 1–2 m)`));
  if (ctx.converted.bd09) notes.push(pair(`${ctx.converted.bd09} 条坐标声明为 BD‑09，已转换为 WGS84（误差约 1–2 米）`, `${ctx.converted.bd09} coordinates declared as BD‑09 were converted to WGS84 (error about 1–2 m)`));
  // plausibility: more items of a category than the 清单 lists
  file.fileWarnings.push(...countWarnings(items, opts.existing));
  return finish(file.format, file.rows, file.fileErrors, file.fileWarnings, items, notes);
}

/**
 * A warning for each category that the import would take above its official count in the 清单
 * (e.g. “重点文保单位：导入后 111 条，清单公布 110 条”): a sign of duplicates or a wrong category.
 */
export function countWarnings(items: readonly Feature[], existing: readonly Feature[]): Pair[] {
  const added = new Map<string, number>();
  for (const f of items) {
    const c = String(f.properties?.category ?? '');
    added.set(c, (added.get(c) ?? 0) + 1);
  }
  const out: Pair[] = [];
  for (const [id, n] of added) {
    const cat = CATEGORY_BY_ID.get(id);
    if (!cat || cat.unit !== 'item') continue;
    const before = existing.filter((f) => f.properties?.category === id).length;
    const after = before + n;
    if (after > cat.count) {
      out.push(
        pair(
          `“${cat.zh}”导入后共 ${after} 条（原有 ${before} 条 + 导入 ${n} 条），超过清单公布的 ${cat.approx ? '约' : ''}${cat.count} 条；请核对是否有重复或类别填错`,
          `“${cat.en}” would have ${after} items (${before} + ${n} imported), more than the ${cat.approx ? 'about ' : ''}${cat.count} the list publishes; check for duplicates or wrong categories`,
        ),
      );
    }
  }
  return out;
}
