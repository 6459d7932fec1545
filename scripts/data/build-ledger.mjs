#!/usr/bin/env node
/**
 * Builds the completeness ledger (public/data/ledger.json) from scripts/data/facts/named-items.json
 * and the generated map data: every named item of the plan is either drawn (its features, and
 * whether they are surveyed/derived/approximate = "mapped" or all schematic = "schematic") or
 * "unmapped" with the reason and the counties it concerns.
 *
 *   node scripts/data/build-ledger.mjs      (after build-plan and build-eco)
 *
 * Deterministic: the output follows the facts' order. Fails on a reference to a missing layer,
 * feature or county, and on an item that is neither mapped nor given a reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const fail = (msg) => {
  console.error(`build-ledger: ${msg}`);
  process.exit(1);
};

const facts = readJson(path.join(here, 'facts/named-items.json'));
const counties = new Map(readJson(path.join(root, 'public/data/base/counties.geojson')).features.map((f) => [String(f.properties.code), f.properties]));
const sources = readJson(path.join(root, 'layers/sources.json'));

// layer id → its features (by id)
const layers = new Map();
for (const file of fs.readdirSync(path.join(root, 'layers')).filter((f) => f.endsWith('.json') && f !== 'sources.json').sort()) {
  for (const layer of readJson(path.join(root, 'layers', file)).layers) {
    const fc = readJson(path.join(root, 'public', layer.data));
    layers.set(layer.id, new Map(fc.features.map((f) => [String(f.properties.id), f.properties])));
  }
}
function featureProps(ref, item) {
  const cut = ref.indexOf('/');
  const [layer, id] = cut > 0 ? [ref.slice(0, cut), ref.slice(cut + 1)] : [null, ref];
  const p = layers.get(layer)?.get(id);
  if (!p) fail(`${item.id}: no feature ${ref}`);
  return p;
}

const REASONS = new Set(['no-location', 'not-found', 'extent-unknown', 'no-route', 'not-a-place']);
const CITIES = new Set(['太原', '晋中', '忻州', '吕梁', '阳泉']);
const ZH_DIGITS = '一二三四五六七八九十';

/** '第六章第二节' → '第六章'; other documents are their own "chapter" (the source id). */
function chapterOf(doc, section) {
  if (doc !== 'plan-2022') return doc;
  const m = /^第([一二三四五六七八九十]+)章/.exec(section);
  if (!m) fail(`section ${section} names no chapter`);
  return `第${m[1]}章`;
}
const chapterOrder = (c) => (c.startsWith('第') ? ZH_DIGITS.indexOf(c[1]) : 100 + Object.keys(sources).indexOf(c));

const ids = new Set();
const items = facts.items.map((it) => {
  if (!it.id || ids.has(it.id)) fail(`duplicate or missing id ${it.id}`);
  ids.add(it.id);
  if (!sources[it.doc]) fail(`${it.id}: unknown source ${it.doc}`);
  for (const c of it.counties ?? []) if (!counties.has(c)) fail(`${it.id}: unknown county ${c}`);
  for (const c of it.cities ?? []) if (!CITIES.has(c)) fail(`${it.id}: unknown city ${c}`);
  for (const w of it.within ?? []) featureProps(w, it);
  const out = { id: it.id, name: it.name, name_en: it.name_en, doc: it.doc, section: it.section, chapter: chapterOf(it.doc, it.section), type: it.type };
  if (it.map?.length && it.unmapped) fail(`${it.id}: both mapped and unmapped`);
  if (it.map?.length) {
    const props = it.map.map((r) => featureProps(r, it));
    // 'mapped' only when every feature is located (surveyed/derived/approximate); any schematic
    // feature makes the item 'schematic'; 'partial' when the facts say what the drawing leaves out
    out.status = it.partial ? 'partial' : props.some((p) => p.accuracy === 'schematic') ? 'schematic' : 'mapped';
    if (it.partial) {
      if (!it.partial_en) fail(`${it.id}: 'partial' needs its English 'partial_en'`);
      out.missing = it.partial;
      out.missing_en = it.partial_en;
    }
    out.features = it.map;
    // a feature's quote stands for the entry only when the feature cites the entry's own section
    const inherited = (props[0].source_section ?? '').split(/[；;]/).some((sec) => sec.startsWith(it.section) || it.section.startsWith(sec));
    if (!it.quote && !inherited) fail(`${it.id}: ${it.map[0]} cites ${props[0].source_section}, not ${it.section}: type the quote of ${it.section}`);
    out.quote = it.quote ?? props[0].source_quote;
    if (!out.quote) fail(`${it.id}: no quote (neither typed nor on ${it.map[0]})`);
  } else {
    if (!REASONS.has(it.unmapped)) fail(`${it.id}: neither mapped nor given a reason (unmapped: ${it.unmapped})`);
    if (!it.why || !it.why_en || !it.quote) fail(`${it.id}: an unmapped item needs 'why', 'why_en' and 'quote'`);
    out.status = 'unmapped';
    out.reason = it.unmapped;
    out.why = it.why;
    out.why_en = it.why_en;
    out.quote = it.quote;
  }
  if (it.counties?.length) out.counties = it.counties;
  if (it.cities?.length) out.cities = it.cities;
  if (it.within?.length) out.within = it.within;
  return out;
});

const counts = { mapped: 0, partial: 0, schematic: 0, unmapped: 0 };
for (const it of items) counts[it.status]++;
const chapters = [...new Set(items.map((i) => i.chapter))].sort((a, b) => chapterOrder(a) - chapterOrder(b));
const text = `{"counts":${JSON.stringify(counts)},"chapters":${JSON.stringify(chapters)},"items":[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}\n`;
fs.writeFileSync(path.join(root, 'public/data/ledger.json'), text);
console.log(`ledger.json: ${items.length} items — mapped ${counts.mapped}, partly mapped ${counts.partial}, schematic ${counts.schematic}, unmapped ${counts.unmapped}; ${(text.length / 1024).toFixed(1)} kB`);
