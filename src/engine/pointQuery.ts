/**
 * Asking about a point on the map: a right-click, a touch held still (long press), or the next
 * click after the "what applies here" button. Loaded with the planner tools (not on the first
 * paint).
 */
import type { Map as MapLibreMap, MapMouseEvent, MapTouchEvent } from 'maplibre-gl';

/** A touch held this long without moving asks "what applies here". */
const LONG_PRESS_MS = 600;

export type LonLat = [number, number];

/** Calls `ask` on a right-click or a long press; returns a function that stops listening. */
export function listenForPointQueries(map: MapLibreMap, ask: (p: LonLat) => void): () => void {
  const onContext = (e: MapMouseEvent) => {
    e.originalEvent.preventDefault(); // the right-click has a meaning on the map: no browser menu
    ask([e.lngLat.lng, e.lngLat.lat]);
  };
  let press: { timer: ReturnType<typeof setTimeout>; x: number; y: number } | null = null;
  const cancel = () => {
    if (press) clearTimeout(press.timer);
    press = null;
  };
  const onStart = (e: MapTouchEvent) => {
    cancel();
    if (e.points.length !== 1) return;
    const { x, y } = e.point;
    press = {
      x,
      y,
      timer: setTimeout(() => {
        press = null;
        const p = map.unproject([x, y]);
        ask([p.lng, p.lat]);
      }, LONG_PRESS_MS),
    };
  };
  const onMove = (e: MapTouchEvent) => {
    if (press && Math.hypot(e.point.x - press.x, e.point.y - press.y) > 8) cancel();
  };
  map.on('contextmenu', onContext);
  map.on('touchstart', onStart);
  map.on('touchmove', onMove);
  for (const ev of ['touchend', 'touchcancel', 'movestart'] as const) map.on(ev, cancel);
  return () => {
    cancel();
    map.off('contextmenu', onContext);
    map.off('touchstart', onStart);
    map.off('touchmove', onMove);
    for (const ev of ['touchend', 'touchcancel', 'movestart'] as const) map.off(ev, cancel);
  };
}

/** The next click on the map; `cancel()` resolves it with null. */
export function pickOnce(map: MapLibreMap): { point: Promise<LonLat | null>; cancel: () => void } {
  let done!: (p: LonLat | null) => void;
  const point = new Promise<LonLat | null>((resolve) => {
    const onClick = (e: MapMouseEvent) => done([e.lngLat.lng, e.lngLat.lat]);
    done = (p) => {
      map.off('click', onClick);
      map.getCanvas().style.removeProperty('cursor');
      resolve(p);
    };
    map.getCanvas().style.cursor = 'crosshair';
    map.on('click', onClick);
  });
  return { point, cancel: () => done(null) };
}
