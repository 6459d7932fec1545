/**
 * The plan text (public/data/text/documents.json, scripts/data/build-text.mjs): every stored
 * paragraph is its seed line (verbatim, and cleaned only of the page's pinyin, HTML tags and the
 * stated repairs); nothing of a document's body is dropped; ids are stable; and every citation in
 * the app — features (their quote and "also cited" entries), ledger entries, scene captions —
 * resolves to a paragraph.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { PlanText, TextDoc } from '../../src/text/types';
import { isParagraph } from '../../src/text/types';
import { displayQuote } from '../../src/ledger/quote';
import { buildCitationIndex, featureCitations, titleLookup, citersOf, locate, type Citer } from '../../src/text/citations';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { loadPlanTourFromDisk } from '../../scripts/vite-plugin-scenes';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
const text = readJson('public/data/text/documents.json') as PlanText;
const t2s = readJson('public/data/text/t2s.json') as { t: string; s: string };
const seedDir = path.resolve(ROOT, '../shared/seeds');
const hasSeeds = fs.existsSync(seedDir);
const seedLines = (d: TextDoc) => fs.readFileSync(path.join(seedDir, d.file), 'utf8').split('\n');
const doc = (id: string) => text.docs.find((d) => d.id === id)!;

const { catalog } = loadCatalogFromDisk(ROOT);
const layers = catalog!.groups.flatMap((g) => g.layers);
const ledger = readJson('public/data/ledger.json') as { items: { id: string; doc: string; section: string; quote: string; features?: string[] }[] };
const { deck } = loadPlanTourFromDisk(ROOT);
const titleToDoc = titleLookup(catalog!.sources);

function citers(): Citer[] {
  const out: Citer[] = [];
  for (const l of layers) {
    for (const f of readJson(`public/${l.data}`).features as { properties: Record<string, unknown> }[]) {
      out.push({ kind: 'feature', layer: l.id, id: String(f.properties.id), citations: featureCitations(f.properties, titleToDoc) });
    }
  }
  for (const i of ledger.items) out.push({ kind: 'ledger', id: i.id, citation: { doc: i.doc, section: i.section, quote: i.quote } });
  for (const s of deck!.scenes) {
    if (s.citation && s.caption) out.push({ kind: 'scene', id: s.id, citation: { doc: s.citation.doc, section: s.citation.section, quote: s.caption.zh } });
  }
  return out;
}

describe('plan text: the documents', () => {
  it('holds the plan and every other document the app cites, with title, issuer, number, date and status', () => {
    expect(text.docs.map((d) => d.id)).toEqual(['plan-2022', 'taiyuan-coordination-2019', 'taixin-inventory-2022', 'taiyuan-metro-2024']);
    const plan = doc('plan-2022');
    expect(plan).toMatchObject({ number: '晋政办发〔2022〕89号', date: '2022-11-25', status: 'current', issuer: '山西省人民政府办公厅' });
    expect(doc('taiyuan-coordination-2019').status).toBe('earlier');
    expect(doc('taixin-inventory-2022').status).toBe('news');
    for (const d of text.docs) {
      expect(catalog!.sources[d.id]?.file, d.id).toBe(d.file);
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(d.paragraphs).toBe(d.blocks.filter(isParagraph).length);
    }
    // the plan: 12 chapters, their sections, and the preface
    const chapters = plan.blocks.filter((b) => b.t === 'h' && b.level === 1 && /^ch\d+$/.test(b.id));
    expect(chapters.length).toBe(12);
    expect(plan.blocks.filter((b) => b.t === 'h' && b.level === 2).length).toBe(42);
  });

  it('ids are unique and stable: the clauses the stories and links use', () => {
    for (const d of text.docs) {
      const ids = d.blocks.map((b) => b.id);
      expect(new Set(ids).size, d.id).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9-]{1,40}$/);
    }
    const plan = doc('plan-2022');
    const p = (id: string) => plan.blocks.find((b) => b.id === id);
    expect((p('ch3-p1') as any).text).toContain('构建“一核四带多组团”城镇发展格局');
    expect((p('ch3-s1-p1') as any).text.startsWith('太原榆次太谷发展核。')).toBe(true);
    expect((p('ch3-s2-p4') as any).text.startsWith('太行城镇带。')).toBe(true);
    expect((p('ch9-s1-p1') as any).text).toContain('构建“一轴、两屏、多廊”生态格局');
    expect(p('ch6-s1')).toMatchObject({ t: 'h', num: '第一节', title: '构建“两极三廊五群多点”产业格局' });
  });

  it('every heading has an English title', () => {
    for (const d of text.docs) for (const b of d.blocks) if (b.t === 'h') expect(b.en, `${d.id} ${b.id}`).toMatch(/[A-Za-z]/);
  });

  it('display text carries no inline pinyin, no HTML and no stray whitespace', () => {
    for (const d of text.docs) {
      for (const b of d.blocks) {
        const s = b.t === 'p' ? b.text : b.title;
        expect(s, `${d.id} ${b.id}`).not.toMatch(/\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+ ?)+\)/);
        expect(s).not.toMatch(/<\/?[a-z]/i);
        expect(s).toBe(s.trim());
      }
    }
  });
});

describe.skipIf(!hasSeeds)('plan text against the seeds', () => {
  it('every paragraph and heading is its seed line, verbatim, and reads as that line cleaned', () => {
    let n = 0;
    for (const d of text.docs) {
      const lines = seedLines(d);
      const repairs = text.repairs.filter((r) => r.doc === d.id);
      for (const b of d.blocks) {
        const verbatim = b.v ?? (b.t === 'p' ? b.text : b.title);
        const line = lines[b.line - 1];
        if (b.t === 'p') {
          expect(line, `${d.id} ${b.id} is line ${b.line}`).toBe(verbatim);
          const repaired = repairs.reduce((s, r) => s.split(r.from).join(r.to), verbatim);
          expect(b.text, `${d.id} ${b.id}`).toBe(displayQuote(repaired).replace(/<\/?[a-z][^>]*>/gi, '').trim());
        } else {
          // a heading's line holds its title (the plan's carries the number: "第一节 强化“一核”辐射引领功能")
          expect(displayQuote(line), `${d.id} ${b.id}`).toContain(b.title === '前言' ? '前 言' : b.title);
        }
        n++;
      }
    }
    expect(n).toBeGreaterThan(250);
  });

  it('nothing of the plan’s body is dropped: every line from the preface to the colophon is a heading or a paragraph', () => {
    const d = doc('plan-2022');
    const lines = seedLines(d);
    const start = lines.findIndex((l) => l.trim() === '前 言');
    const end = lines.findIndex((l) => /印发$/.test(l.trim()));
    const stored = new Set(d.blocks.map((b) => b.line));
    const missing = lines.map((l, i) => [l, i + 1] as const).filter(([l, no]) => no > start && no <= end + 1 && l.trim() && !stored.has(no));
    expect(missing).toEqual([]);
    // and the notice of issue, with its number's paragraph
    expect(d.blocks.some((b) => b.t === 'p' && b.text.startsWith('《山西中部城市群高质量发展规划(2022—2035年)》已经省人民政府同意'))).toBe(true);
  });

  it('the other documents keep their body: every paragraph of the news reports and the 2019 opinions', () => {
    const counts = Object.fromEntries(text.docs.map((d) => [d.id, d.paragraphs]));
    expect(counts['taixin-inventory-2022']).toBe(seedLines(doc('taixin-inventory-2022')).filter((l) => /^\s*<p>/.test(l)).length);
    expect(counts['taiyuan-metro-2024']).toBe(13);
    // 2019: the preamble, the addressees, 一 … 四 with their items, the signature and the official explanation
    const t2019 = doc('taiyuan-coordination-2019');
    expect(t2019.blocks.filter((b) => b.t === 'p' && /^\([一二三四五六七八九]\)/.test(b.text)).length).toBe(16);
    expect(t2019.blocks.some((b) => b.t === 'h' && b.title === '政策解讀')).toBe(true);
  });

  it('where the 2019 page repeats a paragraph, the copy without stray characters is taken', () => {
    const p = doc('taiyuan-coordination-2019').blocks.find((b) => b.t === 'p' && b.text.startsWith('3.鄉村振興')) as any;
    expect(p.text).toContain('“生態修復、城市修補”');
    expect(p.text).not.toContain('挨試乘');
  });
});

describe('every citation in the app resolves to a paragraph', () => {
  const all = citers();
  const { index, unresolved } = buildCitationIndex(text, all);

  it('features, “also cited” entries, ledger entries and scene captions: 100 %', () => {
    const n = all.reduce((k, c) => k + (c.kind === 'feature' ? c.citations.filter((x) => text.docs.some((d) => d.id === x.doc)).length : 1), 0);
    console.log(`plan text: ${n} citations resolved to paragraphs (${all.filter((c) => c.kind === 'feature').length} features, ${ledger.items.length} ledger entries, ${deck!.scenes.length} scenes)`);
    expect(unresolved.map((u) => `${u.citer.kind} ${'layer' in u.citer ? u.citer.layer + '/' : ''}${u.citer.id}: “${u.citation.quote}” in ${u.citation.doc}`)).toEqual([]);
    expect(n).toBeGreaterThan(450);
  });

  it('the dating of every feature and ledger entry (现状/近期/远期) cites a clause that is in the text', () => {
    const missing: string[] = [];
    let n = 0;
    const check = (who: string, c: { doc?: unknown; section?: unknown; quote?: unknown }) => {
      if (typeof c.doc !== 'string' || typeof c.quote !== 'string' || !text.docs.some((d) => d.id === c.doc)) return;
      n++;
      if (!locate(text, { doc: c.doc, section: typeof c.section === 'string' ? c.section : undefined, quote: c.quote })) missing.push(`${who}: “${c.quote}”`);
    };
    for (const l of layers) {
      for (const f of readJson(`public/${l.data}`).features as { properties: Record<string, unknown> }[]) {
        const p = f.properties;
        check(`${l.id}/${p.id}`, { doc: p.phase_doc, section: p.phase_section, quote: p.phase_quote });
      }
    }
    for (const i of ledger.items as { id: string; phase_basis?: Record<string, unknown> }[]) if (i.phase_basis) check(`ledger ${i.id}`, i.phase_basis);
    expect(missing).toEqual([]);
    if (n) console.log(`plan text: ${n} dating clauses resolved`);
  });

  it('a citation lands under its cited section where the quote has one', () => {
    const core = locate(text, { doc: 'plan-2022', section: '第三章第一节', quote: '率先推动太原、榆次、太谷在规划管理、公共服务等方面加速推进同城化' });
    expect(core?.para).toBe('ch3-s1-p1');
    const pinyin = locate(text, { doc: 'taiyuan-metro-2024', section: '优化发展格局', quote: '打造太原榆次太谷發(fā)展核' });
    expect(pinyin?.para).toBe('s1-p1');
  });

  it('“一核四带多组团” applies to the core, the belts and the clusters; 平遥古城 cites its paragraph', () => {
    const c = citersOf(text, index, 'plan-2022', 'ch3-p1');
    expect(c.layers).toEqual(['plan-core', 'plan-belts', 'plan-clusters']);
    const sites = [...(index.get('plan-2022')?.entries() ?? [])].filter(([, marks]) => marks.some((m) => m.features.some((f) => f.id === 'site-pingyao-ancient-city')));
    expect(sites.length).toBeGreaterThan(0);
    // a section heading gathers its paragraphs' citers
    const s1 = citersOf(text, index, 'plan-2022', 'ch3-s1');
    expect(s1.features.some((f) => f.layer === 'plan-core')).toBe(true);
  });

  it('pattern links name layers the catalog has', () => {
    for (const l of text.links) for (const id of l.layers) expect(layers.some((x) => x.id === id), id).toBe(true);
  });
});

describe('traditional → simplified table', () => {
  it('is one character to one character, from OpenCC', () => {
    expect(t2s.t.length).toBe(t2s.s.length);
    expect(t2s.t.length).toBeGreaterThan(2500);
    const map = new Map([...t2s.t].map((c, i) => [c, t2s.s[i]]));
    for (const [t, s] of [['發', '发'], ['區', '区'], ['綜', '综'], ['範', '范'], ['與', '与'], ['學', '学'], ['晉', '晋'], ['陽', '阳']]) expect(map.get(t), t).toBe(s);
  });
});
