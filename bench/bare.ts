/**
 * The benchmark's baselines: a bare MapLibre page, no UI, no deck.gl.
 *  ?layers=path:geometry,…  the same offline style and the same default GeoJSON layers as the app, drawn
 *                           plainly (a translucent fill and a 1 px outline, 2 px lines, circles)
 *  ?style=file.json         the very style the app draws (written by scripts/bench.mjs from the app's map:
 *                           base map, planning fills, hatching, dashes and labels, GeoJSON as files) and
 *                           its pattern images — what the app's own work costs beyond MapLibre's drawing
 */
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { basemapStyle } from '../src/engine/basemaps';
import { REGION_BOUNDS } from '../src/engine/region';

setWorkerUrl(workerUrl);
const base = new URL('../', location.href).href;
const params = new URLSearchParams(location.search);

/** the plain style: the base map and the default layers in one fill/line/circle each */
function plainStyle(): StyleSpecification {
  const style = basemapStyle('offline', { base }) as StyleSpecification;
  const layers = (params.get('layers') ?? '').split(',').filter(Boolean);
  layers.forEach((spec, i) => {
    const [path, geometry] = spec.split(':');
    const id = `bench-${i}`;
    style.sources[id] = { type: 'geojson', data: new URL(path, base).href };
    const before = style.layers.findIndex((l) => l.id === 'overlay-anchor');
    const add =
      geometry === 'polygon'
        ? [
            { id: `${id}-fill`, type: 'fill', source: id, paint: { 'fill-color': '#e0785b', 'fill-opacity': 0.2 } },
            { id: `${id}-line`, type: 'line', source: id, paint: { 'line-color': '#7d7f86', 'line-width': 1 } },
          ]
        : geometry === 'line'
          ? [{ id: `${id}-line`, type: 'line', source: id, paint: { 'line-color': '#2f7fc1', 'line-width': 2 } }]
          : [{ id: `${id}-circle`, type: 'circle', source: id, paint: { 'circle-color': '#c0392b', 'circle-radius': 5 } }];
    style.layers.splice(before, 0, ...(add as StyleSpecification['layers']));
  });
  return style;
}

/** the app's own style as scripts/bench.mjs wrote it: { style, images: { id: { width, height, pixelRatio, rgba (base64) } } } */
interface AppStyle {
  style: StyleSpecification;
  images: Record<string, { width: number; height: number; pixelRatio: number; rgba: string }>;
}

async function start() {
  const file = params.get('style');
  const dumped = file ? ((await (await fetch(new URL(file, location.href))).json()) as AppStyle) : null;
  if (dumped) {
    const plain = basemapStyle('offline', { base }) as StyleSpecification;
    for (const [id, source] of Object.entries(dumped.style.sources)) {
      // the base map's sources as the plain page has them (built in, inline); the app's own from their files
      if (plain.sources[id]) dumped.style.sources[id] = plain.sources[id];
      else if (source.type === 'geojson' && typeof source.data === 'string') source.data = new URL(source.data, location.href).href;
    }
  }
  const el = document.getElementById('map')!;
  const map = new MapLibreMap({ container: el, style: dumped?.style ?? plainStyle(), bounds: REGION_BOUNDS, fitBoundsOptions: { padding: 20 }, attributionControl: false });
  // the hatching tiles, there before the first tile asks for them (as the app adds them with its layers)
  for (const [id, im] of Object.entries(dumped?.images ?? {})) {
    const data = Uint8Array.from(atob(im.rgba), (c) => c.charCodeAt(0));
    map.addImage(id, { width: im.width, height: im.height, data }, { pixelRatio: im.pixelRatio });
  }
  (window as unknown as { planningMap: { map: MapLibreMap } }).planningMap = { map };
  map.once('idle', () => {
    performance.mark('planning-map:first-idle');
    el.dataset.mapState = 'idle';
    el.dataset.overlay = 'drawn';
  });
}
void start();
