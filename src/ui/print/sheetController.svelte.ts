/**
 * Opening the map-sheet preview from anywhere in the UI: the planner's "导出图件 / Export map"
 * button, present mode (for the current scene, with its title), or a link with `&print=1`.
 * SheetHost (mounted by App) shows the preview for the open request.
 */
import type { MapState } from '../../state/mapState';
import type { Dpi, Paper } from '../../state/url';
import type { SheetArea, SheetScale } from '../../print/frame';

export interface SheetRequest {
  /** the state to print (default: the store's, i.e. what the map shows) */
  state?: MapState;
  /** e.g. the current scene's title; default: named after the visible plan group */
  title?: string;
  subtitle?: string;
  paper?: Paper;
  dpi?: Dpi;
  area?: SheetArea;
  scale?: SheetScale;
}

class SheetController {
  request = $state.raw<SheetRequest | null>(null);
}

export const sheetController = new SheetController();

/** Open the sheet preview for a state (present mode: the current scene's state and title). */
export function openSheet(state?: MapState, opts: Omit<SheetRequest, 'state'> = {}) {
  sheetController.request = { state, ...opts };
}

export function closeSheet() {
  sheetController.request = null;
}
