/** Plan text: search (simplified ⇄ traditional, short forms, English titles), runs, citation lookups. */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { PlanText, TextParagraph } from '../../src/text/types';
import { makeFold, searchText, expandTerm, snippet, type T2S } from '../../src/text/search';
import { defaultState, normalizeState, openText, closeText, setTextShow, sameState, type StateContext } from '../../src/state/mapState';
import { parseHash, formatHash, stateFromHash } from '../../src/state/url';
import { clauseOnMap } from '../../src/text/onMap';
import { buildCitationIndex } from '../../src/text/citations';
import type { AppCitations, FeatureInfo } from '../../src/text/appCitations';
import { runsOf, locate, sectionLabels, featureCitations, titleLookup, paragraphsUnder, headingOf, docOf } from '../../src/text/citations';

const ROOT = path.resolve(__dirname, '../..');
const text = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/data/text/documents.json'), 'utf8')) as PlanText;
const t2s = JSON.parse(fs.readFileSync(path.join(ROOT, 'public/data/text/t2s.json'), 'utf8')) as T2S;
const fold = makeFold(t2s);
const ids = (q: string, docs?: string[]) => searchText(text, q, fold, { docs }).hits.map((h) => `${h.doc}/${h.id}`);

describe('folding', () => {
  it('keeps every character in place: traditional → simplified, full-width → ASCII, capitals → small', () => {
    const s = '綜改示範區（ABC）發展';
    const f = fold(s);
    expect(f).toBe('综改示范区(abc)发展');
    expect(f.length).toBe(s.length);
    expect(makeFold(null)('發展')).toBe('發展');
  });
});

