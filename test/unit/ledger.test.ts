import { describe, it, expect } from 'vitest';
import { itemsForFeature, unmappedInCounty, unmappedInCity, filterLedger, countStatuses, type Ledger, type LedgerItem } from '../../src/ledger/ledger';
import { displayQuote, hasInlinePinyin } from '../../src/ledger/quote';
import { valueText, planSectionEn, chapterText } from '../../src/catalog/valueText';
import { buildSearchIndex, searchEntries } from '../../src/search/searchIndex';

const item = (o: Partial<LedgerItem> & Pick<LedgerItem, 'id' | 'name'>): LedgerItem => ({
  name_en: o.name, doc: 'plan-2022', section: '第四章第三节', chapter: '第四章', type: 'town', status: 'unmapped', quote: 'q', ...o,
});
const ledger: Ledger = {
  counts: { mapped: 1, partial: 0, schematic: 1, unmapped: 3 },
  chapters: ['第四章', '第六章'],
  items: [
    item({ id: 'jingsheng', name: '静升镇', counties: ['140729'], reason: 'no-location', why: '没有坐标' }),
    item({ id: 'wang', name: '王家大院', chapter: '第六章', section: '第六章第二节', type: 'site', counties: ['140729'], reason: 'no-location', within: ['industry-corridors/corridor-eco-culture-tourism'] }),
    item({ id: 'jinci', name: '晋祠', chapter: '第六章', section: '第六章第二节', type: 'site', status: 'mapped', features: ['plan-sites/site-jinci'] }),
    item({ id: 'corridor', name: '生态文旅康养产业廊带', chapter: '第六章', section: '第六章第一节', type: 'corridor', status: 'schematic', features: ['industry-corridors/corridor-eco-culture-tourism'] }),
    item({ id: 'pilot', name: '太原国家“无废城市”', chapter: '第九章', section: '第九章第二节', type: 'pilot', cities: ['太原'], reason: 'not-a-place' }),
  ],
};

describe('ledger queries', () => {
  it("a county's unmapped items", () => {
    expect(unmappedInCounty(ledger, '140729').map((i) => i.id)).toEqual(['jingsheng', 'wang']);
    expect(unmappedInCounty(ledger, '140110')).toEqual([]);
    expect(unmappedInCity(ledger, '太原市').map((i) => i.id)).toEqual(['pilot']);
  });
  it("a plan element's own entry and the items that belong to it", () => {
    const r = itemsForFeature(ledger, 'industry-corridors', 'corridor-eco-culture-tourism');
    expect(r.drawn.map((i) => i.id)).toEqual(['corridor']);
    expect(r.within.map((i) => i.id)).toEqual(['wang']);
    expect(itemsForFeature(ledger, 'plan-sites', 'site-jinci').drawn.map((i) => i.id)).toEqual(['jinci']);
  });
  it('filters by chapter, status and text (name, clause, reason)', () => {
    expect(filterLedger(ledger.items, { chapter: '第四章' }).map((i) => i.id)).toEqual(['jingsheng']);
    expect(filterLedger(ledger.items, { chapter: '第六章', status: 'unmapped' }).map((i) => i.id)).toEqual(['wang']);
    expect(filterLedger(ledger.items, { query: '没有坐标' }).map((i) => i.id)).toEqual(['jingsheng']);
    expect(filterLedger(ledger.items, { query: '  晋祠 ' }).map((i) => i.id)).toEqual(['jinci']);
    expect(countStatuses(ledger.items)).toEqual({ mapped: 1, partial: 0, schematic: 1, unmapped: 3 });
  });
});

describe('quotes for display', () => {
  it('drops the scraped page’s inline pinyin and nothing else', () => {
    expect(displayQuote('加快推進(jìn)雄忻高鐵、太綏高鐵等項目建設(shè)')).toBe('加快推進雄忻高鐵、太綏高鐵等項目建設');
    expect(displayQuote('啟動太原軌道交通3號線一期工程')).toBe('啟動太原軌道交通3號線一期工程');
    expect(displayQuote('铝(镁)基和新能源电池')).toBe('铝(镁)基和新能源电池');
    expect(displayQuote('细颗粒物(PM2.5)浓度')).toBe('细颗粒物(PM2.5)浓度');
    expect(displayQuote('山西(吕梁)超算中心')).toBe('山西(吕梁)超算中心');
    expect(hasInlinePinyin('發(fā)展')).toBe(true);
    expect(hasInlinePinyin('发展')).toBe(false);
  });
});

