import { defineConfig } from 'vite';
import { catalogPlugin } from './scripts/vite-plugin-catalog.ts';

// The server (server/) bundled for Node: the API, the office CLI, and the app code they share
// (the layer catalog as `virtual:catalog`, the "what applies here" report for the spatial join).
// Migrations are inlined (import.meta.glob).
export default defineConfig({
  plugins: [catalogPlugin()],
  logLevel: 'warn',
  publicDir: false,
  // the app modules' own dependencies (turf, flatbush, geographiclib …, some CommonJS) are bundled;
  // the server's packages are loaded from node_modules
  ssr: { noExternal: true, external: ['fastify', '@fastify/cookie', '@fastify/send', '@electric-sql/pglite', 'pg', 'altcha-lib'] },
  build: {
    ssr: true,
    outDir: 'dist-server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: { main: 'server/main.ts', cli: 'server/cli.ts' },
      output: { format: 'esm', entryFileNames: '[name].mjs' },
    },
  },
});
