import { describe, it, expect, vi } from 'vitest';

// the watch module registers a MapLibre protocol; the verdict logic under test needs none of it
vi.mock('maplibre-gl', () => ({ addProtocol: () => undefined }));
const { BasemapHealth, watchStyleTiles, watchedUrl } = await import('../../src/engine/basemapWatch');
const { loadCustomStyle, StyleLoadError, STYLE_LIMITS } = await import('../../src/engine/customStyle');

const fail = (status = 404) => ({ ok: false as const, status, why: `HTTP ${status}` });
const ok = { ok: true as const };

describe('base-map health', () => {
  it('gives up after a few failures when no tile ever arrived (404s, a wrong key)', () => {
    const h = new BasemapHealth();
    expect(h.record(fail())).toBeNull();
    expect(h.record(fail())).toBeNull();
    expect(h.record(fail())).toBeNull();
    expect(h.record(fail(403))).toBe('HTTP 403');
  });

  it('keeps a working base map through scattered missing tiles, gives up on a long run (network gone)', () => {
    const h = new BasemapHealth();
    h.record(ok);
    for (let i = 0; i < 5; i++) expect(h.record(fail())).toBeNull();
    h.record(ok);
    for (let i = 0; i < 11; i++) expect(h.record({ ok: false, status: null, why: 'network' })).toBeNull();
    expect(h.record({ ok: false, status: null, why: 'network' })).toBe('network');
  });

  it('routes only the named tiled sources through the watch protocol', () => {
    const style = {
      version: 8 as const,
      sources: { osm: { type: 'raster' as const, tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'] }, region: { type: 'geojson' as const, data: 'x.geojson' } },
      layers: [],
    };
    const w = watchStyleTiles(style, ['osm']);
    expect((w.sources.osm as any).tiles).toEqual(['basemap-tile://https://tile.openstreetmap.org/{z}/{x}/{y}.png']);
    expect(w.sources.region).toBe(style.sources.region);
    expect(watchedUrl(watchedUrl('https://a/b'))).toBe('basemap-tile://https://a/b');
  });
});

const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' }, ...init });
const fetchFrom = (routes: Record<string, () => Response>) => async (url: string) => {
  const r = routes[url];
  if (!r) throw new TypeError('Failed to fetch');
  return r();
};
const layers = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `l${i}`, type: 'background' }));

describe('custom styles are checked before MapLibre sees them', () => {
  it('inlines TileJSON sources and makes relative URLs absolute', async () => {
    const f = fetchFrom({
      'https://maps.example.org/style.json': () =>
        json({ version: 8, sprite: 'sprites/basic', glyphs: 'fonts/{fontstack}/{range}.pbf', sources: { v: { type: 'vector', url: 'tiles.json' } }, layers: layers(3) }),
      'https://maps.example.org/tiles.json': () => json({ tiles: ['t/{z}/{x}/{y}.pbf'], maxzoom: 14, attribution: '© Example' }),
    });
    const { style, tiledSources } = await loadCustomStyle('https://maps.example.org/style.json', { fetch: f });
    expect(tiledSources).toEqual(['v']);
    expect(style.sources.v).toEqual({ type: 'vector', tiles: ['https://maps.example.org/t/{z}/{x}/{y}.pbf'], maxzoom: 14, attribution: '© Example' });
    expect(style.sprite).toBe('https://maps.example.org/sprites/basic');
    expect(style.glyphs).toBe('https://maps.example.org/fonts/{fontstack}/{range}.pbf');
  });

  it.each([
    ['thousands of layers', () => json({ version: 8, sources: {}, layers: layers(STYLE_LIMITS.layers + 1) }), 'too-many-layers'],
    ['a huge file', () => new Response('x'.repeat(STYLE_LIMITS.bytes + 10)), 'too-large'],
    ['not JSON', () => new Response('<html>hello</html>'), 'not-a-style'],
    ['JSON that is not a style', () => json({ hello: 'world' }), 'not-a-style'],
    ['an HTTP error', () => new Response('no', { status: 404 }), 'unreachable'],
  ])('refuses %s with a code the UI explains', async (_name, respond, code) => {
    const p = loadCustomStyle('https://x.example/s.json', { fetch: fetchFrom({ 'https://x.example/s.json': respond }) });
    await expect(p).rejects.toBeInstanceOf(StyleLoadError);
    await expect(p).rejects.toMatchObject({ code });
  });

  it('an unreachable host is "unreachable"', async () => {
    await expect(loadCustomStyle('https://nowhere.example/s.json', { fetch: fetchFrom({}) })).rejects.toMatchObject({ code: 'unreachable' });
  });
});