describe('enumerated values in English', () => {
  it('plan sections', () => {
    expect(planSectionEn('第三章第二节')).toBe('Ch. 3 §2');
    expect(planSectionEn('第六章第一节、第二节')).toBe('Ch. 6 §1, §2');
    expect(planSectionEn('第三章第一节；第六章第一节、第三节')).toBe('Ch. 3 §1; Ch. 6 §1, §3');
    expect(planSectionEn('第三章至第九章')).toBe('Chapters 3–9');
    expect(planSectionEn('第十二章第三节')).toBe('Ch. 12 §3');
    expect(planSectionEn('实现高效通勤')).toBeUndefined();
    expect(valueText('source_section', '实现高效通勤', 'en')).toBe('Efficient commuting');
    expect(valueText('source_section', '第三章第二节', 'zh')).toBe('第三章第二节');
  });
  it('cities, levels, accuracy, elements and counties', () => {
    expect(valueText('city', '太原、晋中', 'en')).toBe('Taiyuan, Jinzhong');
    expect(valueText('level', '国家历史文化名城（1994 年公布）', 'en')).toBe('National historic and cultural city (1994)');
    expect(valueText('level', '世界遗产（文化景观，2009 年列入）', 'en')).toBe('World Heritage (cultural landscape, 2009)');
    expect(valueText('accuracy', 'schematic', 'zh')).toBe('示意');
    expect(valueText('element', '一核', 'en')).toMatch(/^一核 \(yī hé/);
    expect(valueText('county_name', '小店区、榆次区', 'en', (z) => ({ 小店区: 'Xiaodian District', 榆次区: 'Yuci District' })[z])).toBe('Xiaodian District, Yuci District');
    expect(chapterText('第九章', 'en')).toBe('Plan chapter 9');
    expect(chapterText('taiyuan-metro-2024', 'zh')).toBe('太原都市圈报道（2024）');
  });
});

describe("search finds the plan's short forms", () => {
  const catalog = { groups: [{ layers: [{ id: 'plan-zones', title: { zh: '园区', en: 'Zones' }, geometry: 'point' as const }] }] };
  const feats = [
    { id: 'zone-zonggai', name: '山西综改示范区', kind: 'development-zone' },
    { id: 'zone-zhongbei-hitech', name: '中北高新区', kind: 'development-zone' },
    { id: 'zone-xinzhou-etdz', name: '忻州经开区', kind: 'development-zone' },
    { id: 'zone-yangqu-bonded', name: '阳曲综合保税区（新建）', kind: 'open-platform' },
    { id: 'zone-synbio-park', name: '山西合成生物产业生态园', kind: 'industrial-park' },
  ].map((p) => ({ type: 'Feature' as const, geometry: null as never, properties: p }));
  const index = buildSearchIndex(catalog, () => feats);
  const ids = (q: string) => searchEntries(index, q).map((e) => e.id);
  it('综改区, 开发区, 经开区, 高新区, 综保区 and the spelt-out forms', () => {
    expect(ids('综改区')[0]).toBe('zone-zonggai');
    expect(ids('开发区')).toEqual(['zone-zonggai', 'zone-zhongbei-hitech', 'zone-xinzhou-etdz']);
    expect(ids('经开区')).toEqual(['zone-xinzhou-etdz']);
    expect(ids('高新区')).toEqual(['zone-zhongbei-hitech']);
    expect(ids('高新技术产业开发区')).toEqual(['zone-zhongbei-hitech']);
    expect(ids('忻州经济技术开发区')).toEqual(['zone-xinzhou-etdz']);
    expect(ids('综保区')).toEqual(['zone-yangqu-bonded']);
    expect(ids('合成生物')).toEqual(['zone-synbio-park']);
  });
});
