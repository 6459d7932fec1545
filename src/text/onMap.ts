/**
 * "在图上显示 / Show on map" for a clause: the features it names (those citing it, those of the
 * ledger entries citing it, and every feature of the layers a pattern paragraph applies to), the
 * layers to turn on, and its named-but-unmapped items. Pure over the loaded citations.
 */
import type { LedgerItem } from '../ledger/ledger';
import type { AppCitations, FeatureInfo } from './appCitations';
import { citersOf } from './citations';

export interface ClauseOnMap {
  features: FeatureInfo[];
  /** layers holding those features, in catalog order of first appearance */
  layers: string[];
  /** every ledger entry citing the clause */
  ledger: LedgerItem[];
  /** its entries the map does not draw ("规划提及、未上图") */
  unmapped: LedgerItem[];
  /** features left out because this map does not show them (the public map) */
  hidden: number;
}

/** `allow`: which features this map may show (the public map: public layers, features not marked non-public). */
export function clauseOnMap(c: AppCitations, doc: string, blockId: string, allow: (f: FeatureInfo) => boolean = () => true): ClauseOnMap {
  const who = citersOf(c.text, c.index, doc, blockId);
  const seen = new Set<string>();
  const all: FeatureInfo[] = [];
  const add = (f: FeatureInfo | undefined) => {
    if (!f) return;
    const k = `${f.ref.layer}/${f.ref.id}`;
    if (seen.has(k)) return;
    seen.add(k);
    all.push(f);
  };
  for (const ref of who.features) add(c.feature(ref));
  const ledger = who.ledger.map((id) => c.ledger(id)).filter((x): x is LedgerItem => !!x);
  for (const item of ledger) {
    for (const r of item.features ?? []) {
      const cut = r.indexOf('/');
      add(c.feature({ layer: r.slice(0, cut), id: r.slice(cut + 1) }));
    }
  }
  for (const layer of who.layers) for (const f of c.featuresOf(layer)) add(f);
  const features = all.filter(allow);
  const layers: string[] = [];
  for (const f of features) if (!layers.includes(f.ref.layer)) layers.push(f.ref.layer);
  return { features, layers, ledger, unmapped: ledger.filter((i) => i.status === 'unmapped'), hidden: all.length - features.length };
}
