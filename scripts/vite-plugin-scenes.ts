/**
 * Vite plugin: validates the built-in presentation deck (scenes/plan-tour.json) when the app is
 * built or served, and hands the app the validated deck as `virtual:plan-tour` — zod stays out of
 * the bundle. An invalid deck stops the build with messages naming file › scene › field. A scene
 * naming a layer the catalog does not have is only a warning: it still plays, and says so.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { checkDeckFile, type Deck } from '../src/scenes/schema.ts';

const VIRTUAL = 'virtual:plan-tour';
const RESOLVED = '\0' + VIRTUAL;
export const PLAN_TOUR_FILE = 'scenes/plan-tour.json';

export function loadPlanTourFromDisk(root: string): { deck?: Deck; errors: string[]; unknownLayers: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(root, PLAN_TOUR_FILE), 'utf8'));
  } catch (e) {
    return { errors: [`${PLAN_TOUR_FILE}: not valid JSON (${String((e as Error).message ?? e)})`], unknownLayers: [] };
  }
  const r = checkDeckFile(PLAN_TOUR_FILE, json, { builtIn: true });
  if (!r.ok) return { errors: r.errors, unknownLayers: [] };
  const known = new Set<string>();
  const layersDir = join(root, 'layers');
  for (const name of readdirSync(layersDir).filter((n) => n.endsWith('.json') && n !== 'sources.json')) {
    try {
      for (const l of JSON.parse(readFileSync(join(layersDir, name), 'utf8')).layers ?? []) known.add(l.id);
    } catch {
      /* the catalog plugin reports broken catalog files */
    }
  }
  const unknownLayers = r.deck.scenes.flatMap((s, i) => s.state.layers.filter((l) => !known.has(l)).map((l) => `${PLAN_TOUR_FILE} › scene ${i + 1} "${s.id}" › state.layers: "${l}" is not in the catalog`));
  return { deck: r.deck, errors: [], unknownLayers };
}

export function scenesPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'planning-map-scenes',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return;
      this.addWatchFile(join(root, PLAN_TOUR_FILE));
      const { deck, errors, unknownLayers } = loadPlanTourFromDisk(root);
      if (!deck) this.error(`Built-in deck is invalid (${errors.length} problem(s)):\n  - ${errors.slice(0, 40).join('\n  - ')}`);
      for (const w of unknownLayers) this.warn(`${w} (the scene still plays and names it as missing)`);
      return `export default ${JSON.stringify(deck)};`;
    },
  };
}
