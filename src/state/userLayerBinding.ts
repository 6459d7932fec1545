/**
 * Keeps the engine drawing the user's imported layers (我的数据) as the state says: which are visible
 * (`layers`), their opacity and colour (`opacity`, `colors`), in import order. Data comes from the
 * user-layers store (IndexedDB); the engine holds selections until it has loaded, so a link that
 * selects an imported feature resolves after a reload.
 */
import type { MapEngine, UserLayerSpec } from '../engine/MapEngine';
import type { Layer } from '../catalog/types';
import * as userLayers from '../import/userLayers';
import type { UserLayerMeta } from '../import/userLayers';
import { USER_IMPORT_DOC } from '../import/layerKeys';
import type { MapState } from './mapState';
import type { MapStore } from './store.svelte';

const TITLE_KEYS = ['name', '名称', '名字', '地名', '点名', '标题', 'title', '项目名称', '地块名称', '单位名称', 'label', 'mc', 'name_zh'];
/** The column that names a layer's features, if it has one. */
export function titleKey(columns: readonly string[]): string | undefined {
  return TITLE_KEYS.map((k) => columns.find((c) => c.toLowerCase() === k)).find(Boolean) ?? columns.find((c) => /名称|name/i.test(c));
}

/** The catalog-like description of a user layer (inspect panel, legend, attribute labels). */
export function userCatalogLayer(m: UserLayerMeta, color: string): Layer {
  const geometry = m.geometry === 'mixed' ? 'polygon' : m.geometry;
  return {
    id: userLayers.userLayerId(m.id),
    title: { zh: m.name, en: m.name },
    data: 'data/user.geojson',
    geometry,
    // labelKey names the features in the inspect panel (user layers draw no labels)
    style: { fill: color, line: color, lineWidth: 1.5, pointRadius: 5, ...(titleKey(m.columns) ? { labelKey: titleKey(m.columns) } : {}) },
    legend: [
      {
        label: userLayers.isGrouped(m)
          ? { zh: `${m.name}（缩小时聚合，圆内数字为点数）`, en: `${m.name} (grouped when zoomed out; number = points)` }
          : { zh: m.name, en: m.name },
      },
    ],
    attributes: m.columns.slice(0, 60).map((key) => ({ key, label: { zh: key, en: key }, format: 'text' as const })),
    source: { doc: USER_IMPORT_DOC, section: m.fileName },
    accuracy: m.accuracy,
    visible: false,
    opacity: 1,
    public: false,
    pickable: true,
    listed: false,
  };
}

/** Points of a layer with a name column are labelled on the map, up to this many (more are a cloud of text). */
const LABEL_MAX = 2000;
const labelKeyOf = (m: UserLayerMeta) => (m.geometry === 'point' && m.featureCount <= LABEL_MAX ? titleKey(m.columns) : undefined);

export const userLayerColor = (s: MapState, m: UserLayerMeta) => s.colors[userLayers.userLayerId(m.id)] ?? m.color;

export function bindUserLayers(store: MapStore, engine: MapEngine): { destroy(): void; ready: Promise<void> } {
  let metas: readonly UserLayerMeta[] = [];
  let gen = 0;
  const data = new Map<string, { full: UserLayerSpec['data']; draw: UserLayerSpec['data'] }>();
  const push = async () => {
    const my = ++gen;
    const s = store.state;
    // load what is not in memory yet (IndexedDB); visible layers first matter, but all are cheap to keep
    let loaded = false;
    for (const m of metas) {
      if (data.has(m.id)) continue;
      const features = await userLayers.features(m.id);
      // MapLibre gets geometry and id only: properties stay here (inspect, table), not copied to its worker —
      // and, for a layer of a few named points, the name to label them with
      const key = labelKeyOf(m);
      const draw = features.map((f) => ({ type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: key ? { label: String(f.properties?.[key] ?? '') } : null }));
      data.set(m.id, { full: { type: 'FeatureCollection', features }, draw: { type: 'FeatureCollection', features: draw } });
      loaded = true;
    }
    // a new layer's data goes to MapLibre's worker in a task of its own (copying 100 000 features
    // takes a while): the panels that show the new layer are drawn first, not in the same long task
    if (loaded) await new Promise((next) => setTimeout(next, 0));
    if (my !== gen) return;
    const specs: UserLayerSpec[] = metas.map((m) => {
      const id = userLayers.userLayerId(m.id);
      const color = userLayerColor(s, m);
      const d = data.get(m.id)!;
      return { layer: userCatalogLayer(m, color), data: d.full, draw: d.draw, color, opacity: s.opacity[id] ?? 1, visible: s.layers.includes(id), large: userLayers.isLarge(m), labels: !!labelKeyOf(m) };
    });
    engine.setUserLayers(specs);
  };
  const ready = (async () => {
    await userLayers.ready;
    metas = userLayers.list();
    await push();
  })();
  engine.waitBeforeSelect(ready);
  const offStore = userLayers.subscribe((list) => {
    metas = list;
    for (const id of [...data.keys()]) if (!list.some((m) => m.id === id)) data.delete(id);
    void push();
  });
  const offState = store.subscribe((s, prev) => {
    if (s.layers !== prev.layers || s.opacity !== prev.opacity || s.colors !== prev.colors) void push();
  });
  return {
    ready,
    destroy() {
      offStore();
      offState();
    },
  };
}
