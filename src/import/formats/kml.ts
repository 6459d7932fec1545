/**
 * KML / KMZ through @tmcw/togeojson, with @xmldom/xmldom as the XML parser (workers have no
 * DOMParser). Folder names are kept on each feature as `folder` ("A / B").
 */
import { kmlWithFolders } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { ImportProblem, msg } from '../messages';
import { unzipCapped } from './unzip';
import type { RawFeature, RawLayer } from './types';

type Node = { type: string; meta?: Record<string, unknown>; children?: Node[]; geometry?: unknown; properties?: Record<string, unknown> };

export function readKml(text: string, name: string, maxFeatures: number): RawLayer {
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = new DOMParser({
      onError: (level: string, m: string) => {
        if (level !== 'warning') errors.push(m);
      },
    }).parseFromString(text, 'text/xml');
  } catch {
    errors.push('fatal');
  }
  if (!doc || errors.length) {
    throw new ImportProblem(
      msg('KML 文件不是有效的 XML', 'the KML file is not valid XML'),
      msg('请在 Google 地球或奥维地图中重新导出 KML', 'export the KML again (Google Earth, Ovi map …)'),
    );
  }
  const root = kmlWithFolders(doc as never) as unknown as Node;
  const features: RawFeature[] = [];
  const columns = new Set<string>();
  // what is not a placemark with a shape is skipped with a note, never failing the whole file
  const skipped = { links: 0, overlays: 0, empty: [] as string[] };
  // walk the folder tree without recursion
  const stack: { node: Node; path: string[] }[] = [{ node: root, path: [] }];
  let n = 0;
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node.type === 'Feature') {
      const kind = node.properties?.['@geometry-type'];
      if (kind === 'networklink') {
        skipped.links++;
        continue;
      }
      if (kind === 'groundoverlay') {
        skipped.overlays++;
        continue;
      }
      if (node.geometry === null || node.geometry === undefined) {
        skipped.empty.push(String(node.properties?.name ?? '').slice(0, 40));
        continue;
      }
      n++;
      if (n > maxFeatures) {
        throw new ImportProblem(
          msg(`地标过多：超过 ${maxFeatures} 个`, `too many placemarks: over ${maxFeatures}`),
          msg('请拆分为几个文件分别导入', 'split it into several files and import them one by one'),
        );
      }
      const props: Record<string, unknown> = { ...(node.properties ?? {}) };
      for (const k of ['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'icon-scale', 'icon-opacity', 'icon-color', 'label-scale', 'label-color', 'label-opacity', 'visibility']) delete props[k];
      if (path.length) props.folder = path.join(' / ');
      for (const k of Object.keys(props)) columns.add(k);
      features.push({ geometry: node.geometry, properties: props, where: { unit: 'placemark', n } });
    } else if (node.children) {
      const here = node.type === 'folder' && typeof node.meta?.name === 'string' ? [...path, node.meta.name] : path;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], path: here });
    }
  }
  const notes = [];
  if (skipped.links) {
    notes.push(msg(`跳过 ${skipped.links} 个网络链接（NetworkLink）：它们指向网上的其他文件，请下载那些文件后分别导入`, `skipped ${skipped.links} network link(s) (NetworkLink): they point to other files online; download those files and import them`));
  }
  if (skipped.overlays) notes.push(msg(`跳过 ${skipped.overlays} 个图片叠加（GroundOverlay）：影像不能导入`, `skipped ${skipped.overlays} image overlay(s) (GroundOverlay): images cannot be imported`));
  if (skipped.empty.length) {
    const names = skipped.empty.filter(Boolean).slice(0, 5);
    const list = names.length ? `（${names.join('、')}${skipped.empty.length > names.length ? ' …' : ''}）` : '';
    const listEn = names.length ? ` (${names.join(', ')}${skipped.empty.length > names.length ? ' …' : ''})` : '';
    notes.push(msg(`跳过 ${skipped.empty.length} 个没有几何图形的地标${list}`, `skipped ${skipped.empty.length} placemark(s) without a geometry${listEn}`));
  }
  if (!features.length && notes.length) {
    throw new ImportProblem(
      msg(`KML 中没有可导入的地标：${notes.map((x) => x.zh).join('；')}`, `the KML holds no placemark that can be imported: ${notes.map((x) => x.en).join('; ')}`),
      msg('请导入含点、线、面地标的 KML', 'import a KML whose placemarks have points, lines or polygons'),
    );
  }
  return { name, title: documentName(doc), features, columns: [...columns], notes };
}

/** The `<name>` of the KML's Document (togeojson keeps folder names, not the document's). */
function documentName(doc: unknown): string | undefined {
  const d = (doc as { getElementsByTagName?: (t: string) => ArrayLike<{ childNodes: ArrayLike<{ nodeName: string; textContent: string | null }> }> }).getElementsByTagName?.('Document')[0];
  const kids = d ? Array.from(d.childNodes) : [];
  const name = kids.find((n) => n.nodeName === 'name')?.textContent?.trim();
  return name || undefined;
}

/** A KMZ is a zip holding doc.kml (or another .kml) and images; refused when it would inflate past `maxUnpacked` bytes. */
export function kmzKml(bytes: Uint8Array, maxUnpacked: number): Uint8Array {
  const files = unzipCapped(bytes, (name) => /\.kml$/i.test(name), maxUnpacked, { zh: 'KMZ 文件', en: 'the KMZ file' });
  const names = Object.keys(files).sort((a, b) => Number(/(^|\/)doc\.kml$/i.test(b)) - Number(/(^|\/)doc\.kml$/i.test(a)));
  if (!names.length) throw new ImportProblem(msg('KMZ 中没有 KML 文件', 'the KMZ holds no KML file'), msg('请重新导出 KMZ 或改用 KML', 'export the KMZ again, or use KML'));
  return files[names[0]];
}
