/**
 * The README that goes with a layer's download: what the layer is, the documents its features
 * come from, the licences of the base data, the accuracy classes (with how many features are of
 * each), the coordinate system, the fields, and the disclaimer. Plain text, Chinese then English.
 */
import type { Feature } from 'geojson';
import type { Catalog, Layer, AccuracyClass } from '../catalog/types';
import type { DbfTable } from './flatten';

const ACCURACY: Record<AccuracyClass, { zh: string; en: string }> = {
  surveyed: { zh: '实测：取自测绘或地理数据包', en: 'surveyed: from a survey or a geodata package' },
  derived: { zh: '推算：由实测数据计算（如成员县合并）', en: 'derived: computed from surveyed data (e.g. the union of member counties)' },
  approximate: { zh: '近似：已知地点的坐标，误差见各要素说明', en: 'approximate: a known place’s coordinate; see each feature’s stated error' },
  schematic: { zh: '示意：规划结构图式的示意图形，不表示实际范围或走向', en: 'schematic: a diagram shape as in a plan’s structure map; not an actual extent or route' },
  supplied: { zh: '按来源提供：数据提供者未注明精度（用户导入的数据）', en: 'as supplied: the data’s supplier did not state its accuracy (a user’s import)' },
};

export const DISCLAIMER = {
  zh: '示意图，行政区划界线不作为权属争议依据。本数据由规划文本整理，不是规划主管部门发布的法定图件；以正式发布的规划文本和图件为准。',
  en: 'Schematic map; administrative boundaries are not authoritative. These data were compiled from the plan’s text; they are not statutory maps issued by the planning authority, whose published text and maps prevail.',
};

export interface ReadmeInput {
  catalog: Catalog;
  layer: Layer;
  features: Feature[];
  /** ISO date of the download */
  date: string;
  /** the .dbf table, when a Shapefile is in the download (its field names and cut fields) */
  dbf?: DbfTable;
  /** the files of the download */
  files: string[];
  /** the app's address, for provenance */
  url?: string;
}

export function layerReadme(r: ReadmeInput): string {
  const { catalog, layer, features } = r;
  const lines: string[] = [];
  const add = (...l: string[]) => lines.push(...l);
  add(`${layer.title.zh} / ${layer.title.en}`, '='.repeat(40), '');
  add(`山西中部城市群规划一张图 · Central Shanxi Planning Map — 开放数据 / open data`);
  add(`导出日期 / exported: ${r.date}${r.url ? `   来源页面 / from: ${r.url}` : ''}`, '');
  if (layer.description) add(layer.description.zh, layer.description.en, '');
  add(`要素数 / features: ${features.length}`, `文件 / files: ${r.files.join(', ')}`, '');

  add('坐标系 / Coordinate system', '-'.repeat(40));
  add(
    '经纬度（度），WGS84；在地图比例尺下与 CGCS2000（EPSG:4490）一致，.prj 按 CGCS2000 地理坐标写出。',
    'Longitude/latitude in degrees, WGS84; the same as CGCS2000 (EPSG:4490) at map scale. The .prj says CGCS2000 geographic.',
    '',
  );

  // the documents and datasets the features cite
  const docs = new Map<string, number>();
  for (const f of features) {
    const d = String(f.properties?.source_doc ?? layer.source.doc);
    docs.set(d, (docs.get(d) ?? 0) + 1);
  }
  add('来源 / Sources', '-'.repeat(40));
  for (const [id, n] of docs) {
    const s = catalog.sources[id];
    if (!s) {
      add(`- ${id} (${n})`);
      continue;
    }
    const meta = [s.publisher, s.date, s.licence ? `许可 / licence: ${s.licence}` : ''].filter(Boolean).join(' · ');
    add(`- ${s.title.zh} / ${s.title.en}${meta ? ` — ${meta}` : ''} (${n})`);
  }
  add(
    '',
    '每个要素的 source_doc / source_section / source_quote 字段给出所依据的文件、章节与原文（原文逐字摘录；第 004 号报道网页在字后标注的拼音亦照录）。',
    'Each feature’s source_doc / source_section / source_quote fields give the document, section and verbatim quote it rests on.',
    '',
  );
  const licensed = Object.values(catalog.sources).filter((s) => s.kind === 'dataset' && s.licence);
  add('底图与基础数据的许可 / Licences of the base data', '-'.repeat(40));
  for (const s of licensed) add(`- ${s.title.zh} / ${s.title.en}: ${s.licence}${s.publisher ? ` (${s.publisher})` : ''}`);
  add('');

  const classes = new Map<AccuracyClass, number>();
  for (const f of features) {
    const a = (f.properties?.accuracy ?? layer.accuracy) as AccuracyClass;
    classes.set(a, (classes.get(a) ?? 0) + 1);
  }
  add('精度等级 / Accuracy classes (field accuracy)', '-'.repeat(40));
  for (const [a, n] of classes) add(`- ${a} (${n}): ${ACCURACY[a]?.zh ?? a} / ${ACCURACY[a]?.en ?? a}`);
  add('');

  if (r.dbf) {
    add('Shapefile 字段 / Shapefile fields (.dbf, UTF-8, see .cpg)', '-'.repeat(40));
    for (const f of r.dbf.fields) {
      const attr = layer.attributes.find((a) => a.key === f.key);
      add(`- ${f.name.padEnd(10)} ← ${f.key}${attr ? ` (${attr.label.zh} / ${attr.label.en})` : ''}`);
    }
    add('列表值以 “; ” 连接 / lists are joined with “; ”.');
    if (r.dbf.truncated.length) {
      add(
        `dBASE 文本字段最长 254 字节，以下字段的较长内容被截断（GeoJSON 中完整）：${r.dbf.truncated.join(', ')}`,
        `dBASE text fields hold 254 bytes; longer text in these fields was cut (the GeoJSON has it whole): ${r.dbf.truncated.join(', ')}`,
      );
    }
    add('');
  }

  add('声明 / Disclaimer', '-'.repeat(40), DISCLAIMER.zh, DISCLAIMER.en, '');
  return lines.join('\r\n');
}
