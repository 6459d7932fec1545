// Every citation names a section that exists and holds its quote: a ledger entry's quote and a
// feature's source quote lie under the heading they cite (not merely somewhere in the document).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { sectionText } from './seedSections';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
const sources = readJson('layers/sources.json');
const seedDir = path.resolve(ROOT, '../shared/seeds');
const seed = (doc: string) => (sources[doc]?.file && fs.existsSync(path.join(seedDir, sources[doc].file)) ? fs.readFileSync(path.join(seedDir, sources[doc].file), 'utf8') : undefined);
const ledger = readJson('public/data/ledger.json');
const catalogLayers = fs
  .readdirSync(path.join(ROOT, 'layers'))
  .filter((f) => f.endsWith('.json') && f !== 'sources.json')
  .flatMap((f) => readJson(`layers/${f}`).layers as any[]);

/** Where a quote should be and is not, as one line; '' when it is under its section. */
function check(what: string, doc: string, section: string, quote: string): string {
  const text = seed(doc);
  if (!text) return '';
  const under = sectionText(doc, text, section);
  if (under === undefined) return `${what}: ${doc} has no section “${section}”`;
  return under.includes(quote) ? '' : `${what}: “${quote.slice(0, 40)}” is not under ${doc} ${section}`;
}

describe.skipIf(!fs.existsSync(seedDir))('citations: the quote lies under the cited heading', () => {
  it('the section finder knows the seeds’ headings', () => {
    const plan = seed('plan-2022')!;
    expect(sectionText('plan-2022', plan, '第三章第二节')).toContain('雄忻城镇带');
    expect(sectionText('plan-2022', plan, '第三章第二节')).not.toContain('太原都市区');
    expect(sectionText('plan-2022', plan, '第九十章')).toBeUndefined();
    const o = seed('taiyuan-coordination-2019')!;
    expect(sectionText('taiyuan-coordination-2019', o, '二、主要舉措（五）')).toContain('天龍山國家森林公園');
    expect(sectionText('taiyuan-coordination-2019', o, '二、主要舉措（八）')).not.toContain('天龍山國家森林公園');
    expect(sectionText('taiyuan-coordination-2019', o, '主送单位')).toContain('西山示範區');
    expect(sectionText('taiyuan-metro-2024', seed('taiyuan-metro-2024')!, '实现高效通勤')).toContain('太綏高鐵');
  });

  it('every ledger entry’s quote lies under its section', () => {
    const bad = ledger.items.map((i: any) => check(i.id, i.doc, i.section, i.quote)).filter(Boolean);
    expect(bad).toEqual([]);
  });

  it('every feature’s source quote (and each “also cited” quote) lies under its section', () => {
    const bad: string[] = [];
    for (const l of catalogLayers.filter((x) => !String(x.data).startsWith('data/base/'))) {
      const fc = readJson(`public/${l.data}`) as FeatureCollection;
      for (const f of fc.features) {
        const p = f.properties as Record<string, any>;
        const doc = p.source_doc ?? l.source.doc;
        if (p.source_quote && p.source_section) bad.push(check(`${l.id}/${p.id}`, doc, p.source_section, p.source_quote));
      }
    }
    expect(bad.filter(Boolean)).toEqual([]);
  });
});
