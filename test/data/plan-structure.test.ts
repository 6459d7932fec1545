// Validates the plan-structure layers in public/data/plan/ (built by scripts/data/build-plan.mjs from
// scripts/data/facts/*.json) and their catalog groups. Plain Node: reads the committed files.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Polygon, MultiPolygon, Position } from 'geojson';
import { LayerGroup, Sources, FeatureProps, ACCURACY } from '../../src/catalog/schema';
import { validateFeatureCollection } from '../../src/catalog/validate';
import { parseRef, DEFAULT_REF_LAYER } from '../../src/catalog/references';

const ROOT = path.resolve(__dirname, '../..');
const PLAN = path.join(ROOT, 'public/data/plan');
const readJson = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8'));
const readPlan = (name: string): FeatureCollection => readJson(path.join(PLAN, `${name}.geojson`));

type AnyFeature = Feature<any, Record<string, any>>;
const counties = (readJson(path.join(ROOT, 'public/data/base/counties.geojson')) as FeatureCollection).features as AnyFeature[];
const countyByCode = new Map(counties.map((c) => [String(c.properties.code), c]));
const region = (readJson(path.join(ROOT, 'public/data/base/region.geojson')) as FeatureCollection).features[0] as AnyFeature;
const [rx0, ry0, rx1, ry1] = turf.bbox(region);
const BBOX = [rx0 - 0.01, ry0 - 0.01, rx1 + 0.01, ry1 + 0.01];

const GROUP_FILES = ['urban-structure', 'industry-layout', 'zones-parks', 'transport'];
const groups = Object.fromEntries(GROUP_FILES.map((g) => [g, readJson(path.join(ROOT, 'layers', `${g}.json`))]));
const sources = readJson(path.join(ROOT, 'layers/sources.json'));
const sourceIds = new Set(Object.keys(sources));

/** every data file named by my catalog groups */
const dataFiles: string[] = GROUP_FILES.flatMap((g) => groups[g].layers.map((l: any) => l.data as string));
const planFiles = fs.readdirSync(PLAN).filter((f) => f.endsWith('.geojson')).map((f) => f.replace(/\.geojson$/, ''));
const all = new Map<string, AnyFeature[]>(planFiles.map((f) => [f, readPlan(f).features as AnyFeature[]]));
const allFeatures = [...all.values()].flat();
const byId = new Map(allFeatures.map((f) => [f.properties.id as string, f]));
const feat = (id: string) => {
  const f = byId.get(id);
  if (!f) throw new Error(`feature ${id} missing`);
  return f;
};
const sorted = (a: string[]) => [...a].sort();
/** ids of every plan layer's features, by layer id */
const idsOfLayer = new Map<string, Set<string>>(
  GROUP_FILES.flatMap((g) => groups[g].layers.map((l: any) => [l.id, new Set(readJson(path.join(ROOT, 'public', l.data)).features.map((f: any) => String(f.properties.id)))] as const)),
);
/** a reference as the app resolves it (parseRef: a bare id is a county code) */
const resolves = (ref: string) => {
  const { layer, id } = parseRef(ref);
  return layer === DEFAULT_REF_LAYER ? countyByCode.has(id) : !!idsOfLayer.get(layer)?.has(id);
};

