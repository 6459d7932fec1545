// The first paint's JavaScript is the entry (src/main.ts) and what it imports statically (README,
// Benchmark: first-paint JS ≤ 450 kB gzip, `npm run bench -- --only bytes`). The planning half of
// the engine, deck.gl, the UI and turf come in chunks loaded beside or after it: this follows the
// static, runtime imports from src/main.ts through the source (no build) and checks that none of
// them is reached — a static import added by mistake would put them back into the entry chunk.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** The modules a source file imports at run time (not `import type`, not `import()`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const noComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of noComments.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    const [, kind, typeOnly, clause, spec] = m;
    if (typeOnly) continue;
    if (kind === 'export' && !clause) continue;
    out.push(spec);
  }
  return out;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const f of [base, `${base}.ts`, `${base}.svelte.ts`, join(base, 'index.ts')]) if (existsSync(f) && /\.(ts|js|mjs)$/.test(f)) return f;
  return null;
}

/** Every module reached from `entry` through static imports: local files (relative to the repo) and packages. */
function firstPaintGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const rel = relative(root, file);
    if (files.has(rel)) return;
    files.add(rel);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const f = resolveLocal(file, spec);
        if (f) visit(f);
      } else if (!spec.startsWith('virtual:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(join(root, 'src/main.ts'));
  return { files, packages };
}

describe('staticImports', () => {
  it('keeps runtime imports and re-exports, skips type-only ones and dynamic imports', () => {
    const code = [
      "import { a, type B } from './a';",
      "import type { C } from './c';",
      "import './style.css';",
      "import {\n  d,\n  e,\n} from 'pkg/sub';",
      "export { f } from './f';",
      "export type { G } from './g';",
      'const h = () => import("./h");',
      "// import { x } from './commented';",
    ].join('\n');
    expect(staticImports(code)).toEqual(['./a', './style.css', 'pkg/sub', './f']);
  });
});

describe('the first paint', () => {
  const { files, packages } = firstPaintGraph(join(root, 'src/main.ts'));

  it('starts the base-map engine', () => {
    expect(files).toContain('src/engine/MapEngine.ts');
    expect(packages).toContain('maplibre-gl');
  });

  it('leaves the planning half of the engine, deck.gl, the UI and turf to later chunks', () => {
    for (const f of ['planningEngine', 'planLayers', 'mapTools', 'overlay', 'labels', 'markerGroups', 'snapshot', 'userLayers', 'drawing', 'dataStore'])
      expect(files, f).not.toContain(`src/engine/${f}.ts`);
    expect([...files].filter((f) => f.startsWith('src/ui/') || f.startsWith('src/catalog/'))).toEqual([]);
    for (const p of ['@deck.gl/core', '@deck.gl/layers', '@deck.gl/mapbox', '@turf/turf', 'svelte', 'terra-draw']) expect(packages, p).not.toContain(p);
  });
});
