/**
 * Coordinate systems as Chinese offices send them, all brought to WGS84 lon/lat:
 * - WGS84 / CGCS2000 geographic (CGCS2000 is treated as WGS84: they differ by centimetres);
 * - CGCS2000 Gauss-Krüger 3° and 6° zones, with or without the zone number in the easting
 *   (EPSG:4491–4554; proj4 does not ship them, so they are defined here), declared by a .prj
 *   (any WKT proj4 reads) or an EPSG code, or inferred from the numbers for the user to confirm;
 * - GCJ-02 (高德/腾讯) and BD-09 (百度), converted with gcoord when a file declares them.
 */
import proj4 from 'proj4';
import gcoord from 'gcoord';
import { ImportProblem, msg, type Msg } from './messages';

export type Lon = number;
export type Lat = number;
export type XY = [number, number];

export interface CrsInfo {
  /** 'EPSG:4326', 'EPSG:4547', 'GCJ02', 'BD09', or 'WKT' (a .prj that proj4 read) */
  id: string;
  label: Msg;
  kind: 'geographic' | 'projected' | 'gcj02' | 'bd09';
}

const WGS84 = 'WGS84';
const GRS80 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs');
/** EPSG codes of the CGCS2000 Gauss-Krüger systems and their parameters. */
interface GkDef {
  code: number;
  cm: number;
  falseEasting: number;
  width: 3 | 6;
  zone?: number;
}
const GK: GkDef[] = [];
for (let z = 13; z <= 23; z++) GK.push({ code: 4491 + z - 13, cm: 6 * z - 3, falseEasting: z * 1e6 + 5e5, width: 6, zone: z });
for (let i = 0; i <= 10; i++) GK.push({ code: 4502 + i, cm: 75 + 6 * i, falseEasting: 5e5, width: 6 });
for (let z = 25; z <= 45; z++) GK.push({ code: 4513 + z - 25, cm: 3 * z, falseEasting: z * 1e6 + 5e5, width: 3, zone: z });
for (let i = 0; i <= 20; i++) GK.push({ code: 4534 + i, cm: 75 + 3 * i, falseEasting: 5e5, width: 3 });
const GK_BY_CODE = new Map(GK.map((g) => [g.code, g]));
for (const g of GK) proj4.defs(`EPSG:${g.code}`, `+proj=tmerc +lat_0=0 +lon_0=${g.cm} +k=1 +x_0=${g.falseEasting} +y_0=0 ${GRS80}`);

function gkLabel(g: GkDef): Msg {
  if (g.zone) {
    return msg(
      `CGCS2000 高斯-克吕格 ${g.width}° 分带第 ${g.zone} 带（横坐标含带号，中央经线 ${g.cm}°E，EPSG:${g.code}）`,
      `CGCS2000 Gauss-Krüger ${g.width}° zone ${g.zone} (zone number in the easting, central meridian ${g.cm}°E, EPSG:${g.code})`,
    );
  }
  const same = g.width === 3 && (g.cm - 3) % 6 === 0 ? msg(`；与 6° 带第 ${(g.cm + 3) / 6} 带相同`, `; the same as 6° zone ${(g.cm + 3) / 6}`) : msg('', '');
  return msg(
    `CGCS2000 高斯-克吕格 ${g.width}° 带，中央经线 ${g.cm}°E（横坐标不含带号，EPSG:${g.code}${same.zh}）`,
    `CGCS2000 Gauss-Krüger ${g.width}° zone, central meridian ${g.cm}°E (no zone number in the easting, EPSG:${g.code}${same.en})`,
  );
}

export const GEOGRAPHIC: CrsInfo = { id: 'EPSG:4326', label: msg('WGS84 / CGCS2000 经纬度', 'WGS84 / CGCS2000 longitude/latitude'), kind: 'geographic' };
export const GCJ02: CrsInfo = { id: 'GCJ02', label: msg('GCJ-02（高德/腾讯坐标）', 'GCJ-02 (Amap/Tencent)'), kind: 'gcj02' };
export const BD09: CrsInfo = { id: 'BD09', label: msg('BD-09（百度坐标）', 'BD-09 (Baidu)'), kind: 'bd09' };

/** A CRS by id: 'EPSG:4326' / 'EPSG:4490' / 'EPSG:4491'…'EPSG:4554' / 'GCJ02' / 'BD09'. */
export function crsById(id: string): CrsInfo | undefined {
  const up = id.trim().toUpperCase();
  if (up === 'GCJ02') return GCJ02;
  if (up === 'BD09') return BD09;
  const code = Number(/^EPSG:(\d+)$/.exec(up)?.[1]);
  if (code === 4326 || code === 4490 || code === 4979 || code === 4167) return { ...GEOGRAPHIC, id: `EPSG:${code}` };
  const g = GK_BY_CODE.get(code);
  if (g) return { id: `EPSG:${code}`, label: gkLabel(g), kind: 'projected' };
  return undefined;
}

