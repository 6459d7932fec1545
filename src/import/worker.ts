/**
 * The import worker: reads and parses a file off the main thread (a 50 MB file never freezes the
 * page) and reports progress. Started by ./client.ts from the app's own origin (strict-CSP safe:
 * no eval, no blob: URL). One job per worker; the worker is closed after it.
 */
import { parseFiles, type ParseOptions } from './pipeline';
import { parseInventoryFile, type ImportOptions } from '../inventory/importer';
import { read, write } from '../storage/db';
import { dataKey, newLayerId } from './layerKeys';

/** Features per message back to the page: each message is a short task for it to take in (5 000 with 10 text attributes took ≈ 0.3 s at a load of 20 on 2 cores). */
const CHUNK = 2500;

export type WorkerRequest =
  | { kind: 'layer'; files: File[]; options: Omit<ParseOptions, 'progress'> }
  | { kind: 'inventory'; file: File; options: ImportOptions }
  /** a stored layer's features, read here and sent in chunks (reading 185 000 features on the page held it for seconds) */
  | { kind: 'load'; key: string };

export type WorkerMessage =
  | { type: 'progress'; phase: string; fraction: number }
  /** features of result layer `layer`, in order, sent before 'done' (whose layers have none) */
  | { type: 'features'; layer: number; features: unknown[] }
  | { type: 'done'; result: unknown };

const post = (m: WorkerMessage) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  try {
    if (req.kind === 'load') {
      const r = await read<unknown[]>(req.key);
      const list = Array.isArray(r.value) ? r.value : [];
      for (let k = 0; k < list.length; k += CHUNK) post({ type: 'features', layer: 0, features: list.slice(k, k + CHUNK) });
      post({ type: 'done', result: { status: 'ok', available: r.available, error: r.error, layers: [{ features: [] }] } });
    } else if (req.kind === 'layer') {
      post({ type: 'progress', phase: 'read', fraction: 0 });
      const files = await Promise.all(req.files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      post({ type: 'progress', phase: 'parse', fraction: 0 });
      const result = parseFiles(files, {
        ...req.options,
        progress: (phase, done, total) => post({ type: 'progress', phase, fraction: total ? done / total : 0 }),
      });
      if (result.status === 'ok') {
        post({ type: 'progress', phase: 'store', fraction: 0 });
        for (const [i, layer] of result.layers.entries()) {
          // store here, off the page's thread; the page only records the layer in its index
          const id = newLayerId();
          const r = await write(dataKey(id), layer.features);
          layer.stored = r.ok ? { id, ok: true } : { id, ok: false, error: r.error };
          for (let k = 0; k < layer.features.length; k += CHUNK) {
            post({ type: 'features', layer: i, features: layer.features.slice(k, k + CHUNK) });
            post({ type: 'progress', phase: 'receive', fraction: Math.min(1, (k + CHUNK) / layer.features.length) });
          }
          layer.features = [];
        }
      }
      post({ type: 'done', result });
    } else {
      post({ type: 'progress', phase: 'read', fraction: 0 });
      const max = req.options.maxBytes;
      // never read a huge file whole: a byte over the limit is enough for the importer to refuse it
      const blob = max && req.file.size > max ? req.file.slice(0, max + 1) : req.file;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      post({ type: 'progress', phase: 'check', fraction: 0.5 });
      post({ type: 'done', result: parseInventoryFile(req.file.name, bytes, req.options) });
    }
  } catch {
    if (req.kind === 'load') return post({ type: 'done', result: { status: 'error', available: false, layers: [] } });
    post({ type: 'done', result: { status: 'error', problems: [{ zh: `${req.kind === 'layer' ? req.files[0]?.name : req.file.name}：读取文件时出错。请确认文件完整，或重新导出后导入`, en: `${req.kind === 'layer' ? req.files[0]?.name : req.file.name}: the file could not be read. Check that it is complete, or export it again and import that` }] } });
  }
};
