/**
 * Registers the service worker once the map has drawn (so caching never competes with the first
 * paint), and keeps `offline` up to date: whether this page shows cached data because the
 * server cannot be reached, when that copy was built, and whether a newer version is waiting.
 */
import { offline } from './status.svelte';

const PROBE_TIMEOUT_MS = 4000;

/** Is the server reachable? A request the service worker passes to the network (not cached). */
async function reachable(): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return false;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), PROBE_TIMEOUT_MS);
  try {
    const r = await fetch(new URL(`version.json?probe=${Date.now()}`, document.baseURI), { cache: 'no-store', signal: ctl.signal });
    return r.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The build the cache holds (version.json is precached with the app). */
async function cachedBuild(): Promise<string | undefined> {
  try {
    const r = await fetch(new URL('version.json', document.baseURI));
    return r.ok ? String((await r.json()).built ?? '') || undefined : undefined;
  } catch {
    return undefined;
  }
}

async function check() {
  const controlled = Boolean(navigator.serviceWorker?.controller);
  const up = await reachable();
  offline.cached = controlled && !up;
  if (offline.cached) offline.built ??= await cachedBuild();
}

export function registerOffline(mapEl: HTMLElement) {
  if (!('serviceWorker' in navigator)) return;
  void check();
  window.addEventListener('online', () => void check());
  window.addEventListener('offline', () => void check());

  const start = () => {
    navigator.serviceWorker
      .register(new URL('sw.js', document.baseURI), { scope: './' })
      .then((reg) => {
        const watch = (w: ServiceWorker | null) => {
          w?.addEventListener('statechange', () => {
            if (w.state === 'installed' && navigator.serviceWorker.controller) offline.update = () => w.postMessage({ type: 'SKIP_WAITING' });
          });
        };
        if (reg.waiting && navigator.serviceWorker.controller) offline.update = () => reg.waiting?.postMessage({ type: 'SKIP_WAITING' });
        watch(reg.installing);
        reg.addEventListener('updatefound', () => watch(reg.installing));
        return navigator.serviceWorker.ready;
      })
      .then(() => {
        // everything is cached once the worker is active (precaching completes during install)
        document.documentElement.dataset.offlineReady = 'true';
        offline.ready = true;
      })
      .catch((e) => console.warn('service worker:', e));
    // the new version took over (after the user asked for it): load it
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (offline.update && !reloading) {
        reloading = true;
        location.reload();
      }
    });
  };

  // after the overlays have drawn (or failed), or after 15 s at the latest
  const done = () => mapEl.dataset.overlay === 'drawn' || mapEl.dataset.overlay === 'failed';
  if (done()) return void setTimeout(start, 500);
  const obs = new MutationObserver(() => {
    if (!done()) return;
    obs.disconnect();
    clearTimeout(fallback);
    setTimeout(start, 500);
  });
  obs.observe(mapEl, { attributes: true, attributeFilter: ['data-overlay'] });
  const fallback = setTimeout(() => {
    obs.disconnect();
    start();
  }, 15_000);
}
