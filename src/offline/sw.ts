/// <reference lib="webworker" />
/**
 * The service worker (built by scripts/vite-plugin-offline.ts into dist/sw.js, a file of the
 * app's own origin). Workbox precaches the whole built app — page, scripts, styles, icons and
 * every data file — so a phone that opened the map once opens it again with no network.
 * A new version waits until the page asks for it (see src/offline/register.ts).
 */
import { precacheAndRoute, cleanupOutdatedCaches, createHandlerBoundToURL } from 'workbox-precaching';
import { registerRoute, NavigationRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// any navigation inside the app gets the app's page (links carry their state in the hash) — but
// not the office's pages or the comments API (served by `npm start`, never from the cache)
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/office(\/|$)/, /\/api\//] }));

self.addEventListener('message', (e) => {
  if (e.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
