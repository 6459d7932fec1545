#!/usr/bin/env node
/**
 * Merges the plan's time stops (scripts/data/facts/phases.json) into the generated data: every
 * plan feature in public/data gets `phase` (现状 | 近期 | 远期 | 未注明期限), `phase_due` (the stop
 * it shows from: 2020 = 现状, 2025, 2035) and the clause that states it (`phase_doc`,
 * `phase_section`, `phase_quote`, `phase_why`); every item of public/data/ledger.json gets
 * `phase` and `phase_basis`.
 *
 *   node scripts/data/build-phases.mjs      (last: after build-plan, build-eco and build-ledger)
 *
 * A feature's phase: its own entry in `features`, else its layer's entry in `layers`, else the
 * phase of the ledger items that draw it (they must agree). Fails on a ledger item or plan feature
 * without a phase, on an entry naming nothing, and on a dated entry without its clause. Rewrites
 * each file in the format its builder wrote it (idempotent: a second run changes nothing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const fail = (msg) => {
  console.error(`build-phases: ${msg}`);
  process.exit(1);
};

/** the stop a phase shows from (未注明期限: the plan period's end, 2035) */
export const PHASE_DUE = { 现状: 2020, 近期: 2025, 远期: 2035, 未注明期限: 2035 };
const FIELDS = ['phase', 'phase_due', 'phase_doc', 'phase_section', 'phase_quote', 'phase_why'];

const facts = readJson(path.join(here, 'facts/phases.json'));
const sources = readJson(path.join(root, 'layers/sources.json'));
const ledgerPath = path.join(root, 'public/data/ledger.json');
const ledgerText = fs.readFileSync(ledgerPath, 'utf8');
const ledger = JSON.parse(ledgerText);

function checkEntry(where, e) {
  if (!e || !(e.phase in PHASE_DUE)) fail(`${where}: phase must be one of ${Object.keys(PHASE_DUE).join(', ')}`);
  if (e.phase === '未注明期限') return;
  if (!sources[e.doc]) fail(`${where}: unknown source ${e.doc}`);
  if (!e.section || !e.quote) fail(`${where}: a ${e.phase} entry cites its clause (section and quote)`);
}

// ---- catalog layers and their files
const layerFiles = new Map();
for (const file of fs.readdirSync(path.join(root, 'layers')).filter((f) => f.endsWith('.json') && f !== 'sources.json').sort()) {
  for (const layer of readJson(path.join(root, 'layers', file)).layers) layerFiles.set(layer.id, layer.data);
}
for (const id of Object.keys(facts.ground ?? {})) if (!layerFiles.has(id)) fail(`ground: no layer ${id}`);
for (const [id, e] of Object.entries(facts.layers ?? {})) {
  if (!layerFiles.has(id)) fail(`layers: no layer ${id}`);
  checkEntry(`layers.${id}`, e);
}

// ---- ledger items
const itemById = new Map(ledger.items.map((i) => [i.id, i]));
for (const id of Object.keys(facts.items)) if (!itemById.has(id)) fail(`items: no ledger item ${id}`);
const byFeature = new Map();
for (const it of ledger.items) {
  const e = facts.items[it.id];
  if (!e) fail(`ledger item ${it.id} (${it.name}) has no phase: add it to facts/phases.json (未注明期限 when the text gives no date)`);
  checkEntry(`items.${it.id}`, e);
  for (const ref of it.features ?? []) byFeature.set(ref, [...(byFeature.get(ref) ?? []), it.id]);
}

/** the clause a phase cites; for 未注明期限, the item's or feature's own clause (which gives no date) */
const basis = (e, own) => (e.phase === '未注明期限' ? { doc: own.doc, section: own.section, quote: own.quote, why: e.why ?? '条文未注明期限（在规划期末2035年显示）' } : { doc: e.doc, section: e.section, quote: e.quote, ...(e.why ? { why: e.why } : {}) });

// ---- features
const seenFeatures = new Set();
const files = [...new Set(layerFiles.values())];
for (const [layerId, data] of layerFiles) {
  if (facts.ground?.[layerId]) continue;
  const file = path.join(root, 'public', data);
  const text = fs.readFileSync(file, 'utf8');
  const fc = JSON.parse(text);
  for (const f of fc.features) {
    const p = f.properties;
    for (const k of FIELDS) delete p[k];
    const ref = `${layerId}/${p.id}`;
    seenFeatures.add(ref);
    const own = { doc: p.source_doc, section: p.source_section, quote: p.source_quote };
    let e = facts.features?.[ref] ?? facts.layers?.[layerId];
    let b;
    if (e) {
      checkEntry(ref, e);
      b = basis(e, own);
    } else {
      const items = byFeature.get(ref) ?? [];
      if (!items.length) fail(`feature ${ref} (${p.name}) has no phase: no ledger item draws it; add it to 'features' in facts/phases.json`);
      const phases = new Set(items.map((i) => facts.items[i].phase));
      if (phases.size > 1) fail(`feature ${ref}: its ledger items ${items.join(', ')} give different phases; add an entry for it to 'features'`);
      e = facts.items[items[0]];
      const it = itemById.get(items[0]);
      b = basis(e, e.phase === '未注明期限' ? own.quote ? own : { doc: it.doc, section: it.section, quote: it.quote } : own);
    }
    Object.assign(p, { phase: e.phase, phase_due: PHASE_DUE[e.phase], phase_doc: b.doc, phase_section: b.section, phase_quote: b.quote, ...(b.why ? { phase_why: b.why } : {}) });
  }
  const out = reserialise(text, fc);
  if (out !== text) fs.writeFileSync(file, out);
}
for (const ref of Object.keys(facts.features ?? {})) if (!seenFeatures.has(ref)) fail(`features: no plan feature ${ref}`);

// ---- ledger
for (const it of ledger.items) {
  const e = facts.items[it.id];
  it.phase = e.phase;
  it.phase_basis = basis(e, { doc: it.doc, section: it.section, quote: it.quote });
}
const ledgerOut = `{"counts":${JSON.stringify(ledger.counts)},"chapters":${JSON.stringify(ledger.chapters)},"items":[\n${ledger.items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`;
fs.writeFileSync(ledgerPath, ledgerOut);

const count = (xs) => Object.entries(xs.reduce((a, x) => ((a[x] = (a[x] ?? 0) + 1), a), {})).map(([k, v]) => `${k} ${v}`).join(', ');
console.log(`phases: ${seenFeatures.size} plan features in ${files.length} files; ledger ${ledger.items.length} items (${count(ledger.items.map((i) => i.phase))})`);

/** The file in its builder's format: one line (build-plan) or one feature per line (build-eco, build-base). */
function reserialise(text, fc) {
  if (text.startsWith('{"type":"FeatureCollection","features":[\n')) {
    return '{"type":"FeatureCollection","features":[\n' + fc.features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
  }
  return JSON.stringify(fc) + '\n';
}
