/**
 * Entry: start the base map at once (MapLibre + the offline style: all the first paint needs),
 * hand it the planning layers the link shows as soon as their small chunk (catalog + URL codec,
 * src/state/earlyDraw.ts) is in, and load the UI (Svelte) in parallel. deck.gl only when needed.
 */
import { MapEngine, supportsWebGL2 } from './engine/MapEngine';
import { readEntry } from './state/urlEntry';
import { readTextScale } from './engine/textScale';

const mapEl = document.getElementById('map')!;
const entry = readEntry(location.hash, { width: mapEl.clientWidth || 960, height: mapEl.clientHeight || 800 });
let engine: MapEngine | null = null;
let error: 'no-webgl' | string | null = null;

function storedTiandituKey(): string | undefined {
  try {
    return localStorage.getItem('tianditu-key') ?? undefined;
  } catch {
    return undefined;
  }
}

document.body.dataset.mode = entry.route.mode;
if (entry.route.mode === 'public') {
  document.body.classList.add('public-mode');
  // installed from the public map, the app opens on the public map
  document.querySelector('link[rel=manifest]')?.setAttribute('href', new URL('manifest-public.webmanifest', document.baseURI).href);
}
if (!supportsWebGL2()) {
  error = 'no-webgl';
} else {
  try {
    engine = new MapEngine(mapEl, {
      view: entry.view,
      basemap: entry.basemap,
      basemapOptions: { tiandituKey: storedTiandituKey() ?? import.meta.env.VITE_TIANDITU_KEY },
    });
    (window as unknown as { planningMap: MapEngine }).planningMap = engine;
    const scale = readTextScale();
    if (scale !== 1) engine.setTextScale(scale);
  } catch (e) {
    error = String((e as Error)?.message ?? e);
  }
}

// the planning layers the link's state shows (or the defaults) go to MapLibre with the base map,
// not after the UI has mounted: a small chunk (the catalog and the URL codec) read beside the UI
if (engine) {
  const eng = engine;
  // the catalog's chunk is the UI's too: both hold the same Layer objects
  void Promise.all([import('./state/earlyDraw'), import('./catalog/catalog')]).then(([{ earlyDraw }, { catalog }]) => {
    const draw = earlyDraw(location.hash, catalog, entry.route.mode, eng.getViewport());
    if (draw) eng.drawEarly({ catalog, ...draw });
  });
}

// offline on a second visit: a service worker caches the app and its data once the map has drawn
if (import.meta.env.PROD && 'serviceWorker' in navigator) void import('./offline/register').then((m) => m.registerOffline(mapEl));

import('./ui/mount').then(({ mountApp }) => mountApp(document.getElementById('app')!, { engine, error, route: entry.route }));

// a link between the public map and the planner's (which also presents) mounts the other UI: start afresh
window.addEventListener('hashchange', () => {
  const isPublic = (m: string) => m === 'public';
  if (isPublic(readEntry(location.hash, { width: 1, height: 1 }).route.mode) !== isPublic(entry.route.mode)) location.reload();
});
