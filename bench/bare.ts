/**
 * The benchmark's baseline: a bare MapLibre page drawing the same offline style and the same
 * default GeoJSON layers as the app (natively, no deck.gl, no UI). ?layers=path:geometry,…
 */
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { basemapStyle } from '../src/engine/basemaps';
import { REGION_BOUNDS } from '../src/engine/region';

setWorkerUrl(workerUrl);
const base = new URL('../', location.href).href;
const style = basemapStyle('offline', { base }) as StyleSpecification;
const layers = (new URLSearchParams(location.search).get('layers') ?? '').split(',').filter(Boolean);
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
const el = document.getElementById('map')!;
const map = new MapLibreMap({ container: el, style, bounds: REGION_BOUNDS, fitBoundsOptions: { padding: 20 }, attributionControl: false });
(window as unknown as { planningMap: { map: MapLibreMap } }).planningMap = { map };
map.once('idle', () => {
  performance.mark('planning-map:first-idle');
  el.dataset.mapState = 'idle';
  el.dataset.overlay = 'drawn';
});
