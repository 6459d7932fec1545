/**
 * Knowing whether an online base map works. MapLibre treats a tile that answers 404 as "no data
 * here" and says nothing, and our own GeoJSON sources deliver "tiles" too — so neither its error
 * events nor its data events tell whether the base map's tiles arrive. Instead every base-map tile
 * goes through a protocol of ours (`basemap-tile://https://…`): we fetch it, and each outcome —
 * an image, a 404, a 403 from a wrong key, an HTML error page, no network — is counted here.
 */
import { addProtocol } from 'maplibre-gl';
import type { StyleSpecification, SourceSpecification } from 'maplibre-gl';

export const WATCH_PROTOCOL = 'basemap-tile';
const PREFIX = `${WATCH_PROTOCOL}://`;

export const watchedUrl = (url: string) => (url.startsWith(PREFIX) ? url : PREFIX + url);

export type TileOutcome = { ok: true } | { ok: false; status: number | null; why: string };
type Listener = (o: TileOutcome) => void;
let listener: Listener | null = null;

/** Who hears about tile outcomes (the engine's current watch); null stops listening. */
export function onTileOutcome(l: Listener | null) {
  listener = l;
}

let registered = false;
/** Registers the protocol once per page. Images are checked to be images (a wrong key often answers 200 with XML). */
export function registerWatchProtocol() {
  if (registered) return;
  registered = true;
  addProtocol(WATCH_PROTOCOL, async (params, abort) => {
    const url = params.url.slice(PREFIX.length);
    let res: Response;
    try {
      res = await fetch(url, { signal: abort.signal, credentials: 'omit' });
    } catch (e) {
      if (!abort.signal.aborted) listener?.({ ok: false, status: null, why: 'network' });
      throw e;
    }
    const type = res.headers.get('content-type') ?? '';
    const wantImage = params.type === 'image';
    if (!res.ok || (wantImage && type && !type.startsWith('image/'))) {
      listener?.({ ok: false, status: res.status, why: res.ok ? `not an image (${type.split(';')[0]})` : `HTTP ${res.status}` });
      throw new Error(`base-map tile: HTTP ${res.status}`);
    }
    const data = await res.arrayBuffer();
    listener?.({ ok: true });
    return { data, cacheControl: res.headers.get('cache-control'), expires: res.headers.get('expires') };
  });
}

/**
 * The verdict on a stream of tile outcomes. Before any tile arrived, a few failures mean the base
 * map does not work (a wrong key, a dead server: every tile fails the same way); after tiles did
 * arrive, only a long run of failures does (the network went away mid-talk), so a missing tile
 * here and there never throws the user off the base map they chose.
 */
export class BasemapHealth {
  ok = 0;
  failed = 0;
  run = 0;
  last: TileOutcome | null = null;
  constructor(
    readonly failuresBeforeFirstTile = 4,
    readonly failuresInARow = 12,
  ) {}

  /** Records an outcome; returns the reason when the base map should be given up. */
  record(o: TileOutcome): string | null {
    this.last = o;
    if (o.ok) {
      this.ok++;
      this.run = 0;
      return null;
    }
    this.failed++;
    this.run++;
    if (this.ok === 0 && this.failed >= this.failuresBeforeFirstTile) return o.why;
    if (this.run >= this.failuresInARow) return o.why;
    return null;
  }
}

/** Routes the tiles of the given sources through the watch protocol. */
export function watchStyleTiles(style: StyleSpecification, sourceIds: readonly string[]): StyleSpecification {
  const sources: Record<string, SourceSpecification> = { ...style.sources };
  for (const id of sourceIds) {
    const s = sources[id] as SourceSpecification & { tiles?: string[] };
    if (s && Array.isArray(s.tiles)) sources[id] = { ...s, tiles: s.tiles.map(watchedUrl) } as SourceSpecification;
  }
  return { ...style, sources };
}