/** A coordinate-system name or code written in a file (GeoJSON `crs`, a 坐标系 column …). */
export function crsFromDeclaration(value: string): CrsInfo | 'unknown' | undefined {
  const raw = value.trim();
  if (!raw) return undefined;
  const v = raw.toLowerCase().replace(/[\s_\-:：]+/g, '');
  if (/gcj|火星|高德|腾讯|amap|gaode|tencent/.test(v)) return GCJ02;
  if (/bd09|baidu|百度/.test(v)) return BD09;
  const code = /(?:epsg|crs)?(?:::?)?(\d{4,5})$/.exec(v)?.[1];
  if (code && /epsg|^\d{4,5}$/.test(v)) return crsById(`EPSG:${code}`) ?? 'unknown';
  if (/crs84|wgs84|wgs1984|cgcs2000|国家2000|2000国家|cgcs|4326|4490/.test(v) && !/gk|gauss|高斯|投影|zone|带/.test(v)) return GEOGRAPHIC;
  return 'unknown';
}

export interface PrjResult {
  crs: CrsInfo;
  /** forward transform source → WGS84 lon/lat */
  toWgs84: (xy: XY) => XY;
  warnings: Msg[];
  /**
   * The .prj names a datum the app has no shift for (neither WGS84/CGCS2000 nor the Beijing/Xi'an
   * systems, and no TOWGS84 parameters): reading it as WGS84 needs the user's word. What to ask.
   */
  unknownDatum?: Msg;
}

/** Datums read as WGS84 without a shift: WGS84 itself, CGCS2000 and ITRF realisations (centimetres apart). */
const SAME_AS_WGS84 = /^(d_)?(wgs_?84|wgs_?1984|world_geodetic_system_1984|china_2000|cgcs_?2000|china_geodetic_coordinate_system_2000|itrf_?\d*)$/;
/** Beijing 1954 / Xi'an 1980: read as CGCS2000 with a warning (no public shift parameters). */
const CHINA_OLD = /beijing|xian|xi'an|北京|西安/;
/** Every Earth ellipsoid in use has a semi-major axis between 6 377 and 6 379 km (Mars: 3 396 km, the Moon: 1 737 km). */
const isEarth = (a: number | undefined) => a !== undefined && a > 6_370_000 && a < 6_390_000;
/** proj4's datum types: 1/2 = a 3/7-parameter shift it applies, 4 = WGS84, 5 = none known */
const PJD_3PARAM = 1;
const PJD_7PARAM = 2;
const PJD_WGS84 = 4;

/** Reads a .prj (ESRI or OGC WKT). Throws an ImportProblem when proj4 cannot read it. */
export function crsFromPrj(wkt: string, file: string): PrjResult {
  const text = wkt.trim();
  let def: { projName?: string; name?: string; title?: string; datumCode?: string; a?: number; ellps?: string; datum?: { datum_type?: number } };
  let conv: proj4.Converter;
  try {
    def = proj4.Proj(text) as unknown as typeof def;
    conv = proj4(text, WGS84);
  } catch {
    throw new ImportProblem(
      msg(`无法识别 ${file} 中的坐标系定义`, `the coordinate system in ${file} is not recognised`),
      msg('请在 GIS 软件中将数据投影为 CGCS2000 或 WGS84 后重新导出', 'reproject the data to CGCS2000 or WGS84 in GIS software and export it again'),
    );
  }
  const name = String(def.name ?? def.title ?? 'WKT').replace(/_/g, ' ');
  const warnings: Msg[] = [];
  const datum = `${text} ${def.datumCode ?? ''}`.toLowerCase();
  const datumName = String(def.datumCode ?? '').replace(/_/g, ' ') || (name === 'WKT' ? '' : name);
  // another planet's (or the Moon's) coordinates have no place on this map: refused, whatever else the file says
  if (!isEarth(def.a)) {
    const a = def.a ? `${Math.round(def.a).toLocaleString('en').replace(/,/g, ' ')} m` : '?';
    throw new ImportProblem(
      msg(`${file} 的坐标系 ${name} 不是地球上的坐标系（基准面 ${datumName || '未注明'}，椭球长半轴 ${a}，地球约 6 378 137 m）`, `the coordinate system ${name} in ${file} is not on Earth (datum ${datumName || 'not named'}, ellipsoid semi-major axis ${a}; Earth's is about 6 378 137 m)`),
      msg('本图只能显示地球上的数据：请检查 .prj 是否属于这份数据', 'this map shows data on Earth only: check that the .prj belongs to this data'),
    );
  }
  const type = def.datum?.datum_type;
  const code = String(def.datumCode ?? '').toLowerCase();
  const known = type === PJD_WGS84 || type === PJD_3PARAM || type === PJD_7PARAM || SAME_AS_WGS84.test(code) || CHINA_OLD.test(datum);
  const unknownDatum = known
    ? undefined
    : msg(
        `${file} 的坐标系 ${name} 使用基准面“${datumName || '未注明'}”，本图没有它到 WGS84 的转换参数。若按 WGS84 / CGCS2000 读取，位置可能偏差数十至数百米。`,
        `the coordinate system ${name} in ${file} uses the datum “${datumName || 'not named'}”, which this map has no shift to WGS84 for. Read as WGS84 / CGCS2000, positions may be off by tens to hundreds of metres.`,
      );
  if (CHINA_OLD.test(datum)) {
    warnings.push(
      msg(
        `坐标系 ${name} 基于 1954 北京或 1980 西安坐标系；因无公开的转换参数，按 CGCS2000 处理，位置可能偏差数十米`,
        `the coordinate system ${name} is based on Beijing 1954 or Xi'an 1980; with no public transformation parameters it is treated as CGCS2000, so positions may be off by tens of metres`,
      ),
    );
  }
  const geographic = def.projName === 'longlat';
  const convert = (xy: XY) => conv.forward(xy) as XY;
  return {
    crs: { id: geographic ? 'EPSG:4326' : 'WKT', label: msg(`${name}（.prj）`, `${name} (.prj)`), kind: geographic ? 'geographic' : 'projected' },
    // a datum shift proj4 applies (TOWGS84) needs the transform even for longitude/latitude
    toWgs84: geographic && type !== PJD_3PARAM && type !== PJD_7PARAM ? (xy) => xy : convert,
    warnings,
    ...(unknownDatum ? { unknownDatum } : {}),
  };
}

