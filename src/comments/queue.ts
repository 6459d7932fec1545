/**
 * The outbox in IndexedDB (idb-keyval): one record per comment waiting to be sent (`q:<key>`),
 * keyed by its idempotency key, and one per receipt received (`r:<code>`) so the citizen can
 * look its status up later. A record is written before the first send, so a comment written
 * offline — or a page closed mid-send — is never lost, and the key makes a resend harmless.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { Draft } from './types';

export interface Queued extends Draft {
  key: string;
  queuedAt: number;
  /** a refusal from the server (the consultation closed meanwhile …): kept for the user to read and cancel */
  refused?: { zh: string; en: string };
}

export interface Receipt {
  receipt: string;
  about: string;
  kind: Draft['kind'];
  sentAt: number;
}

export interface OutboxStore {
  putQueued(q: Queued): Promise<void>;
  removeQueued(key: string): Promise<void>;
  putReceipt(r: Receipt): Promise<void>;
  removeReceipt(code: string): Promise<void>;
  all(): Promise<{ queued: Queued[]; receipts: Receipt[] }>;
}

export function idbOutboxStore(): OutboxStore {
  let store: UseStore | undefined;
  const s = () => (store ??= createStore('planning-map-comments', 'outbox'));
  return {
    putQueued: (q) => set(`q:${q.key}`, q, s()),
    removeQueued: (key) => del(`q:${key}`, s()),
    putReceipt: (r) => set(`r:${r.receipt}`, r, s()),
    removeReceipt: (code) => del(`r:${code}`, s()),
    async all() {
      const rows = await entries<string, Queued | Receipt>(s());
      return {
        queued: rows.filter(([k]) => String(k).startsWith('q:')).map(([, v]) => v as Queued).sort((a, b) => a.queuedAt - b.queuedAt),
        receipts: rows.filter(([k]) => String(k).startsWith('r:')).map(([, v]) => v as Receipt).sort((a, b) => b.sentAt - a.sentAt),
      };
    },
  };
}
