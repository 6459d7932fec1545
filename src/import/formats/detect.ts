/** Which reader a file needs, from its name and first bytes; unsupported formats named with a suggestion. */
import { ImportProblem, msg } from '../messages';

export type Format = 'geojson' | 'kml' | 'kmz' | 'gpx' | 'shapefile-zip' | 'shapefile-parts' | 'table';

const UNSUPPORTED: [RegExp, string, string][] = [
  [/\.(dwg|dxf|dgn)$/i, 'CAD 图纸（DWG/DXF/DGN）', 'CAD drawings (DWG/DXF/DGN)'],
  [/\.(gdb|gdbtable|gdbtablx|mdb)$/i, 'ArcGIS 地理数据库（GDB/MDB）', 'ArcGIS geodatabases (GDB/MDB)'],
  [/\.(tab|mif|mid|map|id|ind|wor)$/i, 'MapInfo 文件（TAB/MIF）', 'MapInfo files (TAB/MIF)'],
  [/\.(gpkg|sqlite|spatialite)$/i, 'GeoPackage / SQLite', 'GeoPackage / SQLite'],
  [/\.(tif|tiff|img|jpg|jpeg|png|ecw|sid|jp2)$/i, '栅格影像', 'raster images'],
  [/\.(osm|pbf|e00|mxd|aprx|qgs|qgz|lyr|lyrx)$/i, '该格式', 'this format'],
  [/\.(xls|xlsx|et|ods|numbers)$/i, '电子表格文件', 'spreadsheet workbooks'],
  [/\.(shx|sbn|sbx|qix|xml)$/i, '单独的 Shapefile 附属文件', 'a Shapefile side file on its own'],
];

export function detectFormat(names: string[], first: Uint8Array): Format {
  const name = names[0] ?? '';
  if (names.length > 1 || /\.(shp|dbf)$/i.test(name)) {
    if (names.some((n) => /\.shp$/i.test(n)) || names.some((n) => /\.dbf$/i.test(n))) return 'shapefile-parts';
  }
  const zip = first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04;
  for (const [re, zh, en] of UNSUPPORTED) {
    if (!re.test(name)) continue;
    const sheet = /\.(xls|xlsx|et|ods|numbers)$/i.test(name);
    const side = /\.(shx|sbn|sbx|qix|xml)$/i.test(name);
    throw new ImportProblem(
      msg(`不支持${zh}`, `${en} cannot be imported`),
      sheet
        ? msg('请在 Excel / WPS 中“另存为 → CSV”后导入（含经度、纬度列）', 'save it as CSV in Excel / WPS (with longitude and latitude columns) and import that')
        : side
          ? msg('请把同名的 .shp、.shx、.dbf、.prj 一起打包成 zip 后导入', 'zip the .shp, .shx, .dbf and .prj of the same name together and import that')
          : msg('请在 GIS 软件（ArcGIS、QGIS、CASS 等）中导出为 Shapefile（zip 打包）或 GeoJSON 后导入', 'export it from GIS software (ArcGIS, QGIS, CASS …) as a zipped Shapefile or GeoJSON and import that'),
    );
  }
  if (/\.kmz$/i.test(name)) return 'kmz';
  if (/\.zip$/i.test(name) || zip) return 'shapefile-zip';
  if (/\.kml$/i.test(name)) return 'kml';
  if (/\.gpx$/i.test(name)) return 'gpx';
  if (/\.(geo)?json$/i.test(name)) return 'geojson';
  if (/\.(csv|txt|tsv)$/i.test(name)) return 'table';
  // by content
  let i = 0;
  while (i < first.length && (first[i] === 0x20 || first[i] === 0x0a || first[i] === 0x0d || first[i] === 0x09 || first[i] === 0xef || first[i] === 0xbb || first[i] === 0xbf)) i++;
  if (first[i] === 0x7b || first[i] === 0x5b) return 'geojson';
  if (first[i] === 0x3c) return 'kml';
  if (first.includes(0)) {
    throw new ImportProblem(
      msg('无法识别的文件格式', 'unrecognised file format'),
      msg('可导入 GeoJSON、KML/KMZ、zip 打包的 Shapefile，或带坐标列的 CSV/TXT', 'import GeoJSON, KML/KMZ, a zipped Shapefile, or CSV/TXT with coordinate columns'),
    );
  }
  return 'table';
}
