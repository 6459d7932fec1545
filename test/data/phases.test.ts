// The plan's time stops (issue 18): every plan feature and ledger entry carries a phase cited to the
// clause that states it; features the text gives no date are listed on purpose; the number of
// features shown at each stop is what the phases say. Plain Node over the committed files.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { STOPS, PHASE_DUE, PHASES, dueBy, type Phase } from '../../src/time/stops';

const ROOT = path.resolve(__dirname, '../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));

const facts = readJson('scripts/data/facts/phases.json');
const ledger = readJson('public/data/ledger.json');
const sources = readJson('layers/sources.json');
const catalogLayers = fs
  .readdirSync(path.join(ROOT, 'layers'))
  .filter((f) => f.endsWith('.json') && f !== 'sources.json')
  .flatMap((f) => readJson(`layers/${f}`).layers as { id: string; data: string }[]);
const planLayers = catalogLayers.filter((l) => !(l.id in facts.ground));
const features = planLayers.flatMap((l) => (readJson(`public/${l.data}`).features as { properties: Record<string, any> }[]).map((f) => ({ ref: `${l.id}/${f.properties.id}`, layer: l.id, p: f.properties })));
const groundFeatures = catalogLayers.filter((l) => l.id in facts.ground).flatMap((l) => readJson(`public/${l.data}`).features as { properties: Record<string, any> }[]);

const seedDir = path.resolve(ROOT, '../shared/seeds');
const seedText: Record<string, string> = {};
for (const [id, s] of Object.entries<any>(sources)) {
  if (s.file && fs.existsSync(path.join(seedDir, s.file))) seedText[id] = fs.readFileSync(path.join(seedDir, s.file), 'utf8');
}

/** the ledger items that draw each feature */
const itemsOf = new Map<string, string[]>();
for (const it of ledger.items) for (const ref of it.features ?? []) itemsOf.set(ref, [...(itemsOf.get(ref) ?? []), it.id]);

/** where a feature's phase comes from, as the facts file states it (not as the build wrote it) */
function stated(ref: string, layer: string): { phase: Phase; from: string } | null {
  if (facts.features[ref]) return { phase: facts.features[ref].phase, from: `features["${ref}"]` };
  if (facts.layers[layer]) return { phase: facts.layers[layer].phase, from: `layers["${layer}"]` };
  const items = itemsOf.get(ref) ?? [];
  const phases = [...new Set(items.map((i) => facts.items[i]?.phase))];
  return items.length && phases.length === 1 && phases[0] ? { phase: phases[0], from: `items ${items.join(', ')}` } : null;
}

describe('phases: every plan feature and ledger entry has one, cited', () => {
  it('every plan feature carries a phase, its due stop and its clause; the ground layers carry none', () => {
    const missing = features.filter((f) => !PHASES.includes(f.p.phase) || f.p.phase_due !== PHASE_DUE[f.p.phase as Phase] || !f.p.phase_doc || !f.p.phase_quote);
    expect(missing.map((f) => f.ref)).toEqual([]);
    expect(groundFeatures.filter((f) => 'phase' in f.properties)).toEqual([]);
  });

  it('lists every feature the text gives no date (未注明期限), and fails on one that is not listed on purpose', () => {
    const unstated = features.filter((f) => f.p.phase === '未注明期限');
    console.log(`未注明期限 — ${unstated.length} of ${features.length} plan features (shown from the 2035 stop, the plan period's end):\n` + unstated.map((f) => `  ${f.ref} ${f.p.name}`).join('\n'));
    const notOnPurpose = features.filter((f) => stated(f.ref, f.layer)?.phase !== f.p.phase).map((f) => `${f.ref}: data says ${f.p.phase}, facts say ${stated(f.ref, f.layer)?.phase ?? 'nothing'}`);
    expect(notOnPurpose).toEqual([]);
  });

  it('every ledger entry has a phase stated in the facts file, with its basis', () => {
    const missing = ledger.items.filter((i: any) => !facts.items[i.id] || i.phase !== facts.items[i.id].phase || !i.phase_basis?.quote);
    expect(missing.map((i: any) => i.id)).toEqual([]);
    expect(Object.keys(facts.items).sort()).toEqual(ledger.items.map((i: any) => i.id).sort());
  });

  it.skipIf(!fs.existsSync(seedDir))('every dated phase cites a verbatim clause that states it (到2025年 / 建成 for 近期, 到2035年 for 远期)', () => {
    const entries: [string, any][] = [...Object.entries<any>(facts.items), ...Object.entries<any>(facts.features), ...Object.entries<any>(facts.layers)].filter(([, e]) => e.phase !== '未注明期限');
    const problems: string[] = [];
    for (const [id, e] of entries) {
      // fragments of one paragraph may be joined by …… (as scene captions are)
      const parts = String(e.quote).split('……');
      const para = seedText[e.doc]?.split('\n').find((l) => parts.every((q) => l.includes(q)));
      if (!para || parts.some((q, i) => i > 0 && para.indexOf(q) < para.indexOf(parts[i - 1]))) problems.push(`${id}: “${e.quote}” not in one paragraph of ${e.doc}, in order`);
      if (!e.section) problems.push(`${id}: no section`);
      if (e.phase === '近期' && !/2025|建成/.test(e.quote)) problems.push(`${id}: 近期 without 到2025年/建成 in its clause`);
      if (e.phase === '远期' && !/2035|2029/.test(e.quote)) problems.push(`${id}: 远期 without 到2035年 in its clause`);
    }
    expect(problems).toEqual([]);
  });

  it('a feature drawn by ledger entries has their phase, unless the facts list it apart on purpose', () => {
    const problems: string[] = [];
    for (const f of features) {
      if (facts.features[f.ref]) continue;
      for (const id of itemsOf.get(f.ref) ?? []) if (facts.items[id].phase !== f.p.phase) problems.push(`${f.ref} is ${f.p.phase}, ledger ${id} is ${facts.items[id].phase}`);
    }
    expect(problems).toEqual([]);
  });

  it('the number of features visible at each stop equals what the phases say', () => {
    const byPhase: Record<string, number> = {};
    for (const f of features) {
      const s = stated(f.ref, f.layer)!;
      byPhase[s.phase] = (byPhase[s.phase] ?? 0) + 1;
    }
    const expected = Object.fromEntries(STOPS.map((t) => [t, PHASES.filter((p) => PHASE_DUE[p] <= t).reduce((n, p) => n + (byPhase[p] ?? 0), 0) + groundFeatures.length]));
    const shown = Object.fromEntries(STOPS.map((t) => [t, [...features.map((f) => f.p), ...groundFeatures.map((g) => g.properties)].filter((p) => dueBy(p, t)).length]));
    console.log(`features shown per stop (ground ${groundFeatures.length} included): ${JSON.stringify(shown)}; by phase ${JSON.stringify(byPhase)}`);
    expect(shown).toEqual(expected);
    // stops only add: what shows at 现状 shows at 2025, and what shows at 2025 shows at 2035
    expect(shown[2020]).toBeLessThan(shown[2025]);
    expect(shown[2025]).toBeLessThan(shown[2035]);
    expect(shown[2035]).toBe(features.length + groundFeatures.length);
  });
});
