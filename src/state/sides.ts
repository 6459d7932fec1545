/**
 * Which set of layers a map draws of the state: side A (the state itself) or compare's side B.
 * Pure, and small: the engine binding and the early draw (./earlyDraw.ts) read a state alike.
 */
import type { MapState, StateContext } from './mapState';
import type { SideSet } from './compare';

/** Which side a map shows of the state: side A, or side B when compare flips to it. */
export const shownSide = (s: MapState): 'a' | 'b' => (s.compare?.mode === 'flip' && s.compare.flipped ? 'b' : 'a');

/** What a map draws of one side: side A is the state itself, side B compare's second set. */
export function sideOf(s: MapState, side: 'a' | 'b'): SideSet {
  const b = side === 'b' ? s.compare?.b : undefined;
  return b ? b : { layers: s.layers, opacity: s.opacity, stop: s.stop, basemap: s.basemap };
}

/** A layer's opacity on a side (its own choice, else the catalog's default). */
export const sideOpacity = (side: SideSet, id: string, ctx: Pick<StateContext, 'defaultOpacity'>) => side.opacity[id] ?? ctx.defaultOpacity[id] ?? 1;