/** The transform for a known CRS id (see crsById). */
export function transformFor(crs: CrsInfo): (xy: XY) => XY {
  if (crs.kind === 'geographic') return (xy) => xy;
  if (crs.kind === 'gcj02') return (xy) => gcoord.transform(xy, gcoord.GCJ02, gcoord.WGS84) as XY;
  if (crs.kind === 'bd09') return (xy) => gcoord.transform(xy, gcoord.BD09, gcoord.WGS84) as XY;
  const conv = proj4(crs.id, WGS84);
  return (xy) => conv.forward(xy) as XY;
}

/** True when a pair of numbers cannot be degrees (projected metres). */
export const looksProjected = (x: number, y: number) => Math.abs(x) > 360 || Math.abs(y) > 360;

export interface CrsCandidate {
  crs: CrsInfo;
  /** share of the sample points that fall inside the study area's box (0–1) */
  inside: number;
}

/**
 * For projected numbers with no declared CRS: the Gauss-Krüger systems that could have produced
 * them, best first. Points are (easting, northing). A zone number in the easting (8 digits) names
 * the zone; without it every central meridian that puts the points in China is a candidate,
 * ranked by how many points land in `area` ([[w, s], [e, n]]).
 */
export function inferGaussKruger(samples: XY[], area: [[number, number], [number, number]]): CrsCandidate[] {
  if (!samples.length) return [];
  const e0 = samples[0][0];
  const prefixed = samples.every(([e]) => e >= 1e7);
  const plain = samples.every(([e]) => e > 0 && e < 1e6);
  let defs: GkDef[];
  if (prefixed) {
    const zone = Math.floor(e0 / 1e6);
    if (!samples.every(([e]) => Math.floor(e / 1e6) === zone)) return [];
    defs = GK.filter((g) => g.zone === zone);
  } else if (plain) {
    defs = GK.filter((g) => !g.zone && g.width === 3);
  } else return [];
  if (!samples.every(([, n]) => n > 1e6 && n < 6.5e6)) return [];
  const [[w, s], [e, n]] = area;
  const pad = 0.5;
  const out: CrsCandidate[] = [];
  for (const g of defs) {
    const conv = proj4(`EPSG:${g.code}`, WGS84);
    let inside = 0;
    let china = 0;
    for (const xy of samples) {
      const [lon, lat] = conv.forward(xy) as XY;
      if (lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54) china++;
      if (lon >= w - pad && lon <= e + pad && lat >= s - pad && lat <= n + pad) inside++;
    }
    if (china === samples.length) out.push({ crs: { id: `EPSG:${g.code}`, label: gkLabel(g), kind: 'projected' }, inside: inside / samples.length });
  }
  return out.filter((c) => c.inside > 0 || prefixed).sort((a, b) => b.inside - a.inside);
}
