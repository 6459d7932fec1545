/** GeoJSON (RFC 7946, plus the 2008 `crs` member offices still write). */
import { ImportProblem, msg } from '../messages';
import { crsFromDeclaration } from '../crs';
import type { RawFeature, RawLayer } from './types';

export function readGeoJSON(text: string, name: string, maxFeatures: number): RawLayer {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error)?.message))?.[1];
    const line = pos ? text.slice(0, Number(pos)).split('\n').length : undefined;
    throw new ImportProblem(
      msg(`JSON 格式错误${line ? `（第 ${line} 行附近）` : ''}`, `malformed JSON${line ? ` (near line ${line})` : ''}`),
      msg('请用 GIS 软件重新导出 GeoJSON，或用文本编辑器检查括号和逗号', 'export the GeoJSON again from GIS software, or check brackets and commas in a text editor'),
    );
  }
  const root = json as { type?: unknown; features?: unknown; crs?: unknown; geometry?: unknown; name?: unknown };
  let list: unknown[];
  if (Array.isArray(json)) list = json;
  else if (root?.type === 'FeatureCollection' && Array.isArray(root.features)) list = root.features;
  else if (root?.type === 'Feature') list = [root];
  else if (typeof root?.type === 'string' && /^(Multi)?(Point|LineString|Polygon)$|^GeometryCollection$/.test(root.type)) list = [{ type: 'Feature', geometry: root, properties: {} }];
  else {
    throw new ImportProblem(
      msg('这不是 GeoJSON（缺少 FeatureCollection / Feature）', 'this is not GeoJSON (no FeatureCollection or Feature)'),
      msg('请导入 GeoJSON、KML/KMZ、zip 打包的 Shapefile 或带坐标列的 CSV', 'import GeoJSON, KML/KMZ, a zipped Shapefile or a CSV with coordinate columns'),
    );
  }
  if (list.length > maxFeatures) {
    throw new ImportProblem(
      msg(`要素过多：${list.length} 个，上限 ${maxFeatures} 个`, `too many features: ${list.length}, the limit is ${maxFeatures}`),
      msg('请拆分为几个文件分别导入', 'split it into several files and import them one by one'),
    );
  }
  const columns = new Set<string>();
  const features: RawFeature[] = list.map((f, i) => {
    const feat = (f ?? {}) as { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown };
    const props = feat.properties && typeof feat.properties === 'object' && !Array.isArray(feat.properties) ? (feat.properties as Record<string, unknown>) : {};
    for (const k of Object.keys(props)) columns.add(k);
    return { geometry: feat.type === 'Feature' ? feat.geometry : undefined, properties: props, where: { unit: 'feature', n: i + 1 } };
  });
  // ogr2ogr and QGIS write the layer's name as a top-level "name"
  const title = !Array.isArray(json) && typeof root?.name === 'string' && root.name.trim() ? root.name.trim() : undefined;
  const layer: RawLayer = { name, title, features, columns: [...columns], notes: [] };
  const crsName = (root?.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof crsName === 'string') {
    const c = crsFromDeclaration(crsName);
    if (c && c !== 'unknown') layer.declared = { crs: c, where: msg(`GeoJSON crs “${crsName}”`, `GeoJSON crs “${crsName}”`) };
    else if (c === 'unknown') {
      throw new ImportProblem(
        msg(`不支持文件声明的坐标系 “${crsName.slice(0, 80)}”`, `the declared coordinate system “${crsName.slice(0, 80)}” is not supported`),
        msg('请投影为 WGS84 或 CGCS2000（经纬度或高斯-克吕格分带）后重新导出', 'reproject to WGS84 or CGCS2000 (longitude/latitude or a Gauss-Krüger zone) and export again'),
      );
    }
  }
  return layer;
}