describe('search', () => {
  it('综改区 finds its paragraphs in every document, written 综改示范区 (plan) or 綜改示範區 (traditional)', () => {
    const r = searchText(text, '综改区', fold);
    expect(r.perDoc['plan-2022']).toBeGreaterThanOrEqual(8);
    expect(r.perDoc['taiyuan-coordination-2019']).toBeGreaterThanOrEqual(4);
    expect(r.perDoc['taiyuan-metro-2024']).toBeGreaterThanOrEqual(1);
    // the match is marked where the text has it
    const hit = r.hits.find((h) => h.doc === 'plan-2022')!;
    const p = docOf(text, 'plan-2022')!.blocks.find((b) => b.id === hit.id) as { text: string };
    expect(p.text.slice(...hit.ranges[0])).toMatch(/综改示范区|转型综合改革示范区/);
  });

  it('a simplified query finds traditional text and a traditional query simplified text', () => {
    expect(ids('发展格局', ['taiyuan-metro-2024'])).toContain('taiyuan-metro-2024/s1-p1');
    expect(ids('一核四帶多組團')).toContain('plan-2022/ch3-p1');
    const hit = searchText(text, '太原都市圈', fold, { docs: ['taiyuan-metro-2024'] }).hits[0];
    const p = docOf(text, 'taiyuan-metro-2024')!.blocks.find((b) => b.id === hit.id) as { text: string };
    expect(p.text.slice(...hit.ranges[0])).toBe('太原都市圈');
  });

  it('all terms must be in a paragraph; short forms expand', () => {
    expect(expandTerm('综改区')).toContain('综改示范区');
    const both = ids('汾河 湿地');
    expect(both.length).toBeGreaterThan(0);
    for (const id of both) {
      const [d, b] = id.split('/');
      const blk = docOf(text, d)!.blocks.find((x) => x.id === b)!;
      const s = fold(blk.t === 'p' ? blk.text : blk.title);
      expect(s.includes('汾河') && s.includes('湿地'), id).toBe(true);
    }
    expect(ids('不存在的词语组合xyz')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });

  it('English section titles are searchable', () => {
    expect(ids('transport')).toContain('plan-2022/ch5-s1');
    expect(ids('Ecological protection')).toContain('plan-2022/ch9-s1');
    const h = searchText(text, 'four belts', fold).hits.find((x) => x.id === 'ch3-s2');
    expect(h?.en).toBe(true);
  });

  it('a snippet shows the match in its context', () => {
    const s = snippet('一二三四五六七八九十', [4, 6], 2);
    expect(s).toEqual({ before: '…三四', match: '五六', after: '七八…' });
  });
});

describe('paragraph runs', () => {
  it('cut the text into plain, cited and highlighted runs without losing a character', () => {
    const t = '太原榆次太谷发展核。做大做强太原晋中中心区域。';
    const runs = runsOf(t, [{ start: 10, end: 22 }], [14, 18]);
    expect(runs.map((r) => r.text).join('')).toBe(t);
    expect(runs.map((r) => [r.text, r.cited, r.hl])).toEqual([
      ['太原榆次太谷发展核。', false, false],
      ['做大做强', true, false],
      ['太原晋中', true, true],
      ['中心区域', true, false],
      ['。', false, false],
    ]);
    expect(runsOf('abc', [], null)).toEqual([{ text: 'abc', cited: false, hl: false }]);
    // marks out of range are clamped
    expect(runsOf('abc', [{ start: -3, end: 99 }], null).map((r) => r.text)).toEqual(['abc']);
  });
});

describe('citations', () => {
  it('section labels expand the plan’s compact notation', () => {
    expect(sectionLabels('第六章第一节、第二节；第八章第一节')).toEqual({ sections: ['第六章第一节', '第六章第二节', '第八章第一节'], chapters: ['第六章', '第八章'] });
    expect(sectionLabels('优化发展格局')).toEqual({ sections: [], chapters: [] });
  });

  it('a quote is found in its paragraph, pinyin and all, and a missing quote is null', () => {
    expect(locate(text, { doc: 'plan-2022', quote: '构建“一核四带多组团”城镇发展格局' })?.para).toBe('ch3-p1');
    expect(locate(text, { doc: 'plan-2022', quote: '这句话不在规划里' })).toBeNull();
    expect(locate(text, { doc: 'no-such-doc', quote: '构建' })).toBeNull();
  });

  it('“also cited” entries name their document by its title', () => {
    const sources = { 'taiyuan-metro-2024': { title: { zh: '现代化太原都市圈培育行动（报纸报道）' } }, 'plan-2022': { title: { zh: '山西中部城市群高质量发展规划（2022—2035年）' } } };
    const c = featureCitations(
      { source_doc: 'plan-2022', source_section: '第三章第一节', source_quote: '率先推动', also_cited: ['现代化太原都市圈培育行动（报纸报道），2024-11-10（优化发展格局）：“打造太原榆次太谷發(fā)展核”', 'garbage'] },
      titleLookup(sources),
    );
    expect(c).toEqual([
      { doc: 'plan-2022', section: '第三章第一节', quote: '率先推动' },
      { doc: 'taiyuan-metro-2024', section: '优化发展格局', quote: '打造太原榆次太谷發(fā)展核' },
    ]);
  });

  it('a heading gathers its paragraphs; a paragraph knows its heading', () => {
    const plan = docOf(text, 'plan-2022')!;
    expect(paragraphsUnder(plan, 'ch3-s2').map((p) => p.id)).toEqual(['ch3-s2-p1', 'ch3-s2-p2', 'ch3-s2-p3', 'ch3-s2-p4']);
    expect(paragraphsUnder(plan, 'ch3').length).toBe(1 + 1 + 4 + 5);
    expect(headingOf(plan, 'ch3-s2-p3')?.id).toBe('ch3-s2');
    expect(paragraphsUnder(plan, 'nope')).toEqual([]);
  });
});

describe('the reader in the map state and the URL', () => {
  const ctx: StateContext = { layerIds: ['counties', 'plan-core'], defaultLayers: ['counties'], defaultOpacity: { counties: 1, 'plan-core': 1 } };

  it('doc=…&para=…&show=1&hl=… round-trips', () => {
    const s = openText(defaultState(ctx), { doc: 'plan-2022', para: 'ch3-p1', show: true, hl: [12, 30] });
    const hash = formatHash(s, { mode: 'planner' }, ctx);
    expect(hash).toContain('doc=plan-2022&para=ch3-p1&show=1&hl=12-30');
    const back = stateFromHash(parseHash(hash, ctx), ctx);
    expect(back.text).toEqual({ doc: 'plan-2022', para: 'ch3-p1', show: true, hl: [12, 30] });
    expect(sameState(back, s)).toBe(true);
  });

  it('the issue’s link opens the reader with the map highlight', () => {
    const s = stateFromHash(parseHash('#v=2&doc=plan-2022&para=ch3-p1&show=1', ctx), ctx);
    expect(s.text).toEqual({ doc: 'plan-2022', para: 'ch3-p1', show: true, hl: null });
    expect(stateFromHash(parseHash('#v=2&doc=plan-2022', ctx), ctx).text).toEqual({ doc: 'plan-2022', para: null, show: false, hl: null });
  });

  it('odd links: bad ids are dropped, show and hl need a clause, a reversed range is ignored', () => {
    const t = (h: string) => stateFromHash(parseHash(h, ctx), ctx).text;
    expect(t('#v=2&doc=../etc&para=ch3-p1')).toBeNull();
    expect(t('#v=2&para=ch3-p1&show=1')).toBeNull();
    expect(t('#v=2&doc=plan-2022&para=<script>&show=1')).toEqual({ doc: 'plan-2022', para: null, show: false, hl: null });
    expect(t('#v=2&doc=plan-2022&para=ch3-p1&hl=30-12')?.hl).toBeNull();
    expect(t('#v=2&doc=plan-2022&para=ch3-p1&hl=abc')?.hl).toBeNull();
    expect(normalizeState({ text: { doc: 'plan-2022', para: 'x', show: 'yes', hl: [1.5, 3] } }, ctx).text).toEqual({ doc: 'plan-2022', para: 'x', show: false, hl: null });
  });

  it('actions: show on/off needs a clause; close forgets it all', () => {
    let s = openText(defaultState(ctx), { doc: 'plan-2022' });
    expect(setTextShow(s, true)).toBe(s);
    s = openText(s, { doc: 'plan-2022', para: 'ch3-p1' });
    s = setTextShow(s, true);
    expect(s.text?.show).toBe(true);
    expect(setTextShow(s, false).text?.show).toBe(false);
    expect(closeText(s).text).toBeNull();
    expect(formatHash(closeText(s), { mode: 'planner' }, ctx)).not.toContain('doc=');
  });
});


describe('a clause on the map', () => {
  const layer = (id: string) => ({ id, title: { zh: id, en: id }, geometry: 'polygon' }) as unknown as FeatureInfo['layer'];
  const info = (l: string, id: string): FeatureInfo => ({ ref: { layer: l, id }, layer: layer(l), feature: { type: 'Feature', geometry: null as never, properties: { id } }, name: id });
  const feats = [info('plan-core', 'core'), info('plan-belts', 'b1'), info('plan-belts', 'b2'), info('plan-clusters', 'c1'), info('plan-zones', 'z1')];
  const ledgerItems = [
    { id: 'zone', name: 'Z', name_en: 'Z', doc: 'plan-2022', section: '第三章第一节', chapter: '第三章', type: 'zone', status: 'mapped' as const, quote: '太原榆次太谷发展核。', features: ['plan-zones/z1'] },
    { id: 'town', name: 'T', name_en: 'T', doc: 'plan-2022', section: '第三章第一节', chapter: '第三章', type: 'town', status: 'unmapped' as const, quote: '做大做强太原晋中中心区域', reason: 'no-location' as const },
  ];
  const { index } = buildCitationIndex(text, [
    { kind: 'feature', layer: 'plan-core', id: 'core', citations: [{ doc: 'plan-2022', section: '第三章第一节', quote: '率先推动太原、榆次、太谷在规划管理、公共服务等方面加速推进同城化' }] },
    ...ledgerItems.map((i) => ({ kind: 'ledger' as const, id: i.id, citation: { doc: i.doc, section: i.section, quote: i.quote } })),
  ]);
  const cites: AppCitations = {
    text,
    index,
    feature: (r) => feats.find((f) => f.ref.layer === r.layer && f.ref.id === r.id),
    featuresOf: (id) => feats.filter((f) => f.ref.layer === id),
    ledger: (id) => ledgerItems.find((i) => i.id === id),
    missingLayers: [],
  };

  it('gathers the features citing it, those of its ledger entries, and its unmapped items', () => {
    const m = clauseOnMap(cites, 'plan-2022', 'ch3-s1-p1');
    expect(m.features.map((f) => f.ref.id)).toEqual(['core', 'z1']);
    expect(m.layers).toEqual(['plan-core', 'plan-zones']);
    expect(m.unmapped.map((i) => i.id)).toEqual(['town']);
  });

  it('a pattern paragraph brings whole layers; a layer not allowed here is counted, not shown', () => {
    const m = clauseOnMap(cites, 'plan-2022', 'ch3-p1', (f) => f.ref.layer !== 'plan-clusters');
    expect(m.features.map((f) => f.ref.id)).toEqual(['core', 'b1', 'b2']);
    expect(m.hidden).toBe(1);
  });

  it('a clause nothing cites has nothing on the map', () => {
    expect(clauseOnMap(cites, 'plan-2022', 'ch7-s1-p1')).toMatchObject({ features: [], layers: [], ledger: [], hidden: 0 });
  });
});

describe('a clause as the target of a comment (提意见 in the reader)', () => {
  it('names the document, where the paragraph stands (第三章第一节 ¶1), its title sentence and the highlighted quote', async () => {
    const { clauseCommentTarget } = await import('../../src/text/commentTarget');
    const plan = docOf(text, 'plan-2022')!;
    const p = plan.blocks.find((b) => b.id === 'ch3-s1-p1')! as TextParagraph;
    const at = p.text.indexOf('太原国家区域中心城市');
    const c = clauseCommentTarget(plan, p, [at, at + 10]);
    expect(c.target).toEqual({ kind: 'clause', doc: 'plan-2022', section: '第三章第一节 ¶1', title: '太原榆次太谷发展核。', quote: '太原国家区域中心城市' });
    expect(c.about).toBe('《山西中部城市群高质量发展规划（2022—2035年）》第三章第一节 ¶1 · 太原榆次太谷发展核。');
    // without a title sentence: the opening words; without a highlight: no quote
    const q = clauseCommentTarget(plan, plan.blocks.find((b) => b.id === 'ch3-p1')! as TextParagraph);
    expect(q.target.section).toBe('第三章 ¶1');
    expect(q.target.title).toMatch(/^以一体化发展为导向.*…$/);
    expect(q.target.title!.length).toBe(40);
    expect(q.target).not.toHaveProperty('quote');
  });

  it('every paragraph of every document gives a target the comments server takes (known document, section 1–200, title ≤ 200, quote ≤ 1000)', async () => {
    const { clauseCommentTarget } = await import('../../src/text/commentTarget');
    const { catalog } = await import('../../src/catalog/catalog');
    let n = 0;
    for (const d of text.docs) {
      expect(Object.keys(catalog.sources)).toContain(d.id);
      for (const b of d.blocks) {
        if (b.t !== 'p') continue;
        const { target } = clauseCommentTarget(d, b, [0, b.text.length]);
        expect(target.section.length, `${d.id}/${b.id}`).toBeGreaterThan(0);
        expect(target.section.length).toBeLessThanOrEqual(200);
        expect((target.title ?? '').length).toBeLessThanOrEqual(200);
        expect((target.quote ?? '').length).toBeLessThanOrEqual(1000);
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});
