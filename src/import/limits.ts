/**
 * Caps of 我的数据 imports (the UI checks the byte cap before the worker starts). Measured with
 * `npm run bench`: parsing runs in the worker, so what limits a file is the page's side — each
 * feature is held by the page (inspect, attribute table), by MapLibre's worker (tiles) and in
 * IndexedDB, and every pan redraws it. 100 000 points or 20 000 polygons pan at about 1.5× the
 * app without them; these caps allow about twice that, and files up to ~100 MB (a 50 MB file is
 * on the map in seconds without freezing the page). Larger data belongs in vector tiles.
 */
export const LIMITS_FOR_UI = {
  maxBytes: 100 * 1024 * 1024,
};
