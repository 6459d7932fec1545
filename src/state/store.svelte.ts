/**
 * The one store of the map state. Components read `store.state` (reactive in Svelte through
 * `$state.raw`) and change it with the pure actions of mapState.ts; the engine binding and the
 * URL binding subscribe to it. Every change carries its origin, so a change that came from the
 * map (the user panned) is not sent back to the map, and one from the URL is not written back.
 */
import { sameState, normalizeState, type MapState, type StateContext } from './mapState';

export type Origin = 'ui' | 'engine' | 'url' | 'scene' | 'init';
export type Listener = (next: MapState, prev: MapState, origin: Origin) => void;

export class MapStore {
  #state = $state.raw<MapState>(null as unknown as MapState);
  #listeners = new Set<Listener>();

  constructor(
    initial: MapState,
    readonly ctx: StateContext,
  ) {
    this.#state = normalizeState(initial, ctx);
  }

  get state(): MapState {
    return this.#state;
  }

  /** Replace the state (normalised against the context); listeners hear of real changes only. */
  set(next: MapState, origin: Origin = 'ui') {
    const prev = this.#state;
    const clean = next === prev ? prev : normalizeState(next, this.ctx);
    if (sameState(prev, clean)) return;
    this.#state = clean;
    for (const l of [...this.#listeners]) l(clean, prev, origin);
  }

  /** Apply an action: `store.update((s) => setLayerVisible(s, id, true, store.ctx))`. */
  update(action: (s: MapState) => MapState, origin: Origin = 'ui') {
    this.set(action(this.#state), origin);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
