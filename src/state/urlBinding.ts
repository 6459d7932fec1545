/**
 * Keeps location.hash and the store in step: every state change rewrites the hash (replaceState,
 * so the back button is not flooded), and a hash edited or pasted by hand is applied to the store.
 * The route (mode, scene, print setup) is written beside the state.
 *
 * The view is the exception: the map reports it after every camera step (each frame of a pan by
 * keys or code, each step of a zoom), and rewriting the URL that often costs the browser a good part
 * of a frame under software WebGL and is refused by Safari (more than 100 rewrites in 30 s throw).
 * A change of the view alone is written once the view has rested `VIEW_WRITE_MS`, and at least
 * every `VIEW_WRITE_MAX_MS` while it keeps moving; any other change writes at once (with the
 * latest view). While a write waits, `<html data-url-pending>` says so; `flushUrl()` writes it now
 * (before a link is copied, before the page is left).
 */
import { formatHash, parseHash, type ParsedHash, type Route } from './url';
import { normalizeState, sameState, type MapState } from './mapState';
import type { MapStore } from './store.svelte';
import type { Viewport } from './view';

export interface UrlBinding {
  /** The route written with the state (e.g. the scene number as a talk advances). */
  setRoute(route: Route): void;
  readonly route: Route;
  destroy(): void;
}

/** how long the view must rest before the link follows it (ms) */
export const VIEW_WRITE_MS = 400;
/** …and how long a view that keeps moving may go unwritten (ms) */
export const VIEW_WRITE_MAX_MS = 2000;

const pendingWrites = new Set<() => void>();
/** Write every link still waiting for the view to rest (before the link is copied or the page left). */
export function flushUrl() {
  for (const write of [...pendingWrites]) write();
}

/** whether `next` differs from `prev` in its view alone */
const viewOnly = (prev: MapState, next: MapState) => next.view !== prev.view && sameState({ ...prev, view: next.view }, next);

export function bindUrl(
  store: MapStore,
  initialRoute: Route,
  opts: { viewport: () => Viewport; onHash?: (parsed: ParsedHash) => void } = { viewport: () => ({ width: 960, height: 800 }) },
): UrlBinding {
  let route = initialRoute;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince = 0;
  const write = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
      pendingWrites.delete(write);
      delete document.documentElement.dataset.urlPending;
    }
    const hash = formatHash(store.state, route, store.ctx);
    if (location.hash.slice(1) !== hash) history.replaceState(history.state, '', `#${hash}`);
  };
  const writeWhenRested = () => {
    const now = performance.now();
    if (timer === undefined) {
      waitingSince = now;
      pendingWrites.add(write);
      document.documentElement.dataset.urlPending = 'true';
    } else clearTimeout(timer);
    timer = setTimeout(write, Math.max(0, Math.min(VIEW_WRITE_MS, waitingSince + VIEW_WRITE_MAX_MS - now)));
  };
  const off = store.subscribe((next, prev) => (viewOnly(prev, next) ? writeWhenRested() : write()));
  window.addEventListener('pagehide', write);
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
      if (timer !== undefined) write();
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('pagehide', write);
    },
  };
}
