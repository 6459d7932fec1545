/**
 * Main-thread side of the import pipeline: hands files to the import worker, relays progress, and
 * answers with the worker's result. Files over the byte cap are refused before any reading.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ParseResult, CrsChoice } from './pipeline';
import type { ImportReport } from '../inventory/importer';
import type { WorkerMessage, WorkerRequest } from './worker';
import { LIMITS_FOR_UI } from './limits';
import { fmtBytes, msg } from './messages';

export type { ParseResult, CrsChoice };
export type OnProgress = (phase: string, fraction: number) => void;

function run<T>(req: WorkerRequest, onProgress?: OnProgress, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'import' });
    const stop = () => {
      worker.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const parts = new Map<number, unknown[][]>();
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      if (e.data.type === 'progress') onProgress?.(e.data.phase, e.data.fraction);
      else if (e.data.type === 'features') {
        const list = parts.get(e.data.layer) ?? [];
        list.push(e.data.features);
        parts.set(e.data.layer, list);
      } else {
        const res = e.data.result as { status?: string; layers?: { features: unknown[] }[] };
        if (res?.status === 'ok' && res.layers) res.layers.forEach((l, i) => (l.features = (parts.get(i) ?? []).flat()));
        signal?.removeEventListener('abort', stop);
        worker.terminate();
        resolve(e.data.result as T);
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      signal?.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error('import worker failed'));
    };
    worker.postMessage(req);
  });
}

/** Parse files into layers for 我的数据 (files of one shapefile may be given together). */
export async function importLayerFiles(
  files: File[],
  options: { crs?: string; area: [[number, number], [number, number]] },
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<ParseResult> {
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > LIMITS_FOR_UI.maxBytes) {
    return {
      status: 'error',
      problems: [
        msg(
          `${files[0].name}：文件过大（${fmtBytes(total)}），上限 ${fmtBytes(LIMITS_FOR_UI.maxBytes)}。请拆分为几个文件，或在 GIS 软件中简化后导入`,
          `${files[0].name}: the file is too large (${fmtBytes(total)}), the limit is ${fmtBytes(LIMITS_FOR_UI.maxBytes)}. Split it into several files, or simplify it in GIS software, and import again`,
        ),
      ],
    };
  }
  try {
    return await run<ParseResult>({ kind: 'layer', files, options }, onProgress, signal);
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    return { status: 'error', problems: [msg(`${files[0].name}：导入失败（浏览器无法启动后台解析）。请刷新页面后重试`, `${files[0].name}: the import failed (the browser could not start the background parser). Reload the page and try again`)] };
  }
}

/** Check an inventory file in the worker (the 清单 importer's row-by-row report). */
export function importInventoryFile(
  file: File,
  options: { region: Feature<Polygon | MultiPolygon>; existing: Feature[]; crs?: string; maxBytes: number },
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<ImportReport> {
  return run<ImportReport>({ kind: 'inventory', file, options }, onProgress, signal);
}

/**
 * A stored layer's features, read by the import worker and handed to the page in chunks (each a
 * short task), not read on the page: structured-cloning 185 000 features out of IndexedDB held the
 * page's thread for seconds. Null when the worker could not start (the caller reads them itself).
 */
export async function readStoredFeatures<T>(key: string): Promise<{ available: boolean; value?: T[] } | null> {
  try {
    const r = await run<{ status: string; available: boolean; layers: { features: T[] }[] }>({ kind: 'load', key });
    return r.status === 'ok' ? { available: r.available, value: r.layers[0]?.features } : null;
  } catch {
    return null;
  }
}
