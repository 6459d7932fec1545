/**
 * A layer's download, from its panel: the layer's published data (not what the map's filters
 * show), turned into the asked format by ./layerExport (loaded only now) and saved through the
 * browser. `keep` leaves features out (the public map: features marked non-public).
 */
import type { Feature } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import { loadData } from '../engine/dataStore';
import type { ExportFormat } from './layerExport';

export async function downloadLayer(catalog: Catalog, layer: Layer, format: ExportFormat, keep: (f: Feature) => boolean = () => true): Promise<string> {
  const [fc, { exportLayer }] = await Promise.all([loadData(layer.data), import('./layerExport')]);
  const file = exportLayer(format, { catalog, layer, features: fc.features.filter(keep), date: new Date().toISOString().slice(0, 10), url: location.href.split('#')[0] });
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return file.name;
}