describe('plan structure: catalog groups', () => {
  it('sources.json parses', () => {
    expect(Sources.safeParse(sources).success).toBe(true);
  });

  for (const g of GROUP_FILES) {
    it(`layers/${g}.json parses as a LayerGroup and names existing, valid data files`, () => {
      const parsed = LayerGroup.safeParse(groups[g]);
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues, null, 1));
      for (const layer of parsed.data.layers) {
        expect(sourceIds.has(layer.source.doc), layer.id).toBe(true);
        const file = path.join(ROOT, 'public', layer.data);
        expect(fs.existsSync(file), layer.data).toBe(true);
        const errors = validateFeatureCollection(`public/${layer.data}`, readJson(file), sourceIds);
        expect(errors).toEqual([]);
        // every attribute with format 'ref' holds arrays of references the app resolves
        // (src/catalog/references.ts parseRef: a bare id is a county code, else 'layer-id/feature-id')
        for (const attr of layer.attributes.filter((a) => a.format === 'ref')) {
          for (const f of (readJson(file) as FeatureCollection).features as AnyFeature[]) {
            const v = f.properties[attr.key];
            if (v === undefined) continue;
            expect(Array.isArray(v), `${f.properties.id}.${attr.key}`).toBe(true);
            for (const ref of v) expect(resolves(ref), `${f.properties.id}.${attr.key} → ${ref}`).toBe(true);
          }
        }
      }
    });
  }

  it('group orders are 20/30/40/50 and layer ids are unique', () => {
    expect(GROUP_FILES.map((g) => groups[g].order)).toEqual([20, 30, 40, 50]);
    const ids = GROUP_FILES.flatMap((g) => groups[g].layers.map((l: any) => l.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the catalog covers every generated plan file', () => {
    expect(sorted(dataFiles.map((d) => path.basename(d, '.geojson')))).toEqual(sorted(planFiles));
  });

  it('一核 and 四带 are visible by default; schematic layers are drawn dashed or say so in the legend', () => {
    const us = groups['urban-structure'].layers;
    expect(us.find((l: any) => l.id === 'plan-core').visible).toBe(true);
    expect(us.find((l: any) => l.id === 'plan-belts').visible).toBe(true);
    for (const g of GROUP_FILES) {
      for (const l of groups[g].layers) {
        if (l.accuracy === 'schematic' && l.geometry === 'line') expect(l.style.dash, l.id).toBeDefined();
        if (l.accuracy === 'schematic') expect(l.legend.some((e: any) => /示意/.test(e.label.zh)), l.id).toBe(true);
      }
    }
  });
});

