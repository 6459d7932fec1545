// The completeness ledger and the audit of issue 11: every named item typed from the seeds is
// mapped or ledgered; named sites lie in the county they declare; routes stay in the region;
// quotes are verbatim (and read cleanly); no internal strings reach a panel; every enumerated
// value reads in English. Plain Node over the committed files.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection } from 'geojson';
import { displayQuote, hasInlinePinyin } from '../../src/ledger/quote';
import { valueText, ENUM_KEYS } from '../../src/catalog/valueText';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
type AnyFeature = Feature<any, Record<string, any>>;

const facts = readJson('scripts/data/facts/named-items.json').items as any[];
const ledger = readJson('public/data/ledger.json');
const sources = readJson('layers/sources.json');
const counties = (readJson('public/data/base/counties.geojson') as FeatureCollection).features as AnyFeature[];
const countyByCode = new Map(counties.map((c) => [String(c.properties.code), c]));
const countyEnByName = new Map(counties.map((c) => [String(c.properties.name_full ?? c.properties.name), String(c.properties.name_en)]));
const region = (readJson('public/data/base/region.geojson') as FeatureCollection).features[0] as AnyFeature;

// the catalog: layer id → { layer, features }
const catalogLayers = fs
  .readdirSync(path.join(ROOT, 'layers'))
  .filter((f) => f.endsWith('.json') && f !== 'sources.json')
  .flatMap((f) => readJson(`layers/${f}`).layers as any[]);
const featuresOf = new Map(catalogLayers.map((l) => [l.id as string, (readJson(`public/${l.data}`) as FeatureCollection).features as AnyFeature[]]));
const refExists = (ref: string) => {
  const [layer, id] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)];
  return featuresOf.get(layer)?.find((f) => String(f.properties.id) === id);
};
const planAndEco = catalogLayers.filter((l) => !String(l.data).startsWith('data/base/'));

const seedDir = path.resolve(ROOT, '../shared/seeds');
const seedText: Record<string, string> = {};
for (const [id, s] of Object.entries<any>(sources)) {
  if (s.file && fs.existsSync(path.join(seedDir, s.file))) seedText[id] = fs.readFileSync(path.join(seedDir, s.file), 'utf8');
}

