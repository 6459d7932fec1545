/**
 * Shapefiles: a .zip holding .shp/.dbf/.prj/.cpg (or those files chosen together). Geometry and
 * records are read by shpjs; the encoding of the .dbf is decided here (shpjs reads a GBK .dbf with
 * no .cpg, or a .cpg of `936`, as garbage) and the .prj is read here too, so that Gauss-Krüger
 * zones and their inference work as for every other format.
 */
import { parseShp, parseDbf } from 'shpjs';
import { ImportProblem, fmtBytes, msg } from '../messages';
import { unzipCapped } from './unzip';
import { dbfEncoding, ENCODING_LABEL } from '../encoding';
import { crsFromPrj } from '../crs';
import type { RawFeature, RawLayer } from './types';

export interface ShapefileParts {
  name: string;
  shp?: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

/** Groups the files of a zip (or of a multi-file selection) by shapefile base name. */
export function groupShapefiles(files: Record<string, Uint8Array>): ShapefileParts[] {
  const by = new Map<string, ShapefileParts>();
  for (const [path, bytes] of Object.entries(files)) {
    if (/(^|\/)__MACOSX\//.test(path) || /(^|\/)\._/.test(path)) continue;
    const m = /^(.*?)([^/]+)\.(shp|dbf|prj|cpg)$/i.exec(path);
    if (!m) continue;
    const key = (m[1] + m[2]).toLowerCase();
    const part = by.get(key) ?? { name: m[2] };
    const ext = m[3].toLowerCase();
    if (ext === 'shp') part.shp = bytes;
    else if (ext === 'dbf') part.dbf = bytes;
    else if (ext === 'prj') part.prj = new TextDecoder().decode(bytes);
    else part.cpg = new TextDecoder().decode(bytes);
    by.set(key, part);
  }
  return [...by.values()];
}

/** The shapefiles of a zip; refused when the zip would inflate past `maxUnpacked` bytes. */
export function unzipShapefiles(bytes: Uint8Array, maxUnpacked: number): ShapefileParts[] {
  return groupShapefiles(unzipCapped(bytes, (name) => /\.(shp|dbf|prj|cpg)$/i.test(name), maxUnpacked, { zh: 'zip 文件', en: 'the zip file' }));
}

/**
 * A .dbf's header says how many records it holds and how long each is; a file that claims more
 * than its bytes can hold (4 000 000 000 records in a few bytes) is damaged or forged, and reading
 * it record by record would never end. Checked before reading.
 */
export function checkDbfHeader(dbf: Uint8Array, name: string, maxFeatures: number) {
  const fix = msg('请在 GIS 软件中重新导出 Shapefile', 'export the Shapefile again from GIS software');
  if (dbf.length < 33) throw new ImportProblem(msg(`${name}.dbf 不完整（只有 ${dbf.length} 字节）`, `${name}.dbf is incomplete (${dbf.length} bytes)`), fix);
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const needed = headerLength + records * recordLength;
  if (headerLength < 33 || recordLength < 1 || headerLength > dbf.length || needed > dbf.length) {
    throw new ImportProblem(
      msg(
        `${name}.dbf 的文件头声称有 ${records.toLocaleString('zh-CN')} 条记录（需要 ${fmtBytes(needed)}），但文件只有 ${fmtBytes(dbf.length)}：文件已损坏或被截断`,
        `${name}.dbf claims ${records.toLocaleString('en-US')} records in its header (${fmtBytes(needed)}), but the file holds only ${fmtBytes(dbf.length)}: it is damaged or cut short`,
      ),
      fix,
    );
  }
  if (records > maxFeatures) {
    throw new ImportProblem(msg(`要素过多：${records} 个，上限 ${maxFeatures} 个`, `too many features: ${records}, the limit is ${maxFeatures}`), msg('请拆分为几个文件分别导入', 'split it into several files and import them one by one'));
  }
}

export function readShapefile(part: ShapefileParts, file: string, maxFeatures: number): RawLayer {
  const fix = msg('请确认 .shp、.shx、.dbf 来自同一次导出，或在 GIS 软件中重新导出', 'check that the .shp, .shx and .dbf come from one export, or export again from GIS software');
  if (!part.shp) {
    throw new ImportProblem(msg(`缺少 ${part.name}.shp（只有 ${part.dbf ? '.dbf' : '.prj/.cpg'}）`, `${part.name}.shp is missing (only ${part.dbf ? '.dbf' : '.prj/.cpg'})`), msg('请把同名的 .shp、.shx、.dbf、.prj 一起打包成 zip 后导入', 'zip the .shp, .shx, .dbf and .prj of the same name together and import that'));
  }
  let geoms: unknown[];
  try {
    geoms = parseShp(new DataView(part.shp.buffer, part.shp.byteOffset, part.shp.byteLength), false as never) as unknown[];
  } catch {
    throw new ImportProblem(msg(`${part.name}.shp 无法读取（文件损坏或不完整）`, `${part.name}.shp cannot be read (damaged or incomplete)`), fix);
  }
  if (geoms.length > maxFeatures) {
    throw new ImportProblem(msg(`要素过多：${geoms.length} 个，上限 ${maxFeatures} 个`, `too many features: ${geoms.length}, the limit is ${maxFeatures}`), msg('请拆分为几个文件分别导入', 'split it into several files and import them one by one'));
  }
  const notes = [];
  let records: Record<string, unknown>[] = [];
  let encoding: string | undefined;
  if (part.dbf) {
    checkDbfHeader(part.dbf, part.name, maxFeatures);
    const enc = dbfEncoding(part.dbf, part.cpg);
    encoding = ENCODING_LABEL[enc.encoding];
    try {
      records = parseDbf(new DataView(part.dbf.buffer, part.dbf.byteOffset, part.dbf.byteLength), enc.encoding) as Record<string, unknown>[];
    } catch {
      throw new ImportProblem(msg(`${part.name}.dbf 无法读取（属性表损坏）`, `${part.name}.dbf cannot be read (damaged attribute table)`), fix);
    }
    if (records.length !== geoms.length) {
      throw new ImportProblem(msg(`${part.name}.dbf 有 ${records.length} 条记录，${part.name}.shp 有 ${geoms.length} 个图形，不一致`, `${part.name}.dbf has ${records.length} records but ${part.name}.shp has ${geoms.length} shapes`), fix);
    }
    if (enc.how !== 'cpg') {
      notes.push(
        enc.how === 'ldid'
          ? msg(`${part.name}.dbf 没有 .cpg，按文件头的语言标识读作 ${encoding}`, `${part.name}.dbf has no .cpg; read as ${encoding} from its language-driver byte`)
          : msg(`${part.name}.dbf 没有 .cpg，按内容判断为 ${encoding}`, `${part.name}.dbf has no .cpg; its text reads as ${encoding}`),
      );
    }
  } else {
    notes.push(msg(`没有 ${part.name}.dbf：只导入图形，没有属性`, `no ${part.name}.dbf: shapes only, no attributes`));
  }
  const columns = records.length ? Object.keys(records[0]) : [];
  const features: RawFeature[] = geoms.map((g, i) => ({ geometry: g, properties: records[i] ?? {}, where: { unit: 'feature', n: i + 1 } }));
  const layer: RawLayer = { name: part.name, features, columns, encoding, notes };
  if (part.prj?.trim()) layer.declared = { prj: crsFromPrj(part.prj, `${part.name}.prj`) };
  else notes.push(msg(`没有 ${part.name}.prj：坐标系由数值判断`, `no ${part.name}.prj: the coordinate system is judged from the numbers`));
  return layer;
}