describe('plan structure: provenance', () => {
  it('ids are unique across all plan files and are lowercase-dash', () => {
    const ids = allFeatures.map((f) => f.properties.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    // and do not collide with county ids
    for (const id of ids) expect(countyByCode.has(id)).toBe(false);
  });

  it('every feature has name, name_en, kind, a known source, a section, a short quote and an accuracy class', () => {
    for (const f of allFeatures) {
      const p = f.properties;
      expect(FeatureProps.safeParse(p).success, p.id).toBe(true);
      expect(p.name_en, p.id).toBeTruthy();
      expect(sourceIds.has(p.source_doc), p.id).toBe(true);
      expect(p.source_section, p.id).toBeTruthy();
      expect(p.source_quote, p.id).toBeTruthy();
      // short enough for a panel, long enough to state the fact (a belt's member list is 71 characters)
      expect(p.source_quote.length, p.id).toBeLessThanOrEqual(90);
      expect(ACCURACY).toContain(p.accuracy);
    }
  });

  const seedDir = path.resolve(ROOT, '../shared/seeds');
  it.skipIf(!fs.existsSync(seedDir))('every quote occurs verbatim in the cited seed document', () => {
    const text: Record<string, string> = {};
    for (const [id, s] of Object.entries<any>(sources)) {
      if (s.file && fs.existsSync(path.join(seedDir, s.file))) text[id] = fs.readFileSync(path.join(seedDir, s.file), 'utf8');
    }
    for (const f of allFeatures) {
      const p = f.properties;
      expect(text[p.source_doc]?.includes(p.source_quote), `${p.id}: “${p.source_quote}” in ${p.source_doc}`).toBe(true);
      for (const c of (p.also_cited ?? []) as string[]) {
        // “<source title>，<date>（<section>）：“<quote>”” — the reader sees the title, never the source id
        const doc = Object.entries<any>(sources).find(([, s]) => c.startsWith(`${s.date ? `${s.title.zh}，${s.date}` : s.title.zh}（`))?.[0];
        expect(doc, c).toBeTruthy();
        const quote = /：“(.*)”$/.exec(c)?.[1];
        expect(quote && text[doc!]?.includes(quote), c).toBe(true);
      }
    }
    // the role sentences of cluster members are the plan's own (its commas are ASCII)
    const plan = text['plan-2022'].replace(/,/g, '，');
    for (const f of all.get('clusters')!) {
      for (const r of f.properties.member_roles as string[]) {
        if (/规划未单列/.test(r)) continue;
        const sentence = r.split('：').slice(1).join('：').replace(/。$/, '');
        expect(plan.includes(sentence), `${f.properties.id}: ${r}`).toBe(true);
      }
    }
  });

  it('every position lies inside the region bbox', () => {
    for (const f of allFeatures) {
      for (const c of turf.coordAll(f as any)) {
        expect(c[0] >= BBOX[0] && c[0] <= BBOX[2] && c[1] >= BBOX[1] && c[1] <= BBOX[3], `${f.properties.id} ${c}`).toBe(true);
      }
    }
  });

  it('derived features are polygons; schematic lines/points say what they rest on', () => {
    for (const f of allFeatures) {
      const p = f.properties;
      if (p.accuracy === 'derived') {
        expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
        expect(Array.isArray(p.geometry_members) && p.geometry_members.length > 0, p.id).toBe(true);
      }
      if (f.geometry.type === 'Point') expect(p.position_basis, p.id).toBeTruthy();
      if (p.accuracy === 'schematic' && /LineString/.test(f.geometry.type) && !/^axis-|^corridor-/.test(p.id)) expect(p.via_basis, p.id).toBeTruthy();
    }
  });
});

describe('plan structure: memberships as the plan lists them', () => {
  const TAIYUAN_CENTRAL = ['140105', '140106', '140107', '140108', '140109', '140110'];
  it('一核 = 太原 six districts + 榆次 + 太谷; extension = 阳曲 + 清徐', () => {
    expect(sorted(feat('core-taiyuan-yuci-taigu').properties.members)).toEqual(sorted([...TAIYUAN_CENTRAL, '140702', '140703']));
    expect(sorted(feat('core-extension-yangqu-qingxu').properties.members)).toEqual(['140121', '140122']);
  });

  it('汾河谷地城镇带 = 祁县 平遥 介休 灵石 + 交城 文水 汾阳 孝义', () => {
    expect(sorted(feat('belt-fenhe-valley').properties.members)).toEqual(sorted(['140727', '140728', '140781', '140729', '141122', '141121', '141182', '141181']));
  });

  it('沿黄城镇带 = 吕梁山上九县区 + 忻州西部八县 (17)', () => {
    const m = feat('belt-yellow-river').properties.members;
    expect(m).toHaveLength(17);
    expect(sorted(m)).toEqual(sorted([
      '141102', '141123', '141127', '141124', '141128', '141125', '141129', '141130', '141126',
      '140930', '140931', '140932', '140928', '140927', '140929', '140925', '140926',
    ]));
  });

  it('太行城镇带 = 阳泉 5 units + 寿阳 榆社 昔阳 和顺 左权', () => {
    const yangquan = counties.filter((c) => c.properties.city_code === '140300').map((c) => c.properties.code);
    expect(yangquan).toHaveLength(5);
    expect(sorted(feat('belt-taihang').properties.members)).toEqual(sorted([...yangquan, '140725', '140721', '140724', '140723', '140722']));
  });

  it('雄忻城镇带 has no county list and is schematic', () => {
    const b = feat('belt-xiongxin');
    expect(b.properties.members).toEqual([]);
    expect(b.properties.accuracy).toBe('schematic');
    expect(b.properties.note).toMatch(/未列/);
  });

  const CLUSTERS: Record<string, [string[], string[]]> = {
    'cluster-li-liu-zhong-fang': [['141102', '141125', '141129', '141128'], ['141124', '141123', '141127']],
    'cluster-jiao-fen-wen-xiao': [['141122', '141182', '141121', '141181'], ['141130', '141126']],
    'cluster-xin-ding-yuan': [['140902', '140921', '140981'], []],
    'cluster-ping-jie-qi-ling': [['140728', '140781', '140727', '140729'], []],
    'cluster-yu-ping-shou-xi': [['140322', '140321', '140725', '140724'], []],
  };
  for (const [id, [core, rad]] of Object.entries(CLUSTERS)) {
    it(`${id}: core ${core.length} + radiating ${rad.length}, each core member has its role sentence`, () => {
      const p = feat(id).properties;
      expect(sorted(p.members_core)).toEqual(sorted(core));
      expect(sorted(p.members_radiating)).toEqual(sorted(rad));
      expect(sorted(p.members)).toEqual(sorted([...core, ...rad]));
      for (const code of core) {
        const short = String(countyByCode.get(code)!.properties.name).replace(/(县|区|市)$/, '');
        expect(p.member_roles.some((r: string) => r.startsWith(short)), `${id} role of ${code}`).toBe(true);
      }
      if (rad.length) {
        const r = feat(`${id}-radiating`).properties;
        expect(sorted(r.members)).toEqual(sorted(rad));
        expect(r.cluster_ref).toEqual([`plan-clusters/${id}`]);
      }
    });
  }
});

describe('plan structure: derived polygons equal the union of their members', () => {
  const derived = allFeatures.filter((f) => f.properties.accuracy === 'derived');
  it('there are derived polygons for 一核, its extension, three belts, five clusters and two radiating groups', () => {
    expect(derived).toHaveLength(12);
  });
  for (const f of derived) {
    it(`${f.properties.id}: area within 0.5% and bbox matches the union of ${f.properties.geometry_members.length} counties`, () => {
      const members = (f.properties.geometry_members as string[]).map((c) => {
        const cf = countyByCode.get(c);
        expect(cf, c).toBeTruthy();
        return turf.feature(cf!.geometry);
      });
      const union = members.length === 1 ? members[0] : turf.union(turf.featureCollection(members as any))!;
      const a = turf.area(f as any);
      const b = turf.area(union as any);
      expect(Math.abs(a - b) / b).toBeLessThan(0.005);
      const fb = turf.bbox(f as any);
      const ub = turf.bbox(union as any);
      for (let i = 0; i < 4; i++) expect(Math.abs(fb[i] - ub[i])).toBeLessThan(0.002);
      // and each member's label point lies inside the element
      for (const m of members) {
        const pt = turf.pointOnFeature(m as any);
        expect(turf.booleanPointInPolygon(pt, f as any)).toBe(true);
      }
    });
  }
  it('雄忻 schematic band stays inside the region', () => {
    const band = feat('belt-xiongxin');
    const outside = turf.difference(turf.featureCollection([band as any, region as any]));
    expect(outside ? turf.area(outside) : 0).toBeLessThan(1e6);
  });
});

describe('plan structure: named zones, industry and transport', () => {
  const zoneNames = all.get('zones')!.map((f) => f.properties.name as string);
  const REQUIRED_ZONES = [
    '中北高新区', '阳泉高新区', '忻州经开区', '清徐经开区', '吕梁经开区', '原平经开区', '晋中国家农高区', '山西综改示范区',
    '潇河新城', '潇河产业园区', '大盂产业新城', '吕梁新城大武片区', '山西大学城', '晋中新能源汽车园区', '航天科学城',
    '山西合成生物产业生态园', '太忻数据流量谷', '山西数据流量生态园', '清徐精细化工园区', '孝义精细化工园区', '交城精细化工园区',
    '太忻静脉产业园区', '山西软件园', '太原国家物流枢纽', '晋中国家骨干冷链物流基地', '阳泉云计算中心', '超算中心', '不锈钢产业园区',
  ];
  for (const z of REQUIRED_ZONES) {
    it(`zone “${z}” is present`, () => {
      expect(zoneNames.some((n) => n.includes(z))).toBe(true);
    });
  }

  it('every zone has a level, a city and a county or city placement note', () => {
    for (const f of all.get('zones')!) {
      const p = f.properties;
      expect(['国家级', '省级以上', '省级', '未注明']).toContain(p.level);
      expect(p.city).toBeTruthy();
      expect(p.note).toMatch(/位置/);
      if (p.county) {
        // a zone placed on a county seat lies in (or within a few km of) that county
        const c = countyByCode.get(p.county)!;
        const d = turf.pointToPolygonDistance(f.geometry.coordinates, c as any, { units: 'kilometers' });
        expect(d, p.id).toBeLessThan(6);
      }
    }
  });

  it('两极, 三廊, 五群 (by the cities named) and 多点 (5 cities) are all present', () => {
    expect(all.get('industry-poles')!.map((f) => f.properties.id).sort()).toEqual(['pole-taixin', 'pole-zonggai']);
    expect(all.get('industry-corridors')!).toHaveLength(3);
    const clusterCities = (id: string) => sorted([...new Set(all.get('industry-clusters')!.filter((f) => f.properties.cluster_id === id).map((f) => f.properties.city as string))]);
    expect(clusterCities('newmat')).toEqual(sorted(['太原', '忻州', '阳泉']));
    expect(clusterCities('envprot')).toEqual(sorted(['吕梁', '阳泉', '忻州']));
    expect(clusterCities('health')).toEqual(sorted(['晋中', '吕梁']));
    expect(clusterCities('equipment')).toHaveLength(5);
    expect(all.get('industry-clusters')!.filter((f) => f.properties.cluster_id === 'newenergy').map((f) => f.properties.project))
      .toEqual(expect.arrayContaining(['吕梁非常规天然气基地', '晋中国家级甲醇经济示范区']));
    expect(sorted(all.get('city-focus')!.map((f) => f.properties.city))).toEqual(sorted(['太原', '晋中', '忻州', '吕梁', '阳泉']));
  });

  it('the transport lines the belts and corridors rely on exist, with a status', () => {
    const STATUSES = ['existing', 'under-construction', 'planned', 'under-study', 'unspecified'];
    for (const f of [...all.get('railways')!, ...all.get('roads')!, ...all.get('metro')!, ...all.get('airports')!]) {
      expect(STATUSES).toContain(f.properties.status);
    }
    const names = [...all.get('railways')!, ...all.get('roads')!].map((f) => f.properties.name as string).join('|');
    for (const n of ['大西', '石太', '郑太', '雄忻', '集大原', '太绥', '阳涉', '京昆', '二广', '青银', '大运', '太旧', '汾石', '西北二环', '祁县—离石', '古交—娄烦—方山', '繁峙—五台', '忻州—静乐', '繁峙—阜平', '108国道', '307国道', '太忻大道', '忻原大道']) {
      expect(names.includes(n), n).toBe(true);
    }
    const airports = all.get('airports')!.map((f) => f.properties.name as string).join('|');
    for (const n of ['武宿', '五台山', '大武']) expect(airports.includes(n), n).toBe(true);
    // planned airports have no published site: they are ledger entries that show their county, not points on a county seat
    const ledger = readJson(path.join(ROOT, 'public/data/ledger.json')).items as any[];
    for (const n of ['阳泉货运', '阳曲', '平遥', '忻府', '柳林', '临县', '繁峙', '原平', '尧城']) {
      expect(airports.includes(n), n).toBe(false);
      const entry = ledger.find((i) => i.name.includes(n) && i.name.includes('机场'));
      expect(entry?.status, n).toBe('unmapped');
      expect(entry.counties?.length || entry.cities?.length, n).toBeTruthy();
    }
    expect(all.get('metro')!.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['太原地铁1号线', '太原地铁2号线']));
    // the corridor refs of every belt and of the logistics corridor point at existing features
    for (const b of all.get('belts')!) for (const r of b.properties.corridor_refs ?? []) expect(byId.has(r), r).toBe(true);
    for (const r of feat('corridor-modern-logistics').properties.line_refs) expect(resolves(r), r).toBe(true);
  });

  it('typed airport positions fall in the county the airport is known to be in', () => {
    const inCounty = (id: string, code: string) =>
      expect(turf.booleanPointInPolygon(feat(id).geometry.coordinates, countyByCode.get(code) as any), id).toBe(true);
    inCounty('airport-taiyuan-wusu', '140105');
    inCounty('airport-xinzhou-wutaishan', '140921');
    inCounty('airport-lvliang-dawu', '141128');
  });

  it('the generated files stay small (< 400 kB together)', () => {
    const total = planFiles.reduce((s, f) => s + fs.statSync(path.join(PLAN, `${f}.geojson`)).size, 0);
    expect(total).toBeLessThan(400 * 1024);
  });
});
