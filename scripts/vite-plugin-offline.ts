/**
 * Vite plugin: after the app is built, writes dist/version.json (build time) and dist/sw.js — the
 * service worker of src/offline/sw.ts bundled with Workbox's runtime modules and given the
 * precache manifest: every file of dist/ with a content hash as its revision. The Workbox runtime
 * (workbox-precaching, workbox-routing: ≈3 MB of node_modules) is all it needs; the manifest is a
 * few lines here instead of workbox-build / vite-plugin-pwa (≈90 MB of node_modules).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';

/** Files not worth caching for the offline map: the office's page needs its server anyway. */
const SKIP = [/^sw\.js$/, /\.map$/, /^office\//];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function precacheManifest(outDir: string): { url: string; revision: string }[] {
  return walk(outDir)
    .map((file) => ({ file, url: relative(outDir, file).split(sep).join('/') }))
    .filter(({ url }) => !SKIP.some((re) => re.test(url)))
    .sort((a, b) => a.url.localeCompare(b.url))
    .map(({ file, url }) => ({ url, revision: createHash('md5').update(readFileSync(file)).digest('hex').slice(0, 16) }));
}

export function offlinePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'planning-map-offline',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    async closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      writeFileSync(join(outDir, 'version.json'), JSON.stringify({ built: new Date().toISOString() }) + '\n');
      const manifest = precacheManifest(outDir);
      await build({
        configFile: false,
        root: config.root,
        logLevel: 'warn',
        define: {
          'self.__WB_MANIFEST': JSON.stringify(manifest),
          'process.env.NODE_ENV': JSON.stringify('production'),
        },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          minify: true,
          target: 'es2020',
          lib: { entry: resolve(config.root, 'src/offline/sw.ts'), formats: ['iife'], name: 'planningMapSW', fileName: () => 'sw.js' },
        },
      });
    },
  };
}
