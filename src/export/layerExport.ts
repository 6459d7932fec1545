/**
 * "Open data: take the plan's layers with you": a layer's features as GeoJSON (RFC 7946), KML 2.2,
 * CSV (point layers: lon, lat and the attributes) or a zipped Shapefile (.shp .shx .dbf in UTF-8
 * with a .cpg, a .prj of CGCS2000 geographic), each with the README of sources, licences,
 * accuracy classes and the disclaimer (in the zip; a download of its own beside the other
 * formats). Pure: features in, files out. Loaded only when someone downloads.
 */
import type { Feature, FeatureCollection } from 'geojson';
import { toKML } from '@placemarkio/tokml';
import Papa from 'papaparse';
import { zipSync, strToU8 } from 'fflate';
import type { Catalog, Layer } from '../catalog/types';
import { dbfTable, flatValue, propertyKeys } from './flatten';
import { writeDbf, writeShp, CGCS2000_PRJ } from './shapefile';
import { layerReadme } from './readme';

export type ExportFormat = 'geojson' | 'kml' | 'csv' | 'shapefile' | 'readme';

export interface ExportFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

export interface ExportInput {
  catalog: Catalog;
  layer: Layer;
  features: Feature[];
  /** ISO date (file names and the README) */
  date: string;
  url?: string;
}

/** The formats a layer offers: CSV only for point layers. */
export const formatsFor = (layer: Layer): ExportFormat[] => (layer.geometry === 'point' ? ['geojson', 'kml', 'csv', 'shapefile', 'readme'] : ['geojson', 'kml', 'shapefile', 'readme']);

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The features as published: geometry and properties only (no runtime ids), in the catalog's order. */
function clean(features: Feature[]): Feature[] {
  return features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { ...(f.properties ?? {}) } }));
}

export function toGeoJSON(x: ExportInput): string {
  const fc: FeatureCollection & { name: string; metadata: Record<string, unknown> } = {
    type: 'FeatureCollection',
    name: x.layer.id,
    // a foreign member (RFC 7946 §6.1): what the README says, in short
    metadata: {
      title: x.layer.title,
      exported: x.date,
      crs: 'WGS84 longitude/latitude (= CGCS2000 at map scale)',
      sources: [...new Set(x.features.map((f) => String(f.properties?.source_doc ?? x.layer.source.doc)))].map((id) => ({ id, title: x.catalog.sources[id]?.title, licence: x.catalog.sources[id]?.licence })),
      disclaimer: '示意图，行政区划界线不作为权属争议依据 / Schematic map; administrative boundaries are not authoritative',
    },
    features: clean(x.features),
  };
  return JSON.stringify(fc);
}

/** Flat properties (lists joined, objects as JSON) for KML and CSV. */
function flatProps(f: Feature): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(f.properties ?? {})) {
    const fv = flatValue(v);
    if (fv !== null) out[k] = fv;
  }
  return out;
}

export function toKml(x: ExportInput): string {
  const fc: FeatureCollection = { type: 'FeatureCollection', features: clean(x.features).map((f) => ({ ...f, properties: flatProps(f) })) };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toKML(fc)}\n`;
}

/** Points as a table: lon, lat, then every attribute (UTF-8 with a BOM, so Excel reads the Chinese). */
export function toCsv(x: ExportInput): string {
  const keys = propertyKeys(x.features);
  const rows = x.features
    .filter((f) => f.geometry?.type === 'Point')
    .map((f) => {
      const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
      const p = flatProps(f);
      return [lon, lat, ...keys.map((k) => p[k] ?? '')];
    });
  return '\uFEFF' + Papa.unparse({ fields: ['lon', 'lat', ...keys], data: rows }, { newline: '\r\n' });
}

export function toShapefileZip(x: ExportInput): { zip: Uint8Array; readme: string } {
  const features = clean(x.features);
  const { shp, shx } = writeShp(features, x.layer.geometry);
  const table = dbfTable(features);
  const base = x.layer.id;
  const files = [`${base}.shp`, `${base}.shx`, `${base}.dbf`, `${base}.prj`, `${base}.cpg`, 'README.txt'];
  const readme = layerReadme({ ...x, dbf: table, files });
  const zip = zipSync({
    [`${base}.shp`]: shp,
    [`${base}.shx`]: shx,
    [`${base}.dbf`]: writeDbf(table),
    [`${base}.prj`]: strToU8(CGCS2000_PRJ),
    [`${base}.cpg`]: strToU8('UTF-8'),
    'README.txt': strToU8('\uFEFF' + readme),
  });
  return { zip, readme };
}

/** The file a format gives, named `<layer id>-<date>.<ext>`. */
export function exportLayer(format: ExportFormat, x: ExportInput): ExportFile {
  const stem = `${x.layer.id}-${x.date}`;
  switch (format) {
    case 'geojson':
      return { name: `${stem}.geojson`, mime: 'application/geo+json', bytes: utf8(toGeoJSON(x)) };
    case 'kml':
      return { name: `${stem}.kml`, mime: 'application/vnd.google-earth.kml+xml', bytes: utf8(toKml(x)) };
    case 'csv':
      return { name: `${stem}.csv`, mime: 'text/csv;charset=utf-8', bytes: utf8(toCsv(x)) };
    case 'shapefile':
      return { name: `${stem}-shp.zip`, mime: 'application/zip', bytes: toShapefileZip(x).zip };
    case 'readme':
      return { name: `${stem}-README.txt`, mime: 'text/plain;charset=utf-8', bytes: utf8('\uFEFF' + layerReadme({ ...x, files: [`${stem}.geojson`, `${stem}.kml`, ...(x.layer.geometry === 'point' ? [`${stem}.csv`] : []), `${stem}-shp.zip`] })) };
  }
}
