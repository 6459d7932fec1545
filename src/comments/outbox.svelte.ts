/**
 * The outbox: every comment goes into IndexedDB first, then to the server; what could not be
 * sent (offline, server away, rate-limited) waits and is sent when the network is back — exactly
 * once, because each comment carries its idempotency key and a resend returns the same receipt.
 * The queue is visible and each waiting comment can be cancelled. Tabs take turns sending
 * (Web Locks), and a failed write to the browser's storage is said, never swallowed.
 */
import { Refused, TryLater, type Sent } from './api';
import type { Queued, Receipt, OutboxStore } from './queue';
import type { Draft } from './types';

export type SubmitResult =
  | { state: 'sent'; receipt: string }
  | { state: 'queued'; key: string; storageError?: string }
  | { state: 'refused'; message: { zh: string; en: string } }
  | { state: 'lost'; storageError: string };

export interface OutboxDeps {
  store: OutboxStore;
  send: (key: string, d: Draft) => Promise<Sent>;
  newKey?: () => string;
  /** run fn while holding the cross-tab send lock (default: navigator.locks when present) */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
}

const RETRY_MS = [5_000, 15_000, 30_000, 60_000, 120_000];

const webLock = <T>(fn: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request('planning-map-comments-send', fn) as Promise<T>) : fn();

export class Outbox {
  queued = $state.raw<Queued[]>([]);
  receipts = $state.raw<Receipt[]>([]);
  sending = $state(false);
  /** the last failure to write to the browser's storage, shown to the user */
  storageError = $state<string | null>(null);
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly deps: Required<OutboxDeps>;
  /** comments sent in this page's life whose queue record could not be removed (never sent twice) */
  private sentKeys = new Set<string>();

  constructor(deps: OutboxDeps) {
    this.deps = { newKey: () => crypto.randomUUID(), exclusive: webLock, ...deps };
  }

  async load() {
    try {
      const all = await this.deps.store.all();
      this.queued = all.queued.filter((q) => !this.sentKeys.has(q.key));
      this.receipts = all.receipts;
    } catch (e) {
      this.storageError = String((e as Error)?.message ?? e);
    }
  }

  /** Stores the comment, then tries to send it now. */
  async submit(d: Draft): Promise<SubmitResult> {
    const q: Queued = { ...d, key: this.deps.newKey(), queuedAt: Date.now() };
    let storageError: string | undefined;
    try {
      await this.deps.store.putQueued(q);
      this.storageError = null;
    } catch (e) {
      // storage full or unavailable: still try the network; if that fails too the form keeps the text
      storageError = String((e as Error)?.message ?? e);
      this.storageError = storageError;
    }
    if (!storageError) this.queued = [...this.queued, q];
    const r = await this.deps.exclusive(() => this.sendOne(q));
    if (r.state === 'sent') return r;
    if (r.state === 'refused') {
      // the writer is still at the form, which keeps the text and shows why: nothing to queue
      await this.cancel(q.key).catch(() => undefined);
      return r;
    }
    if (storageError) return { state: 'lost', storageError };
    this.schedule();
    return { state: 'queued', key: q.key };
  }

  /** Sends every waiting comment (oldest first); stops at the first network failure. */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      await this.deps.exclusive(async () => {
        await this.load(); // another tab may have sent some meanwhile
        for (const q of this.queued) {
          if (q.refused) continue;
          const r = await this.sendOne(q);
          if (r.state === 'try-later') {
            this.schedule();
            return;
          }
        }
        this.retry = 0;
      });
    } finally {
      this.sending = false;
    }
  }

  /** Cancels a waiting comment: it is not sent. */
  async cancel(key: string) {
    await this.deps.store.removeQueued(key);
    this.queued = this.queued.filter((q) => q.key !== key);
  }

  async forgetReceipt(code: string) {
    await this.deps.store.removeReceipt(code);
    this.receipts = this.receipts.filter((r) => r.receipt !== code);
  }

  private schedule() {
    clearTimeout(this.timer);
    const ms = RETRY_MS[Math.min(this.retry++, RETRY_MS.length - 1)];
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private async sendOne(q: Queued): Promise<{ state: 'sent'; receipt: string } | { state: 'refused'; message: { zh: string; en: string } } | { state: 'try-later' }> {
    let sent: Sent;
    try {
      sent = await this.deps.send(q.key, q);
    } catch (e) {
      if (e instanceof Refused && !e.code.startsWith('pow-')) {
        const refused = e.text;
        try {
          await this.deps.store.putQueued({ ...q, refused });
        } catch {
          /* shown in the list anyway */
        }
        this.queued = this.queued.map((x) => (x.key === q.key ? { ...x, refused } : x));
        return { state: 'refused', message: refused };
      }
      if (!(e instanceof TryLater) && !(e instanceof Refused)) console.warn('comment not sent:', e);
      return { state: 'try-later' };
    }
    const rec: Receipt = { receipt: sent.receipt, about: q.about, kind: q.kind, sentAt: Date.now() };
    this.sentKeys.add(q.key);
    this.queued = this.queued.filter((x) => x.key !== q.key);
    this.receipts = [rec, ...this.receipts.filter((r) => r.receipt !== rec.receipt)];
    try {
      await this.deps.store.removeQueued(q.key);
      await this.deps.store.putReceipt(rec);
    } catch (e) {
      // a resend of a record that could not be removed returns the same receipt: harmless
      this.storageError = String((e as Error)?.message ?? e);
    }
    return { state: 'sent', receipt: sent.receipt };
  }
}
