/**
 * Entry: start the base map at once (MapLibre + the offline style: all the first paint needs),
 * and load the UI (Svelte, the layer catalog) in parallel. deck.gl follows after the first idle.
 */
import { MapEngine, supportsWebGL2 } from './engine/MapEngine';
import { parseHash } from './state/urlState';

const initial = parseHash(location.hash);
let engine: MapEngine | null = null;
let error: 'no-webgl' | string | null = null;

function storedTiandituKey(): string | undefined {
  try {
    return localStorage.getItem('tianditu-key') ?? undefined;
  } catch {
    return undefined;
  }
}

const mapEl = document.getElementById('map')!;
if (initial.mode === 'public') document.body.classList.add('public-mode');
if (!supportsWebGL2()) {
  error = 'no-webgl';
} else {
  try {
    engine = new MapEngine(mapEl, {
      view: initial.view,
      basemap: initial.basemap ?? 'offline',
      basemapOptions: { tiandituKey: storedTiandituKey() ?? import.meta.env.VITE_TIANDITU_KEY },
    });
    (window as unknown as { planningMap: MapEngine }).planningMap = engine;
  } catch (e) {
    error = String((e as Error)?.message ?? e);
  }
}

import('./ui/mount').then(({ mountApp }) => mountApp(document.getElementById('app')!, { engine, error, mode: initial.mode }));
