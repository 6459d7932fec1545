/**
 * Text tables (CSV / TXT: comma, tab, semicolon or | separated) with coordinate columns →
 * point features. Parsed with papaparse here, in our own worker (papaparse's `worker: true`
 * breaks in Vite production builds). Columns are recognised by name (经度/纬度, lon/lat, x/y,
 * 东坐标/北坐标 …) and, where names are ambiguous, by their values.
 */
import Papa from 'papaparse';
import { ImportProblem, msg, type Msg } from '../messages';
import { parseCoordinate } from '../coordinates';
import { crsFromDeclaration, looksProjected } from '../crs';
import { cleanKey } from '../text';
import type { RawFeature, RawLayer, Progress } from './types';

export interface Table {
  header: string[];
  /** data rows (empty rows skipped) with their spreadsheet row number (header = row 1 if first) */
  rows: { row: number; cells: string[] }[];
}

export function readTable(text: string, maxRows: number, progress?: Progress): Table {
  const body = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let quoteRow: number | undefined;
  const total = body.length;
  let next = 0;
  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: false,
    dynamicTyping: false,
    delimitersToGuess: [',', '\t', ';', '|'],
    step: (r) => {
      if (quoteRow === undefined && r.errors.some((e) => e.type === 'Quotes')) quoteRow = records.length + 1;
      records.push(r.data);
      const cursor = r.meta.cursor;
      if (progress && cursor >= next) {
        progress('parse', cursor, total);
        next = cursor + total / 50;
      }
    },
  });
  if (quoteRow !== undefined) {
    throw new ImportProblem(
      msg(`第 ${quoteRow} 行附近引号不匹配`, `unmatched quote near row ${quoteRow}`),
      msg('含逗号或换行的字段须用英文双引号括起，字段内的双引号写作 ""', 'quote fields that contain commas or line breaks with "…", and write a quote inside a field as ""'),
    );
  }
  const isEmpty = (r: string[]) => r.every((c) => c.trim() === '');
  const headerIdx = records.findIndex((r) => !isEmpty(r));
  if (headerIdx < 0) throw new ImportProblem(msg('文件为空', 'the file is empty'), msg('请选择含数据的文件', 'choose a file with data'));
  const rows: Table['rows'] = [];
  for (let i = headerIdx + 1; i < records.length; i++) if (!isEmpty(records[i])) rows.push({ row: i + 1, cells: records[i] });
  if (rows.length > maxRows) {
    throw new ImportProblem(msg(`行数过多：${rows.length} 行，上限 ${maxRows} 行`, `too many rows: ${rows.length}, the limit is ${maxRows}`), msg('请分批导入', 'import it in parts'));
  }
  return { header: records[headerIdx].map((h) => h.replace(/^\uFEFF/, '').trim()), rows };
}

/** Normalised header: lower case, no spaces, dashes, underscores or brackets. */
export const normKey = (k: string) => k.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_\-（）()【】[\]]+/g, '');

const EAST = ['lon', 'lng', 'long', 'longitude', '经度', '东经', 'easting', '东坐标', '东向坐标', 'e', 'wgs84经度', 'wgs84lon', '经度wgs84', '经度e', 'lon84', '经度°'];
const NORTH = ['lat', 'latitude', '纬度', '北纬', 'northing', '北坐标', '北向坐标', 'n', 'wgs84纬度', 'wgs84lat', '纬度wgs84', '纬度n', 'lat84', '纬度°'];
const AMBIG_X = ['x', 'x坐标', '横坐标', 'xcoord', 'pointx', 'coordx'];
const AMBIG_Y = ['y', 'y坐标', '纵坐标', 'ycoord', 'pointy', 'coordy'];
const CRS_COLS = ['coordsys', 'crs', 'srs', 'coordsystem', 'coordinatesystem', '坐标系', '坐标系统'];

