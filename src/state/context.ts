/** The state's context from the layer catalog: which layers exist, which are on by default, their opacity. */
import type { Catalog, Layer } from '../catalog/types';
import type { StateContext } from './mapState';

export function stateContext(catalog: Catalog, opts: { only?: (l: Layer) => boolean; defaults?: (l: Layer) => boolean } = {}): StateContext {
  const layers = catalog.groups.flatMap((g) => g.layers).filter(opts.only ?? (() => true));
  return {
    layerIds: layers.map((l) => l.id),
    defaultLayers: layers.filter(opts.defaults ?? ((l) => l.visible)).map((l) => l.id),
    defaultOpacity: Object.fromEntries(layers.map((l) => [l.id, l.opacity])),
  };
}
