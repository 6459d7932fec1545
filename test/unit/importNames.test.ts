/**
 * Issue 22, item 6: an import is named by the file's own title where it has one (else by the
 * file's name, and the UI offers a rename), and its accuracy is "as supplied" until the user says.
 */
import { describe, it, expect } from 'vitest';
import { parseFiles, type ParsedLayer } from '../../src/import/pipeline';
import { REGION_BOUNDS } from '../../src/engine/region';
import { ACCURACY } from '../../src/catalog/accuracy';
import { Accuracy } from '../../src/catalog/schema';
import { t } from '../../src/i18n';

const enc = (s: string) => new TextEncoder().encode(s);
async function layerOf(name: string, text: string): Promise<ParsedLayer> {
  const r = await parseFiles([{ name, bytes: enc(text) }], { area: REGION_BOUNDS });
  if (r.status !== 'ok') throw new Error(JSON.stringify(r));
  return r.layers[0];
}
const point = '{"type":"Feature","properties":{"名称":"晋祠"},"geometry":{"type":"Point","coordinates":[112.44,37.71]}}';

describe('an imported layer’s name', () => {
  it('is the KML Document’s name, not the file’s', async () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>晋祠保护范围</name><Folder><name>核心区</name><Placemark><name>晋祠</name><Point><coordinates>112.44,37.71</coordinates></Point></Placemark></Folder></Document></kml>`;
    const l = await layerOf('jinci_gk37.kml', kml);
    expect(l.name).toBe('晋祠保护范围');
    expect(l.namedAfterFile).toBe(false);
  });

  it('is a GeoJSON’s top-level name (as ogr2ogr and QGIS write it), cleaned of control characters', async () => {
    const l = await layerOf('jinci_gk37.geojson', `{"type":"FeatureCollection","name":"晋祠\\u202e 文物点","features":[${point}]}`);
    expect(l.name).toBe('晋祠 文物点');
    expect(l.namedAfterFile).toBe(false);
  });

  it('is the file’s name where the file has no title, and says so (the UI offers a rename)', async () => {
    const l = await layerOf('jinci_gk37.geojson', `{"type":"FeatureCollection","features":[${point}]}`);
    expect(l.name).toBe('jinci_gk37');
    expect(l.namedAfterFile).toBe(true);
  });
});

describe('"as supplied": the accuracy of data whose supplier did not state it', () => {
  it('is an accuracy class with a label in both languages, valid in the catalog schema', () => {
    expect(ACCURACY).toContain('supplied');
    expect(Accuracy.parse('supplied')).toBe('supplied');
    expect(t('zh', 'accuracy.supplied')).toMatch(/按来源提供/);
    expect(t('en', 'accuracy.supplied')).toMatch(/As supplied/);
  });
});
