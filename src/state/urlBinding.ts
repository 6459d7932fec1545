/**
 * Keeps location.hash and the store in step: every state change rewrites the hash (replaceState,
 * so the back button is not flooded), and a hash edited or pasted by hand is applied to the store.
 * The route (mode, scene, print setup) is written beside the state.
 */
import { formatHash, parseHash, type ParsedHash, type Route } from './url';
import { normalizeState } from './mapState';
import type { MapStore } from './store.svelte';
import type { Viewport } from './view';

export interface UrlBinding {
  /** The route written with the state (e.g. the scene number as a talk advances). */
  setRoute(route: Route): void;
  readonly route: Route;
  destroy(): void;
}

export function bindUrl(
  store: MapStore,
  initialRoute: Route,
  opts: { viewport: () => Viewport; onHash?: (parsed: ParsedHash) => void } = { viewport: () => ({ width: 960, height: 800 }) },
): UrlBinding {
  let route = initialRoute;
  const write = () => {
    const hash = formatHash(store.state, route, store.ctx);
    if (location.hash.slice(1) !== hash) history.replaceState(history.state, '', `#${hash}`);
  };
  const off = store.subscribe(write);
  const onHashChange = () => {
    const parsed = parseHash(location.hash, store.ctx, opts.viewport());
    store.set(normalizeState({ ...store.state, ...parsed.state }, store.ctx), 'url');
    route = parsed.route;
    opts.onHash?.(parsed);
    write();
  };
  window.addEventListener('hashchange', onHashChange);
  write();
  return {
    setRoute(r) {
      route = r;
      write();
    },
    get route() {
      return route;
    },
    destroy() {
      off();
      window.removeEventListener('hashchange', onHashChange);
    },
  };
}