describe('completeness ledger', () => {
  it('every typed item is either drawn by existing features or ledgered with a reason (mapped / schematic / unmapped counts)', () => {
    const REASONS = ['no-location', 'not-found', 'extent-unknown', 'no-route', 'not-a-place'];
    const counts = { mapped: 0, partial: 0, schematic: 0, unmapped: 0 };
    const problems: string[] = [];
    for (const it of facts) {
      if (it.map?.length) {
        const feats = it.map.map(refExists);
        if (feats.some((f: unknown) => !f)) problems.push(`${it.id}: a feature in ${it.map.join(', ')} does not exist`);
        else counts[it.partial ? 'partial' : feats.some((f: AnyFeature) => f.properties.accuracy === 'schematic') ? 'schematic' : 'mapped']++;
      } else if (REASONS.includes(it.unmapped) && it.why && it.quote) {
        counts.unmapped++;
      } else problems.push(`${it.id} (${it.name}): neither mapped nor in the ledger with a reason`);
    }
    console.log(`ledger: ${facts.length} named items — mapped ${counts.mapped}, partly mapped ${counts.partial}, schematic ${counts.schematic}, unmapped ${counts.unmapped}`);
    expect(problems).toEqual([]);
    expect(ledger.counts).toEqual(counts);
    expect(ledger.items.map((i: any) => i.id)).toEqual(facts.map((i) => i.id));
    expect(facts.length).toBeGreaterThanOrEqual(320);
  });

  it('names the items the audit found missing', () => {
    const names = ledger.items.map((i: any) => i.name).join('|');
    for (const n of ['静升镇', '西烟镇', '豆罗镇', '奇村镇', '崞阳镇', '砂河镇', '古交抽水蓄能', '五台抽水蓄能', '代县抽水蓄能', '盂县抽水蓄能', '古交新型储能', '繁峙新型储能', '昔阳新型储能', '汾河两岸', '龙城中央大道', '“晋创谷”', '太原都市圈', '“2+5+N”', '杨兴河', '大清河', '沧榆高速',
      // the audit of issue 17: Taiyuan's 2019 opinions and the plan
      '西山示范区', '阳曲产业园区', '娄烦绿色生态示范区', '太中银铁路', '太原站', '太原第二机场', '岚马线汾河水库段改线工程',
      '汾阳白酒特色专业镇', '定襄法兰特色专业镇', '代县黄酒特色专业镇', '太原铁路枢纽客运通道能力提升工程', '太原城市轨道交通服务向晋中延伸',
      '山西—京津唐电力外送通道', '太原国家级互联网骨干直联点', '吕梁山、太行山革命文物密集片区']) {
      expect(names.includes(n), n).toBe(true);
    }
    // 杨兴河, 大清河 and the 沧榆 corridor have no stated basis: ledgered, not drawn
    for (const id of ['river-yangxing', 'river-daqing', 'cangyu-corridor']) expect(ledger.items.find((i: any) => i.id === id).status).toBe('unmapped');
  });

  it('counties, cities and plan elements it names exist; unmapped places with a known county carry it', () => {
    for (const i of ledger.items) {
      for (const c of i.counties ?? []) expect(countyByCode.has(c), `${i.id}: ${c}`).toBe(true);
      for (const w of i.within ?? []) expect(refExists(w), `${i.id}: ${w}`).toBeTruthy();
    }
    const towns = ledger.items.filter((i: any) => i.type === 'town' && i.section === '第四章第三节');
    expect(towns.map((t: any) => [t.name, t.counties])).toEqual([
      ['静升镇', ['140729']], ['西烟镇', ['140322']], ['豆罗镇', ['140902']], ['奇村镇', ['140902']], ['崞阳镇', ['140981']], ['砂河镇', ['140924']],
    ]);
    for (const i of ledger.items.filter((x: any) => (x.reason === 'no-location' || x.reason === 'not-found') && x.type === 'site')) {
      expect(i.counties?.length || i.cities?.length || /未写所在县/.test(i.why), i.id).toBeTruthy();
    }
  });

  it.skipIf(!fs.existsSync(seedDir))('every ledger quote occurs verbatim in its seed', () => {
    for (const i of ledger.items) expect(seedText[i.doc]?.includes(i.quote), `${i.id}: “${i.quote}” in ${i.doc}`).toBe(true);
  });
});

describe('quotes: verbatim in the data, normalised for display', () => {
  const all004 = [
    ...ledger.items.filter((i: any) => i.doc === 'taiyuan-metro-2024').map((i: any) => i.quote as string),
    ...planAndEco.flatMap((l) => featuresOf.get(l.id)!).flatMap((f) => [
      ...(f.properties.source_doc === 'taiyuan-metro-2024' ? [f.properties.source_quote] : []),
      ...((f.properties.also_cited ?? []) as string[]).filter((c) => c.startsWith('现代化太原都市圈')).map((c) => /：“(.*)”$/.exec(c)![1]),
    ]),
  ];

  it('seed 004 quotes keep the page’s inline pinyin in the data (verbatim) …', () => {
    expect(all004.length).toBeGreaterThan(5);
    expect(all004.some(hasInlinePinyin)).toBe(true);
    if (seedText['taiyuan-metro-2024']) for (const q of all004) expect(seedText['taiyuan-metro-2024'].includes(q), q).toBe(true);
  });

  it('… and show without it', () => {
    for (const q of all004) {
      const shown = displayQuote(q);
      expect(hasInlinePinyin(shown), shown).toBe(false);
      expect(shown).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    }
    expect(displayQuote('打造太原榆次太谷發(fā)展核')).toBe('打造太原榆次太谷發展核');
  });
});

