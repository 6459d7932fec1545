// The ledger covers, clause by clause, every document the app cites: in the covered text of each
// (plan chapters 3–6 and 9; Taiyuan's 2019 opinions; the 2022 and 2024 reports) every word that
// ends a name of the kinds the plan names (…示范区, …镇, …高铁, …水库, …关, …工程 …) lies inside a
// ledger entry's name as the document writes it, a county or city name, or a phrase of the checked
// list scripts/data/facts/not-named.json. A name nobody accounted for fails here.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { sectionText } from './seedSections';
import { uncoveredNames, nameStrings, type CoverageEntry } from './namedCoverage';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
const sources = readJson('layers/sources.json');
const facts = readJson('scripts/data/facts/named-items.json').items as any[];
const notNamed = readJson('scripts/data/facts/not-named.json');
const seedDir = path.resolve(ROOT, '../shared/seeds');
const seed = (doc: string) => fs.readFileSync(path.join(seedDir, sources[doc].file), 'utf8');

/** The part of each covered document the ledger accounts for. */
function coveredText(doc: string): string {
  const text = seed(doc);
  switch (doc) {
    case 'plan-2022':
      return sectionText(doc, text, '第三章至第六章')! + sectionText(doc, text, '第九章')!;
    case 'taiyuan-coordination-2019': // the 全文, from the addressees to the signature (not the 政策解读 that repeats it)
      return text.slice(text.indexOf('各縣(市、區)人民政府'), text.indexOf('太原市人民政府\n2019年10月25日'));
    case 'taiyuan-metro-2024':
      return text.slice(text.indexOf('內(nèi)容提要'), text.indexOf('(責(zé)編'));
    case 'taixin-inventory-2022':
      return text.slice(text.indexOf('中国经济导报'), text.indexOf('（文章来源'));
    default:
      throw new Error(`${doc} is not a covered document`);
  }
}
const COVERED = ['plan-2022', 'taiyuan-coordination-2019', 'taiyuan-metro-2024', 'taixin-inventory-2022'];

const countyNames = (readJson('public/data/base/counties.geojson').features as any[])
  .map((f) => String(f.properties.name))
  .flatMap((n) => [n, n.replace(/(县|区|市)$/, '')])
  .filter((n) => n.length >= 2);

function entries(doc: string): CoverageEntry[] {
  return [
    ...facts.filter((f) => f.doc === doc).map((f) => ({ id: f.id, strings: [...nameStrings(f.name), ...(f.aka ?? [])] })),
    { id: 'not-named', strings: (notNamed.docs[doc] ?? []).flatMap((e: any) => e.texts) },
    { id: 'counties', strings: countyNames },
  ];
}

describe.skipIf(!fs.existsSync(seedDir))('the ledger accounts for every named item of the documents it covers', () => {
  it('covers every document the app cites (features, layers, “also cited”, the ledger itself)', () => {
    const cited = new Set<string>();
    for (const file of fs.readdirSync(path.join(ROOT, 'layers')).filter((f) => f.endsWith('.json') && f !== 'sources.json')) {
      for (const l of readJson(`layers/${file}`).layers) {
        cited.add(l.source.doc);
        for (const f of readJson(`public/${l.data}`).features) {
          if (f.properties.source_doc) cited.add(f.properties.source_doc);
          for (const c of f.properties.also_cited ?? []) for (const [id, s] of Object.entries<any>(sources)) if (String(c).startsWith(s.title.zh)) cited.add(id);
        }
      }
    }
    for (const f of facts) cited.add(f.doc);
    const documents = [...cited].filter((id) => sources[id]?.kind !== 'dataset');
    expect(documents.sort()).toEqual([...COVERED].sort());
    for (const doc of COVERED) expect(facts.filter((f) => f.doc === doc).length, doc).toBeGreaterThan(3);
  });

  for (const doc of COVERED) {
    it(`${doc}: every name-like word is a ledger entry, a county, or judged not a named item`, () => {
      const text = coveredText(doc);
      const missed = uncoveredNames(text, entries(doc)).map((u) => `${u.ending} in “…${u.context}…”`);
      expect(missed).toEqual([]);
    });
  }

  it('the checked list of what is not a named item: each phrase is in its document and has a reason', () => {
    for (const [doc, list] of Object.entries<any[]>(notNamed.docs)) {
      expect(COVERED, doc).toContain(doc);
      const text = coveredText(doc);
      for (const e of list) {
        expect(notNamed.why[e.kind], `${doc}: kind ${e.kind}`).toBeTruthy();
        for (const t of e.texts) expect(text.includes(t), `${doc}: “${t}”`).toBe(true);
      }
    }
  });

  it('each ledger entry’s other wordings (aka) are the document’s own words', () => {
    for (const f of facts) for (const a of f.aka ?? []) expect(seed(f.doc).includes(a), `${f.id}: “${a}”`).toBe(true);
  });

  it('the coverage check is not empty: it finds the names it is meant to find', () => {
    // with the ledger left out, the towns, airports and the 2019 clusters are reported
    const text = coveredText('plan-2022');
    const bare = uncoveredNames(text, [{ id: 'counties', strings: countyNames }]).map((u) => u.context).join('\n');
    for (const n of ['静升镇', '通用机场', '坪上水库', '娘子关']) expect(bare).toContain(n);
    const o = uncoveredNames(coveredText('taiyuan-coordination-2019'), [{ id: 'counties', strings: countyNames }]).map((u) => u.context).join('\n');
    expect(o).toContain('西山示範區');
  });
});
