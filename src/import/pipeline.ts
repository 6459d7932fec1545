/**
 * One import pipeline for the whole app (the 清单 inventory importer and 我的数据 both use its
 * parts): bytes → text (encoding detected) → features in the file's coordinates → WGS84 (CRS
 * declared, or inferred and confirmed by the user) → checked, cleaned features. All or nothing:
 * a file with any problem gives no layer, and a list of problems that each say where and what to do.
 * Pure and synchronous: it runs in the import worker (and in unit tests).
 */
import type { Feature, Geometry } from 'geojson';
import { z } from '../lib/zod';
import { gpx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { ImportProblem, asProblem, msg, whereText, type Msg } from './messages';
import { decodeText, ENCODING_LABEL } from './encoding';
import { GEOGRAPHIC, inferGaussKruger, crsById, transformFor, type CrsInfo, type XY } from './crs';
import { checkGeometry, eachPosition, kindOf, type GeometryKind } from './geometry';
import { cleanKey, cleanValue } from './text';
import { detectFormat } from './formats/detect';
import { readGeoJSON } from './formats/geojson';
import { readKml, kmzKml } from './formats/kml';
import { readShapefile, unzipShapefiles, groupShapefiles } from './formats/shapefile';
import { readTable, tableToLayer } from './formats/table';
import { LIMITS_FOR_UI } from './limits';
import type { RawLayer, Progress } from './formats/types';
import type { StoreError } from '../storage/db';


/** Limits (measured; see limits.ts and README "Importing files"). */
export const LIMITS = {
  /** bytes of one file */
  maxBytes: LIMITS_FOR_UI.maxBytes,
  /** features (or table rows) in one file */
  maxFeatures: 200_000,
  /** vertices in one file */
  maxVertices: 4_000_000,
  /**
   * bytes a .zip / .kmz may unpack to: twice what a single file may be (a zipped shapefile's .shp
   * and .dbf together). An archive that inflates past it is refused as too large while unpacking.
   */
  maxUnpacked: 2 * LIMITS_FOR_UI.maxBytes,
};

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface ParseOptions {
  /** a CRS the user confirmed for projected numbers with no declaration (crs.ts id) */
  crs?: string;
  /** the study area [[w, s], [e, n]]: inference ranks candidates by it; features outside get a note */
  area: [[number, number], [number, number]];
  maxFeatures?: number;
  maxVertices?: number;
  /** bytes an archive may unpack to (LIMITS.maxUnpacked) */
  maxUnpacked?: number;
  progress?: Progress;
}

export interface ParsedLayer {
  name: string;
  /** true when `name` is only the file's name (the file has no title of its own): the UI offers a rename */
  namedAfterFile: boolean;
  fileName: string;
  /** WGS84; feature.id = its index (0…n-1); properties cleaned for display */
  features: Feature[];
  geometry: GeometryKind | 'mixed';
  columns: string[];
  bbox: [number, number, number, number];
  crs: { label: Msg; how: 'declared' | 'confirmed' | 'assumed' };
  encoding?: string;
  /** visible notes: conversions done, encodings assumed, features outside the area … */
  notes: Msg[];
  vertices: number;
  /** set by the import worker when it has stored the features in IndexedDB itself (or was refused) */
  stored?: { id: string; ok: boolean; error?: StoreError };
}

export interface CrsChoice {
  id: string;
  label: Msg;
  /** share of sample points inside the study area */
  inside: number;
}

export type ParseResult =
  | { status: 'ok'; layers: ParsedLayer[] }
  /** `reason`: why the user is asked (default: projected numbers with no declaration) */
  | { status: 'confirm-crs'; candidates: CrsChoice[]; notes: Msg[]; reason?: Msg }
  | { status: 'error'; problems: Msg[] };

/** Problems listed at most per file (the rest are counted). */
const MAX_PROBLEMS = 30;

const baseName = (n: string) => n.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');

function readLayers(files: InputFile[], opts: ParseOptions): { layers: RawLayer[]; rowProblems: { where: Msg; problems: Msg[] }[] } {
  const maxFeatures = opts.maxFeatures ?? LIMITS.maxFeatures;
  const main = files[0];
  const format = detectFormat(files.map((f) => f.name), main.bytes.subarray(0, 64));
  const name = baseName(main.name);
  const text = () => {
    const d = decodeText(main.bytes);
    return d;
  };
  switch (format) {
    case 'geojson':
      return { layers: [readGeoJSON(text().text, name, maxFeatures)], rowProblems: [] };
    case 'kml':
      return { layers: [readKml(text().text, name, maxFeatures)], rowProblems: [] };
    case 'kmz':
      return { layers: [readKml(decodeText(kmzKml(main.bytes, opts.maxUnpacked ?? LIMITS.maxUnpacked)).text, name, maxFeatures)], rowProblems: [] };
    case 'gpx': {
      const doc = new DOMParser().parseFromString(text().text, 'text/xml');
      const fc = gpx(doc as never);
      return {
        layers: [{ name, features: fc.features.map((f, i) => ({ geometry: f.geometry, properties: f.properties ?? {}, where: { unit: 'feature', n: i + 1 } })), columns: [...new Set(fc.features.flatMap((f) => Object.keys(f.properties ?? {})))], notes: [] }],
        rowProblems: [],
      };
    }
    case 'shapefile-zip':
    case 'shapefile-parts': {
      const parts = format === 'shapefile-zip' ? unzipShapefiles(main.bytes, opts.maxUnpacked ?? LIMITS.maxUnpacked) : groupShapefiles(Object.fromEntries(files.map((f) => [f.name, f.bytes])));
      if (!parts.length) {
        throw new ImportProblem(
          msg('zip 中没有 Shapefile（.shp）', 'the zip holds no Shapefile (.shp)'),
          msg('请把同名的 .shp、.shx、.dbf、.prj 一起打包成 zip；其他格式请导出为 GeoJSON', 'zip the .shp, .shx, .dbf and .prj of the same name together; export other formats as GeoJSON'),
        );
      }
      return { layers: parts.map((p) => readShapefile(p, main.name, maxFeatures)), rowProblems: [] };
    }
    case 'table': {
      const d = text();
      const table = readTable(d.text, maxFeatures, opts.progress);
      const { layer, rowProblems } = tableToLayer(table, name);
      layer.encoding = ENCODING_LABEL[d.encoding];
      if (d.encoding !== 'utf-8') layer.notes.push(msg(`文字编码识别为 ${layer.encoding}`, `text encoding detected as ${layer.encoding}`));
      return { layers: [layer], rowProblems: rowProblems.map((r) => ({ where: whereText({ unit: 'row', n: r.row }), problems: r.problems })) };
    }
  }
}

/** First positions of a raw layer (for deciding its CRS), at most n. */
function samplePositions(layer: RawLayer, n = 500): XY[] {
  const out: XY[] = [];
  for (const f of layer.features) {
    if (out.length >= n) break;
    const check = checkGeometry(f.geometry, (p) => p, () => msg('', ''));
    if (check.ok) eachPosition(check.geometry, (p) => out.length < n && out.push([p[0], p[1]]));
  }
  return out;
}

type Decision = { tx: (xy: XY) => XY; label: Msg; how: ParsedLayer['crs']['how']; notes: Msg[]; geographic: boolean } | { confirm: CrsChoice[]; reason?: Msg };

/** The choice that reads a .prj with an unknown datum as WGS84 / CGCS2000, once the user says so. */
export const PRJ_DATUM_AS_WGS84 = 'prj-datum-as-wgs84';

function decideCrs(layer: RawLayer, opts: ParseOptions): Decision {
  const d = layer.declared;
  if (d && 'prj' in d) {
    const p = d.prj;
    const geographic = p.crs.kind === 'geographic';
    if (p.unknownDatum && opts.crs !== PRJ_DATUM_AS_WGS84) {
      // never read silently as WGS84: the user confirms, seeing where the points would land
      const [[w, s], [e, n]] = opts.area;
      const samples = samplePositions(layer).map((xy) => p.toWgs84(xy));
      const inside = samples.length ? samples.filter(([x, y]) => x >= w && x <= e && y >= s && y <= n).length / samples.length : 0;
      const label = msg(`按 WGS84 / CGCS2000 读取 ${p.crs.label.zh}（不做基准面转换）`, `read ${p.crs.label.en} as WGS84 / CGCS2000 (no datum shift)`);
      return { confirm: [{ id: PRJ_DATUM_AS_WGS84, label, inside }], reason: p.unknownDatum };
    }
    const notes = p.unknownDatum ? [...p.warnings, msg('基准面未知，经用户确认按 WGS84 / CGCS2000 读取，位置可能偏差数十至数百米', 'unknown datum, read as WGS84 / CGCS2000 as the user confirmed: positions may be off by tens to hundreds of metres')] : p.warnings;
    return { tx: p.toWgs84, label: p.crs.label, how: p.unknownDatum ? 'confirmed' : 'declared', notes, geographic };
  }
  if (d) {
    const notes: Msg[] = [];
    if (d.crs.kind === 'gcj02' || d.crs.kind === 'bd09') {
      notes.push(msg(`文件声明坐标为 ${d.crs.label.zh}（${d.where.zh}），已转换为 WGS84（转换误差约 1–2 米）`, `the file declares ${d.crs.label.en} (${d.where.en}); converted to WGS84 (error about 1–2 m)`));
    }
    return { tx: transformFor(d.crs), label: d.crs.label, how: 'declared', notes, geographic: d.crs.kind !== 'projected' };
  }
  const samples = samplePositions(layer);
  const projected = samples.some(([x, y]) => Math.abs(x) > 360 || Math.abs(y) > 360);
  if (!projected) return { tx: (xy) => xy, label: GEOGRAPHIC.label, how: 'assumed', notes: [], geographic: true };
  if (opts.crs) {
    const c = crsById(opts.crs);
    if (c) return { tx: transformFor(c), label: c.label, how: 'confirmed', notes: [], geographic: c.kind !== 'projected' };
  }
  const candidates = inferGaussKruger(samples, opts.area);
  if (!candidates.length) {
    throw new ImportProblem(
      msg('坐标是投影坐标（米），但不符合 CGCS2000 高斯-克吕格 3° 或 6° 分带，文件也没有 .prj 坐标系说明', 'the coordinates are projected (metres) but fit no CGCS2000 Gauss-Krüger 3° or 6° zone, and the file does not say which system it uses'),
      msg('请附上 .prj 文件，或在 GIS 软件中投影为 CGCS2000 / WGS84 经纬度后重新导出', 'include the .prj file, or reproject to CGCS2000 / WGS84 longitude/latitude in GIS software and export again'),
    );
  }
  return { confirm: candidates.map((c) => ({ id: c.crs.id, label: c.crs.label, inside: c.inside })) };
}

const propsSchema = z.record(z.string(), z.unknown());

/** Parse one file (or the parts of one shapefile) into WGS84 layers. Never throws. */
export function parseFiles(files: InputFile[], opts: ParseOptions): ParseResult {
  const file = files[0]?.name ?? 'file';
  try {
    const { layers: raws, rowProblems } = readLayers(files, opts);
    const problems: Msg[] = [];
    const push = (where: Msg, what: Msg) => {
      problems.push(msg(`${file}，${where.zh}：${what.zh}`, `${file}, ${where.en}: ${what.en}`));
    };
    for (const r of rowProblems) for (const p of r.problems) push(r.where, p);
    const out: ParsedLayer[] = [];
    const maxVertices = opts.maxVertices ?? LIMITS.maxVertices;
    let vertices = 0;
    for (const raw of raws) {
      const dec = decideCrs(raw, opts);
      if ('confirm' in dec) return { status: 'confirm-crs', candidates: dec.confirm, notes: raw.notes, ...(dec.reason ? { reason: dec.reason } : {}) };
      const features: Feature[] = [];
      const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      let outside = 0;
      const [[aw, as], [ae, an]] = opts.area;
      const layerName = raws.length > 1 ? raw.name : undefined;
      const keys = new Map<string, string>();
      const keyOf = (k: string) => {
        let c = keys.get(k);
        if (c === undefined) keys.set(k, (c = cleanKey(k, keys.size)));
        return c;
      };
      const total = raw.features.length;
      raw.features.forEach((rf, i) => {
        if (opts.progress && i % 5000 === 0) opts.progress('check', i, total);
        if (rf.geometry === null || rf.geometry === undefined) {
          push(whereText(rf.where && { ...rf.where, layer: layerName }), msg('没有几何图形', 'it has no geometry'));
          return;
        }
        let badPos: XY | undefined;
        const tx = (p: XY): XY | undefined => {
          if (dec.geographic && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) {
            badPos = p;
            return undefined;
          }
          const q = dec.tx(p);
          if (!Number.isFinite(q[0]) || !Number.isFinite(q[1]) || Math.abs(q[0]) > 180 || Math.abs(q[1]) > 90) {
            badPos = p;
            return undefined;
          }
          return [q[0], q[1]];
        };
        const check = checkGeometry(rf.geometry, tx, () =>
          msg(`坐标 (${badPos?.join(', ')}) 不在 ${dec.label.zh} 的有效范围内`, `the coordinates (${badPos?.join(', ')}) are out of range for ${dec.label.en}`),
        );
        if (!check.ok) {
          push(whereText(rf.where && { ...rf.where, layer: layerName }), check.problem);
          return;
        }
        vertices += check.vertices;
        let allIn = true;
        eachPosition(check.geometry, ([x, y]) => {
          if (x < bbox[0]) bbox[0] = x;
          if (y < bbox[1]) bbox[1] = y;
          if (x > bbox[2]) bbox[2] = x;
          if (y > bbox[3]) bbox[3] = y;
          if (x < aw - 1 || x > ae + 1 || y < as - 1 || y > an + 1) allIn = false;
        });
        if (!allIn) outside++;
        const props: Record<string, string | number | boolean | null> = {};
        const src = propsSchema.safeParse(rf.properties).success ? rf.properties : {};
        for (const [k, v] of Object.entries(src)) {
          const cv = cleanValue(v);
          if (cv !== null) props[keyOf(k)] = cv;
        }
        features.push({ type: 'Feature', id: features.length, geometry: check.geometry as Geometry, properties: props });
      });
      if (vertices > maxVertices) {
        throw new ImportProblem(msg(`顶点过多：${vertices} 个，上限 ${maxVertices} 个`, `too many vertices: ${vertices}, the limit is ${maxVertices}`), msg('请在 GIS 软件中简化图形或拆分文件后导入', 'simplify the shapes or split the file in GIS software and import again'));
      }
      if (!features.length && !problems.length) {
        throw new ImportProblem(msg('文件中没有要素', 'the file has no features'), msg('请选择含数据的文件', 'choose a file with data'));
      }
      const notes = [...raw.notes, ...dec.notes];
      if (dec.how === 'assumed') notes.push(msg('文件未声明坐标系，按 WGS84 / CGCS2000 经纬度读取', 'the file does not declare a coordinate system; read as WGS84 / CGCS2000 longitude/latitude'));
      if (dec.how === 'confirmed') notes.push(msg(`坐标系由数值推断并经确认：${dec.label.zh}`, `coordinate system inferred from the numbers and confirmed: ${dec.label.en}`));
      if (outside) notes.push(msg(`${outside} 个要素在山西中部城市群范围之外，请核对坐标系`, `${outside} features lie outside the Central Shanxi region; check the coordinate system`));
      const kinds = new Set(features.map((f) => kindOf(f.geometry)));
      // the file's own title names the layer where it has one (a KML Document, a GeoJSON's name), else the file
      const title = raw.title ? cleanTitle(raw.title) : '';
      out.push({
        name: title || (raws.length > 1 ? `${baseName(file)} › ${raw.name}` : raw.name),
        namedAfterFile: !title && raws.length <= 1,
        fileName: file.replace(/^.*[\\/]/, ''),
        features,
        geometry: kinds.size === 1 ? ([...kinds][0] as ParsedLayer['geometry']) : 'mixed',
        columns: raw.columns.map((c) => keyOf(c)),
        bbox,
        crs: { label: dec.label, how: dec.how },
        encoding: raw.encoding,
        notes,
        vertices,
      });
    }
    if (problems.length) {
      const shown = problems.slice(0, MAX_PROBLEMS);
      if (problems.length > MAX_PROBLEMS) shown.push(msg(`另有 ${problems.length - MAX_PROBLEMS} 个问题未列出`, `${problems.length - MAX_PROBLEMS} more problems are not listed`));
      shown.push(msg('未导入任何要素：请改正以上问题后重新导入', 'nothing was imported: fix the problems above and import again'));
      return { status: 'error', problems: shown };
    }
    return { status: 'ok', layers: out };
  } catch (e) {
    return { status: 'error', problems: [asProblem(e).text(file)] };
  }
}

/** A title from a file, as plain text of a sensible length (no control or bidi-override characters). */
function cleanTitle(t: string): string {
  return t.replace(/[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}

export { crsById };
export type { CrsInfo };