/** Columns named like gcj_lng / 高德经度 / bd_lat declare GCJ-02 / BD-09 for that column. */
export function headerCrs(norm: string): { axis: 'east' | 'north'; crs: 'gcj02' | 'bd09' } | undefined {
  const crs = /gcj|火星|高德|腾讯|amap|gaode/.test(norm) ? 'gcj02' : /bd09|^bd|bd$|百度|baidu/.test(norm) ? 'bd09' : undefined;
  if (!crs) return undefined;
  const rest = norm.replace(/gcj02|gcj|火星|高德|腾讯|amap|gaode|bd09|bd|百度|baidu/g, '');
  if (/^(lon|lng|long|longitude|x|经度)$/.test(rest)) return { axis: 'east', crs };
  if (/^(lat|latitude|y|纬度)$/.test(rest)) return { axis: 'north', crs };
  return undefined;
}

export interface CoordColumns {
  east: number;
  north: number;
  /** how the two columns were chosen (a note for the user when it was not by name) */
  how?: Msg;
  declared?: 'gcj02' | 'bd09';
  crsColumn?: number;
}

function numbersOf(t: Table, col: number, n = 200): number[] {
  const out: number[] = [];
  for (const r of t.rows) {
    if (out.length >= n) break;
    const p = parseCoordinate(r.cells[col]);
    if (p.ok) out.push(p.value);
  }
  return out;
}
const isNorthing = (v: number) => v > 1e6 && v < 6.5e6;
const isEasting = (v: number) => (v > 0 && v < 1e6) || (v >= 1.3e7 && v < 4.6e7);

/** Finds the coordinate columns; throws when there are none. */
export function coordinateColumns(t: Table): CoordColumns {
  const norm = t.header.map(normKey);
  const find = (names: string[]) => norm.findIndex((h) => names.includes(h));
  let east = find(EAST);
  let north = find(NORTH);
  let declared: CoordColumns['declared'];
  if (east < 0 || north < 0) {
    norm.forEach((h, i) => {
      const hc = headerCrs(h);
      if (!hc) return;
      if (hc.axis === 'east' && east < 0) east = i;
      if (hc.axis === 'north' && north < 0) north = i;
      declared = hc.crs;
    });
  }
  const crsColumn = find(CRS_COLS);
  let how: Msg | undefined;
  const xi = find(AMBIG_X);
  const yi = find(AMBIG_Y);
  if ((east < 0 || north < 0) && xi >= 0 && yi >= 0) {
    const xs = numbersOf(t, xi);
    const ys = numbersOf(t, yi);
    const projected = xs.length > 0 && ys.length > 0 && looksProjected(xs[0], ys[0]);
    if (projected && xs.every(isNorthing) && ys.every(isEasting)) {
      // surveying convention (测量坐标): X is the northing, Y the easting
      east = yi;
      north = xi;
      how = msg(`按数值判断：“${t.header[xi]}” 为北坐标，“${t.header[yi]}” 为东坐标（测量坐标系 X 向北）`, `judged from the values: “${t.header[xi]}” is the northing and “${t.header[yi]}” the easting (surveying convention, X points north)`);
    } else if (!projected && xs.length && xs.every((v) => v >= 3 && v <= 54) && ys.every((v) => v >= 73 && v <= 136)) {
      east = yi;
      north = xi;
      how = msg(`按数值判断：“${t.header[yi]}” 为经度，“${t.header[xi]}” 为纬度`, `judged from the values: “${t.header[yi]}” is the longitude and “${t.header[xi]}” the latitude`);
    } else {
      east = xi;
      north = yi;
    }
  }
  if (east < 0 || north < 0) {
    throw new ImportProblem(
      msg('找不到坐标列', 'no coordinate columns found'),
      msg('表头须含 经度、纬度（或 lon、lat，x、y，东坐标、北坐标）两列', 'the header needs two coordinate columns: 经度/纬度, lon/lat, x/y or easting/northing'),
    );
  }
  return { east, north, how, declared, crsColumn: crsColumn >= 0 ? crsColumn : undefined };
}

/** Problems of one row, and the point it gave (in the file's own units). */
export interface RowPoint {
  row: number;
  xy?: [number, number];
  problems: Msg[];
}

