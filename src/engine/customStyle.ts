/**
 * A MapLibre style from a URL the user typed, fetched and checked by us before MapLibre sees it:
 * within a size and layer budget (a style with thousands of layers froze the page for ~50 s
 * before), really a style, its TileJSON sources resolved so their tiles can be watched (see
 * basemapWatch.ts). Failures are StyleLoadErrors with a code the UI turns into a message.
 */
import type { StyleSpecification, SourceSpecification } from 'maplibre-gl';

export const STYLE_LIMITS = {
  /** bytes of style JSON (and of each TileJSON) */
  bytes: 5_000_000,
  /** a full-featured street style has 100–400 layers */
  layers: 1000,
  sources: 50,
  timeoutMs: 8000,
};

export type StyleLoadCode = 'unreachable' | 'timeout' | 'not-a-style' | 'too-large' | 'too-many-layers';

export class StyleLoadError extends Error {
  constructor(
    readonly code: StyleLoadCode,
    detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

async function fetchJson(url: string, fetchImpl: Fetch, limits: typeof STYLE_LIMITS, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchImpl(url, { signal: both, credentials: 'omit' });
  } catch {
    throw new StyleLoadError(timeout.aborted ? 'timeout' : 'unreachable', url);
  }
  if (!res.ok) throw new StyleLoadError('unreachable', `HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > limits.bytes) throw new StyleLoadError('too-large', `${declared} bytes`);
  // count while reading: a server may not say how much it sends
  const reader = res.body?.getReader();
  let text = '';
  if (reader) {
    const decoder = new TextDecoder();
    let size = 0;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw new StyleLoadError(timeout.aborted ? 'timeout' : 'unreachable', url);
      }
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > limits.bytes) {
        void reader.cancel();
        throw new StyleLoadError('too-large', `> ${limits.bytes} bytes`);
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    text += decoder.decode();
  } else {
    text = await res.text();
    if (text.length > limits.bytes) throw new StyleLoadError('too-large', `${text.length} chars`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new StyleLoadError('not-a-style', 'not JSON');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Absolute URL against a base, keeping tile-template placeholders ({z}, {fontstack} …) as they were. */
const absolute = (u: string, base: string) => {
  try {
    return new URL(u, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
  } catch {
    return u;
  }
};

/**
 * Fetches and checks a style. Returns the style (TileJSON sources inlined, relative URLs made
 * absolute) and the ids of its tiled sources — the base map's own tiles.
 */
export async function loadCustomStyle(
  url: string,
  opts: { fetch?: Fetch; limits?: typeof STYLE_LIMITS; signal?: AbortSignal } = {},
): Promise<{ style: StyleSpecification; tiledSources: string[] }> {
  const fetchImpl = opts.fetch ?? ((u, i) => fetch(u, i));
  const limits = opts.limits ?? STYLE_LIMITS;
  const raw = await fetchJson(url, fetchImpl, limits, opts.signal);
  if (!isObject(raw) || raw.version !== 8 || !Array.isArray(raw.layers) || !isObject(raw.sources)) {
    throw new StyleLoadError('not-a-style', 'needs version 8, layers and sources');
  }
  if (raw.layers.length > limits.layers) throw new StyleLoadError('too-many-layers', String(raw.layers.length));
  const entries = Object.entries(raw.sources);
  if (entries.length > limits.sources) throw new StyleLoadError('too-many-layers', `${entries.length} sources`);
  const sources: Record<string, SourceSpecification> = {};
  const tiledSources: string[] = [];
  for (const [id, src] of entries) {
    if (!isObject(src) || typeof src.type !== 'string') throw new StyleLoadError('not-a-style', `source ${id}`);
    let s: Record<string, unknown> = { ...src };
    if (['vector', 'raster', 'raster-dem'].includes(s.type as string)) {
      if (typeof s.url === 'string' && !Array.isArray(s.tiles)) {
        const tjUrl = absolute(s.url, url);
        const tj = await fetchJson(tjUrl, fetchImpl, limits, opts.signal);
        if (!isObject(tj) || !Array.isArray(tj.tiles)) throw new StyleLoadError('not-a-style', `TileJSON of ${id}`);
        const { url: _drop, ...rest } = s;
        s = { ...rest, tiles: tj.tiles.map((t) => absolute(String(t), tjUrl)) };
        for (const k of ['minzoom', 'maxzoom', 'bounds', 'attribution', 'scheme', 'tileSize', 'encoding'] as const) {
          if (tj[k] !== undefined && s[k] === undefined) s[k] = tj[k];
        }
      } else if (Array.isArray(s.tiles)) {
        s = { ...s, tiles: s.tiles.map((t) => absolute(String(t), url)) };
      }
      if (Array.isArray(s.tiles)) tiledSources.push(id);
    } else if (s.type === 'geojson' && typeof s.data === 'string') {
      s = { ...s, data: absolute(s.data, url) };
    }
    sources[id] = s as unknown as SourceSpecification;
  }
  const style = { ...(raw as unknown as StyleSpecification), sources };
  if (typeof raw.sprite === 'string') style.sprite = absolute(raw.sprite, url);
  if (typeof raw.glyphs === 'string') style.glyphs = absolute(raw.glyphs, url);
  return { style, tiledSources };
}
