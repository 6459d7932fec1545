/**
 * A Shapefile writer for the open-data downloads: .shp + .shx (ESRI Shapefile Technical
 * Description, 1998), .dbf (dBASE III) in UTF-8 with a .cpg saying so, and a .prj of CGCS2000
 * geographic (EPSG:4490). Points, lines and polygons (multi-part kept; polygon rings oriented the
 * shapefile way: outer rings clockwise, holes counter-clockwise).
 *
 * Why our own: @mapbox/shp-write 0.4.3 writes .dbf text one UTF-16 code unit per byte (Chinese
 * names come out garbled), pads every text field to 254 bytes, and brings jszip and file-saver;
 * the app already has fflate for the zip. Pure: bytes in, bytes out; tested by re-importing the
 * files through the app's own importer (test/unit/layerExport.test.ts).
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { DbfTable } from './flatten';

/** ESRI WKT of CGCS2000 geographic coordinates (EPSG:4490), as ArcGIS writes it. */
export const CGCS2000_PRJ =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export type ShapeKind = 'point' | 'line' | 'polygon';
const SHAPE_TYPE: Record<ShapeKind, number> = { point: 1, line: 3, polygon: 5 };
const MULTIPOINT = 8;

/** Signed area (shoelace) of a ring: > 0 counter-clockwise (x east, y north). */
function signedArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

/** The parts of a geometry as the shapefile stores them (rings oriented for polygons). */
function partsOf(g: Geometry | null, kind: ShapeKind): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [[g.coordinates]];
    case 'MultiPoint':
      return [g.coordinates];
    case 'LineString':
      return kind === 'line' ? [g.coordinates] : [];
    case 'MultiLineString':
      return kind === 'line' ? g.coordinates : [];
    case 'Polygon':
    case 'MultiPolygon': {
      if (kind !== 'polygon') return [];
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const out: Position[][] = [];
      for (const rings of polys) {
        rings.forEach((ring, i) => {
          const ccw = signedArea(ring) > 0;
          // outer rings clockwise, holes counter-clockwise
          out.push((i === 0) === ccw ? [...ring].reverse() : ring);
        });
      }
      return out;
    }
    case 'GeometryCollection':
      return g.geometries.flatMap((x) => partsOf(x, kind));
  }
}

type Box = [number, number, number, number];
const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity];
function grow(b: Box, p: Position) {
  if (p[0] < b[0]) b[0] = p[0];
  if (p[1] < b[1]) b[1] = p[1];
  if (p[0] > b[2]) b[2] = p[0];
  if (p[1] > b[3]) b[3] = p[1];
}

/** One record's content (without the 8-byte record header). */
function content(parts: Position[][], kind: ShapeKind, box: Box): Uint8Array {
  if (!parts.length) {
    const b = new Uint8Array(4); // null shape
    return b;
  }
  const pts = parts.flat();
  const own = emptyBox();
  for (const p of pts) {
    grow(own, p);
    grow(box, p);
  }
  if (kind === 'point' && pts.length === 1) {
    const v = new DataView(new ArrayBuffer(20));
    v.setInt32(0, SHAPE_TYPE.point, true);
    v.setFloat64(4, pts[0][0], true);
    v.setFloat64(12, pts[0][1], true);
    return new Uint8Array(v.buffer);
  }
  if (kind === 'point') {
    const v = new DataView(new ArrayBuffer(40 + 16 * pts.length));
    v.setInt32(0, MULTIPOINT, true);
    own.forEach((x, i) => v.setFloat64(4 + 8 * i, x, true));
    v.setInt32(36, pts.length, true);
    pts.forEach((p, i) => {
      v.setFloat64(40 + 16 * i, p[0], true);
      v.setFloat64(48 + 16 * i, p[1], true);
    });
    return new Uint8Array(v.buffer);
  }
  const v = new DataView(new ArrayBuffer(44 + 4 * parts.length + 16 * pts.length));
  v.setInt32(0, SHAPE_TYPE[kind], true);
  own.forEach((x, i) => v.setFloat64(4 + 8 * i, x, true));
  v.setInt32(36, parts.length, true);
  v.setInt32(40, pts.length, true);
  let start = 0;
  parts.forEach((part, i) => {
    v.setInt32(44 + 4 * i, start, true);
    start += part.length;
  });
  let o = 44 + 4 * parts.length;
  for (const p of pts) {
    v.setFloat64(o, p[0], true);
    v.setFloat64(o + 8, p[1], true);
    o += 16;
  }
  return new Uint8Array(v.buffer);
}