/** Parses the two coordinate cells of a row (decimal, 度分秒, 度分, or metres). */
export function rowPoint(cells: string[], cols: CoordColumns, row: number, headers: string[]): RowPoint {
  const problems: Msg[] = [];
  const pe = parseCoordinate(cells[cols.east], 'lon');
  const pn = parseCoordinate(cells[cols.north], 'lat');
  for (const [p, h] of [[pe, headers[cols.east]], [pn, headers[cols.north]]] as const) {
    if (p.ok) continue;
    if (p.kind === 'missing') problems.push(msg(`缺少 “${h}”`, `“${h}” is empty`));
    else if (p.kind === 'comma') problems.push(msg(`“${h}” 的值 “${p.raw}” 用了逗号作小数点，请改用句点`, `“${h}” holds “${p.raw}” with a comma as decimal separator; use a point`));
    else if (p.kind === 'minutes') problems.push(msg(`“${h}” 的值 “${p.raw}” 中分或秒不小于 60`, `“${h}” holds “${p.raw}”, whose minutes or seconds are 60 or more`));
    else if (p.kind === 'hemisphere') problems.push(msg(`“${h}” 的值 “${p.raw}” 的方位字母与该列不符（经度用 E/W，纬度用 N/S）`, `“${h}” holds “${p.raw}”, whose hemisphere letter does not fit the column (E/W for longitude, N/S for latitude)`));
    else problems.push(msg(`“${h}” 的值 “${String(p.raw).slice(0, 40)}” 不是坐标（可用十进制度、度分秒 112°33′15″ 或米）`, `“${h}” holds “${String(p.raw).slice(0, 40)}”, which is not a coordinate (decimal degrees, 112°33′15″ or metres)`));
  }
  return { row, xy: pe.ok && pn.ok ? [pe.value, pn.value] : undefined, problems };
}

/** A table → raw point layer. Rows whose coordinates do not parse carry their problem. */
export function tableToLayer(t: Table, name: string): { layer: RawLayer; rowProblems: { row: number; problems: Msg[] }[] } {
  const cols = coordinateColumns(t);
  const columns = t.header.map((h, i) => cleanKey(h, i));
  const notes: Msg[] = cols.how ? [cols.how] : [];
  const rowProblems: { row: number; problems: Msg[] }[] = [];
  const features: RawFeature[] = [];
  for (const r of t.rows) {
    const p = rowPoint(r.cells, cols, r.row, t.header);
    if (p.problems.length) {
      rowProblems.push({ row: r.row, problems: p.problems });
      continue;
    }
    const properties: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (i !== cols.east && i !== cols.north && r.cells[i] !== undefined && r.cells[i] !== '') properties[c] = r.cells[i];
    });
    features.push({ geometry: { type: 'Point', coordinates: p.xy }, properties, where: { unit: 'row', n: r.row } });
  }
  const layer: RawLayer = { name, features, columns: columns.filter((_, i) => i !== cols.east && i !== cols.north), notes };
  let declaredCrs = cols.declared ? crsFromDeclaration(cols.declared) : undefined;
  let where = msg(`列 “${t.header[cols.east]}”`, `column “${t.header[cols.east]}”`);
  if (cols.crsColumn !== undefined) {
    const values = new Set(t.rows.map((r) => (r.cells[cols.crsColumn!] ?? '').trim()).filter(Boolean));
    if (values.size > 1) {
      throw new ImportProblem(msg(`“${t.header[cols.crsColumn]}” 列中有多种坐标系`, `the column “${t.header[cols.crsColumn]}” names several coordinate systems`), msg('请把不同坐标系的数据分成不同文件导入', 'put data of each coordinate system in its own file'));
    }
    const v = [...values][0];
    if (v) {
      const c = crsFromDeclaration(v);
      if (c === 'unknown') throw new ImportProblem(msg(`无法识别坐标系 “${v.slice(0, 60)}”`, `the coordinate system “${v.slice(0, 60)}” is not recognised`), msg('可写 WGS84、CGCS2000、EPSG 编号、GCJ-02 或 BD-09', 'write WGS84, CGCS2000, an EPSG code, GCJ-02 or BD-09'));
      if (c) {
        declaredCrs = c;
        where = msg(`列 “${t.header[cols.crsColumn]}” = ${v}`, `column “${t.header[cols.crsColumn]}” = ${v}`);
      }
    }
  }
  if (declaredCrs && declaredCrs !== 'unknown') layer.declared = { crs: declaredCrs, where };
  return { layer, rowProblems };
}
