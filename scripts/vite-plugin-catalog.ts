/**
 * Vite plugin: validates the layer catalog and every data file it names when the app is built
 * (or served), and hands the app the validated catalog as `virtual:catalog` — so zod never
 * ships in the first-paint bundle. An invalid entry stops the build with messages that name
 * the file, the feature and the field.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { validateCatalog } from '../src/catalog/validate.ts';

const VIRTUAL = 'virtual:catalog';
const RESOLVED = '\0' + VIRTUAL;

export function loadCatalogFromDisk(root: string) {
  const layersDir = join(root, 'layers');
  const groups: Record<string, unknown> = {};
  const files: string[] = [];
  for (const name of readdirSync(layersDir).filter((n) => n.endsWith('.json') && n !== 'sources.json')) {
    const file = join(layersDir, name);
    files.push(file);
    try {
      groups[`layers/${name}`] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      groups[`layers/${name}`] = { __parseError: String(e) };
    }
  }
  const sources = JSON.parse(readFileSync(join(layersDir, 'sources.json'), 'utf8'));
  const dataFiles: string[] = [];
  const result = validateCatalog({
    groups,
    sources,
    readData: (path) => {
      const file = resolve(root, 'public', path);
      if (!existsSync(file)) return undefined;
      dataFiles.push(file);
      try {
        return JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        return { parseError: String(e) };
      }
    },
  });
  return { ...result, watch: [...files, join(layersDir, 'sources.json'), ...dataFiles] };
}

export function catalogPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'planning-map-catalog',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return;
      const { catalog, errors, watch } = loadCatalogFromDisk(root);
      for (const f of watch) this.addWatchFile(f);
      if (!catalog) {
        this.error(`Layer catalog is invalid (${errors.length} problem(s)):\n  - ${errors.slice(0, 40).join('\n  - ')}`);
      }
      return `export default ${JSON.stringify(catalog)};`;
    },
  };
}