describe('named sites and routes', () => {
  const declared = (p: Record<string, any>): string[] => p.county_ref ?? (p.county_code ? [p.county_code] : []);

  it('every point that declares its county lies inside it', () => {
    const bad: string[] = [];
    let n = 0;
    for (const l of planAndEco.filter((x) => x.geometry === 'point')) {
      for (const f of featuresOf.get(l.id)!) {
        const codes = declared(f.properties);
        if (!codes.length) continue;
        n++;
        if (!codes.some((c) => turf.booleanPointInPolygon(f.geometry.coordinates, countyByCode.get(c)!))) bad.push(`${l.id}/${f.properties.id} not in ${codes.join('/')}`);
      }
    }
    expect(n).toBeGreaterThan(60);
    expect(bad).toEqual([]);
  });

  it('corridor sites carry a stated position basis and are approximate, never a county seat stand-in', () => {
    const sites = featuresOf.get('plan-sites')!;
    expect(sites.map((s) => s.properties.name)).toEqual(expect.arrayContaining(['晋祠', '碛口古镇', '偏关老牛湾', '平遥古城']));
    for (const s of sites) {
      expect(s.properties.accuracy).toBe('approximate');
      expect(s.properties.position_basis, s.properties.id).toMatch(/误差约/);
    }
    // 碛口 is on the Yellow River; 晋祠 ~20 km south-west of the city centre
    const qikou = sites.find((s) => s.properties.id === 'site-qikou')!;
    const huanghe = readJson('public/data/base/rivers.geojson').features.find((r: any) => r.properties.id === 'huanghe');
    expect(turf.pointToLineDistance(qikou.geometry.coordinates, huanghe, { units: 'kilometers' })).toBeLessThan(2);
    const jinci = sites.find((s) => s.properties.id === 'site-jinci')!;
    expect(turf.distance(jinci.geometry.coordinates, [112.56028, 37.86944])).toBeGreaterThan(15);
  });

  it('no planned airport, wetland or reservoir is drawn on a county seat', () => {
    const seats = readJson('public/data/base/seats.geojson').features.map((s: any) => s.geometry.coordinates.join(','));
    for (const id of ['plan-airports', 'eco-places', 'plan-sites']) {
      for (const f of featuresOf.get(id)!) {
        if (/湿地|机场|水库/.test(f.properties.name)) expect(seats.includes(f.geometry.coordinates.join(',')), f.properties.id).toBe(false);
      }
    }
    // 汾河水库 is drawn at its dam (the coordinate of its encyclopedia article), not on the river near the county seat
    const fenhe = featuresOf.get('eco-places')!.find((f) => f.properties.name.includes('汾河水库'))!;
    expect(turf.distance(fenhe.geometry.coordinates, [111.91778, 38.05056])).toBeLessThan(0.1);
  });

  it('every placed site lies in the county it names, with a basis, a claimed uncertainty (≤ 5 km) and dated source pages', () => {
    const bad: string[] = [];
    let n = 0;
    for (const l of planAndEco.filter((x) => x.geometry === 'point')) {
      for (const f of featuresOf.get(l.id)!) {
        const p = f.properties;
        if ((p.accuracy ?? l.accuracy) !== 'approximate') continue;
        n++;
        const id = `${l.id}/${p.id}`;
        if (!String(p.position_basis ?? p.basis ?? '').trim()) bad.push(`${id}: no basis`);
        if (!(p.uncertainty_km > 0 && p.uncertainty_km <= 5)) bad.push(`${id}: uncertainty_km ${p.uncertainty_km}`);
        const codes = declared(p).length ? declared(p) : p.county_code ? [p.county_code] : [];
        if (!codes.length) bad.push(`${id}: names no county`);
        else if (!codes.some((c: string) => turf.booleanPointInPolygon(f.geometry.coordinates, countyByCode.get(c)!))) bad.push(`${id}: not inside ${codes.join('/')}`);
        for (const line of [...(p.position_sources ?? []), ...(p.position_checks ?? [])]) {
          if (!/（\d{4}-\d{2}-\d{2} 读取）https?:\/\/\S+$/.test(line)) bad.push(`${id}: source line without date or address: ${line}`);
        }
      }
    }
    expect(n).toBeGreaterThan(40);
    expect(bad).toEqual([]);
  });

  it('no ledger entry “not on the map for want of a position” names a place that is drawn', () => {
    const norm = (s: string) => s.replace(/（.*?）|\(.*?\)|[“”"]/g, '').trim();
    const drawn = planAndEco
      .filter((l) => l.geometry === 'point')
      .flatMap((l) => featuresOf.get(l.id)!.map((f) => ({ ref: `${l.id}/${f.properties.id}`, name: norm(String(f.properties.name)) })));
    const clash: string[] = [];
    for (const i of ledger.items.filter((x: any) => x.reason === 'no-location' || x.reason === 'not-found')) {
      const name = norm(i.name);
      for (const d of drawn) if (d.name === name || (name.length >= 2 && d.name.includes(name))) clash.push(`${i.id} (${i.name}) ↔ ${d.ref}`);
    }
    expect(clash).toEqual([]);
  });

  it('every route stays in the region (to within the 1 km the river and border data agree)', () => {
    const edge = turf.polygonToLine(region as any) as any;
    const edges = edge.type === 'FeatureCollection' ? edge.features : [edge];
    // the tourism routes keep strictly inside and never cross themselves
    for (const f of featuresOf.get('industry-corridors')!.filter((x) => x.properties.routes)) {
      for (const coords of f.geometry.coordinates) {
        const line = turf.lineString(coords);
        expect(turf.kinks(line).features.length, `${f.properties.id} crosses itself`).toBe(0);
        const len = turf.length(line);
        for (let k = 0, n = Math.ceil(len / 0.25); k <= n; k++) {
          const p = turf.along(line, (len * k) / n);
          if (!turf.booleanPointInPolygon(p, region as any)) {
            const d = Math.min(...edges.map((e: any) => turf.pointToLineDistance(p, e)));
            expect(d, `${f.properties.id} leaves the region by ${d.toFixed(2)} km`).toBeLessThan(0.05);
          }
        }
      }
    }
    const lineLayers = ['industry-corridors', 'plan-axes', 'plan-railways', 'plan-roads', 'plan-metro', 'eco-corridors-schematic'];
    for (const id of lineLayers) {
      for (const f of featuresOf.get(id)!) {
        const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
        for (const coords of lines) {
          if (coords.length < 2) continue;
          const line = turf.lineString(coords);
          const len = turf.length(line);
          const n = Math.ceil(len / 0.5);
          let outside = 0;
          for (let k = 0; k <= n; k++) {
            const p = turf.along(line, (len * k) / n);
            if (turf.booleanPointInPolygon(p, region as any)) continue;
            outside++;
            const d = Math.min(...edges.map((e: any) => turf.pointToLineDistance(p, e)));
            expect(d, `${f.properties.id} leaves the region by ${d.toFixed(2)} km`).toBeLessThan(1);
          }
          expect(outside / (n + 1), `${f.properties.id}: share of the route outside the region`).toBeLessThan(0.03);
        }
      }
    }
  });
});

describe('panels show words, not internals', () => {
  const INTERNAL = /\.geojson|seats\.|cities\.json\b|polylabel|\b(plan-2022|taixin-inventory-2022|taiyuan-metro-2024|taiyuan-coordination-2019|taiyuan-metro-proposal)\b|\b(schematic|approximate|surveyed|derived)\b|\btyped\b/;
  it('no displayed attribute holds a file name, a source id or a raw accuracy code', () => {
    const bad: string[] = [];
    for (const l of catalogLayers) {
      // English names may say "schematic" in words; the accuracy attribute is translated by the UI
      const keys = (l.attributes as any[]).filter((a) => a.key !== 'accuracy' && !a.key.endsWith('_en')).map((a) => a.key);
      for (const f of featuresOf.get(l.id)!) {
        for (const k of keys) {
          const v = f.properties[k];
          const texts = Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
          for (const t of texts) if (INTERNAL.test(t)) bad.push(`${l.id}/${f.properties.id}.${k}: ${t.slice(0, 80)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('Chinese explanations, bases and source titles name no file, program or package (ledger why, basis, section, source titles)', () => {
    const TOOL = /\.geojson|\.json\b|polylabel|\bnpm\b/;
    const bad: string[] = [];
    for (const i of ledger.items) for (const t of [i.why, i.missing, i.section]) if (t && TOOL.test(t)) bad.push(`ledger ${i.id}: ${t}`);
    for (const l of catalogLayers)
      for (const f of featuresOf.get(l.id)!)
        for (const k of ['basis', 'position_basis', 'via_basis', 'source_section', 'note', 'geometry_source'])
          if (typeof f.properties[k] === 'string' && TOOL.test(f.properties[k])) bad.push(`${l.id}/${f.properties.id}.${k}: ${f.properties[k].slice(0, 80)}`);
    const sources = readJson('layers/sources.json');
    for (const [id, src] of Object.entries<any>(sources)) for (const t of [src.title?.zh, src.title?.en]) if (t && TOOL.test(t)) bad.push(`source ${id}: ${t}`);
    expect(bad).toEqual([]);
  });
});

describe('English for every enumerated value', () => {
  const CJK = /[\u3400-\u9fff]/;
  // Chinese may stay only as "中文 (pinyin…)"
  const ok = (en: string) => !CJK.test(en) || /^[^()]+ \([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü' ]+:/.test(en);
  const countyEn = (zh: string) => countyEnByName.get(zh);

  it('city, county, category, level, section, status, type, group, element, pole and accuracy values translate', () => {
    const missing = new Set<string>();
    let n = 0;
    for (const l of catalogLayers) {
      const shown = new Set((l.attributes as any[]).map((a) => a.key));
      if (l.source.section && !ok(valueText('source_section', l.source.section, 'en'))) missing.add(`layer ${l.id} section ${l.source.section}`);
      for (const f of featuresOf.get(l.id)!) {
        for (const key of ENUM_KEYS) {
          const v = f.properties[key];
          if (v === undefined || (!shown.has(key) && key !== 'source_section' && key !== 'accuracy')) continue;
          n++;
          if (!ok(valueText(key, String(v), 'en', countyEn))) missing.add(`${key}: ${v}`);
        }
      }
    }
    for (const i of ledger.items) {
      for (const [key, v] of [['source_section', i.section], ['ledger_type', i.type], ['ledger_status', i.status], ['ledger_reason', i.reason]] as const) {
        if (v === undefined) continue;
        n++;
        const en = valueText(key, v, 'en', countyEn);
        if (!ok(en) || en === v && CJK.test(v)) missing.add(`${key}: ${v}`);
      }
      for (const c of i.cities ?? []) if (!ok(valueText('city', c, 'en'))) missing.add(`city: ${c}`);
    }
    expect(n).toBeGreaterThan(500);
    expect([...missing]).toEqual([]);
  });

  it('every note and every ledger explanation has an English twin (note_en, why_en, missing_en) without Chinese', () => {
    const bad: string[] = [];
    let n = 0;
    for (const l of catalogLayers) {
      for (const f of featuresOf.get(l.id)!) {
        for (const key of ['note', 'counties_basis', 'reported_extent']) {
          if (f.properties[key] === undefined) continue;
          n++;
          const en = f.properties[`${key}_en`];
          if (typeof en !== 'string' || !en || CJK.test(en)) bad.push(`${l.id}/${f.properties.id}.${key}_en: ${en}`);
        }
      }
    }
    for (const i of ledger.items) {
      for (const [key, en] of [['why', i.why_en], ['missing', i.missing_en]] as const) {
        if ((i as any)[key] === undefined) continue;
        n++;
        if (typeof en !== 'string' || !en || CJK.test(en)) bad.push(`ledger ${i.id}.${key}_en: ${en}`);
      }
    }
    expect(n).toBeGreaterThan(300);
    expect(bad).toEqual([]);
  });

  it('place lists and names in attributes have English twins (via, towards, counties, cities, stops, routes …)', () => {
    const PLACE_KEYS = ['via_names', 'from_direction', 'towards_direction', 'counties', 'cities', 'stops_placed', 'stops_unplaced', 'routes', 'route', 'vertical', 'horizontal', 'cluster', 'project', 'county_name'];
    const bad: string[] = [];
    let n = 0;
    for (const l of catalogLayers) {
      const shown = new Set((l.attributes as any[]).map((a) => a.key));
      for (const f of featuresOf.get(l.id)!) {
        for (const key of PLACE_KEYS) {
          const v = f.properties[key];
          if (v === undefined || !shown.has(key) || !CJK.test(JSON.stringify(v))) continue;
          n++;
          const en = f.properties[`${key}_en`];
          const list = Array.isArray(v) ? v : [v];
          const enList = Array.isArray(en) ? en : en === undefined ? [] : [en];
          if (enList.length !== list.length || enList.some((x: string) => CJK.test(String(x)))) bad.push(`${l.id}/${f.properties.id}.${key}_en: ${JSON.stringify(en)}`);
        }
      }
    }
    expect(n).toBeGreaterThan(50);
    expect(bad).toEqual([]);
  });
});