function header(fileBytes: number, shapeType: number, box: Box): Uint8Array {
  const v = new DataView(new ArrayBuffer(100));
  v.setInt32(0, 9994, false);
  v.setInt32(24, fileBytes / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, shapeType, true);
  const b = box.every(Number.isFinite) ? box : [0, 0, 0, 0];
  b.forEach((x, i) => v.setFloat64(36 + 8 * i, x, true));
  return new Uint8Array(v.buffer);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** .shp and .shx for features of one kind. */
export function writeShp(features: Feature[], kind: ShapeKind): { shp: Uint8Array; shx: Uint8Array } {
  const box = emptyBox();
  const records: Uint8Array[] = [];
  const index: Uint8Array[] = [];
  let offset = 100;
  const multi = kind === 'point' && features.some((f) => f.geometry?.type === 'MultiPoint');
  features.forEach((f, i) => {
    const c = content(partsOf(f.geometry, kind), kind, box);
    const rh = new DataView(new ArrayBuffer(8));
    rh.setInt32(0, i + 1, false);
    rh.setInt32(4, c.length / 2, false);
    records.push(new Uint8Array(rh.buffer), c);
    const ix = new DataView(new ArrayBuffer(8));
    ix.setInt32(0, offset / 2, false);
    ix.setInt32(4, c.length / 2, false);
    index.push(new Uint8Array(ix.buffer));
    offset += 8 + c.length;
  });
  const type = multi ? MULTIPOINT : SHAPE_TYPE[kind];
  const shp = concat([header(offset, type, box), ...records]);
  const shx = concat([header(100 + 8 * features.length, type, box), ...index]);
  return { shp, shx };
}

/** A dBASE III table, text in UTF-8 (language-driver byte 0: the .cpg names the encoding). */
export function writeDbf(table: DbfTable): Uint8Array {
  const enc = new TextEncoder();
  const { fields, rows } = table;
  const recLen = 1 + fields.reduce((n, f) => n + f.length, 0);
  const headLen = 32 + 32 * fields.length + 1;
  const v = new DataView(new ArrayBuffer(headLen + recLen * rows.length + 1));
  const bytes = new Uint8Array(v.buffer);
  const now = new Date();
  v.setUint8(0, 0x03);
  v.setUint8(1, now.getUTCFullYear() - 1900);
  v.setUint8(2, now.getUTCMonth() + 1);
  v.setUint8(3, now.getUTCDate());
  v.setUint32(4, rows.length, true);
  v.setUint16(8, headLen, true);
  v.setUint16(10, recLen, true);
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    bytes.set(enc.encode(f.name).slice(0, 10), o);
    v.setUint8(o + 11, f.type.charCodeAt(0));
    v.setUint8(o + 16, f.length);
    v.setUint8(o + 17, f.decimals ?? 0);
  });
  v.setUint8(headLen - 1, 0x0d);
  bytes.fill(0x20, headLen, headLen + recLen * rows.length);
  rows.forEach((row, r) => {
    let o = headLen + r * recLen + 1; // the deletion flag stays a space
    fields.forEach((f, i) => {
      const cell = row[i];
      if (cell !== null && cell !== undefined && cell !== '') {
        const b = enc.encode(cell);
        // numbers are right-aligned, text left-aligned (already cut to the field's length)
        bytes.set(b.slice(0, f.length), f.type === 'N' ? o + f.length - Math.min(b.length, f.length) : o);
      }
      o += f.length;
    });
  });
  v.setUint8(bytes.length - 1, 0x1a);
  return bytes;
}
