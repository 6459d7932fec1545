/** The comment outbox: stored before sending, sent once, kept when offline, cancellable, refusals shown. */
import { describe, it, expect } from 'vitest';
import { Outbox } from '../../src/comments/outbox.svelte';
import { Refused, TryLater, type Sent } from '../../src/comments/api';
import type { OutboxStore, Queued, Receipt } from '../../src/comments/queue';
import type { Draft } from '../../src/comments/types';

function memoryStore(opts: { failWrites?: boolean } = {}): OutboxStore & { q: Map<string, Queued>; r: Map<string, Receipt> } {
  const q = new Map<string, Queued>();
  const r = new Map<string, Receipt>();
  const guard = () => {
    if (opts.failWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  return {
    q,
    r,
    async putQueued(x) {
      guard();
      q.set(x.key, x);
    },
    async removeQueued(k) {
      q.delete(k);
    },
    async putReceipt(x) {
      guard();
      r.set(x.receipt, x);
    },
    async removeReceipt(c) {
      r.delete(c);
    },
    async all() {
      return { queued: [...q.values()], receipts: [...r.values()] };
    },
  };
}

const draft: Draft = { kind: 'opinion', text: '建议', target: { kind: 'point', lon: 112.5, lat: 37.8 }, lang: 'zh', about: '某处' };
let n = 0;
const keys = () => `key-${++n}`;

describe('the comment outbox', () => {
  it('online: sends at once, keeps the receipt, leaves nothing queued', async () => {
    const store = memoryStore();
    const sent: string[] = [];
    const o = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send: async (k) => (sent.push(k), { receipt: 'AAAA-BBBB-CCCC', status: 'received', createdAt: '' }) });
    const r = await o.submit(draft);
    expect(r).toEqual({ state: 'sent', receipt: 'AAAA-BBBB-CCCC' });
    expect(sent).toHaveLength(1);
    expect(store.q.size).toBe(0);
    expect([...store.r.keys()]).toEqual(['AAAA-BBBB-CCCC']);
    expect(o.queued).toEqual([]);
  });

  it('offline: queued in storage; a flush once online sends it with the same key, once', async () => {
    const store = memoryStore();
    let online = false;
    const sentKeys: string[] = [];
    const send = async (k: string): Promise<Sent> => {
      if (!online) throw new TryLater('offline');
      sentKeys.push(k);
      return { receipt: 'QQQQ-WWWW-EEEE', status: 'received', createdAt: '' };
    };
    const o = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send });
    const r = await o.submit(draft);
    expect(r.state).toBe('queued');
    expect(store.q.size).toBe(1);
    // a new page (reload) finds it in storage
    const o2 = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send });
    await o2.load();
    expect(o2.queued.map((q) => q.text)).toEqual(['建议']);
    online = true;
    await o2.flush();
    await o2.flush();
    expect(sentKeys).toEqual([(r as { key: string }).key]);
    expect(store.q.size).toBe(0);
    expect(o2.receipts.map((x) => x.receipt)).toEqual(['QQQQ-WWWW-EEEE']);
  });

  it('a waiting comment can be cancelled and is never sent', async () => {
    const store = memoryStore();
    let calls = 0;
    const o = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send: async () => (calls++, Promise.reject(new TryLater('offline'))) });
    const r = await o.submit(draft);
    await o.cancel((r as { key: string }).key);
    await o.flush();
    expect(calls).toBe(1);
    expect(store.q.size).toBe(0);
  });

  it('a refusal while the writer is at the form is returned, not queued', async () => {
    const store = memoryStore();
    const o = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send: async () => Promise.reject(new Refused('closed', { zh: '征求意见已结束。', en: 'Closed.' }, 403)) });
    expect(await o.submit(draft)).toEqual({ state: 'refused', message: { zh: '征求意见已结束。', en: 'Closed.' } });
    expect(store.q.size).toBe(0);
  });

  it('a full storage is said; sent anyway when online, "lost" (text kept in the form) when not', async () => {
    const store = memoryStore({ failWrites: true });
    const online = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send: async () => ({ receipt: 'ZZZZ-ZZZZ-ZZZZ', status: 'received', createdAt: '' }) });
    expect((await online.submit(draft)).state).toBe('sent');
    expect(online.storageError).toContain('quota');
    const offline = new Outbox({ store, newKey: keys, exclusive: (f) => f(), send: async () => Promise.reject(new TryLater('offline')) });
    const r = await offline.submit(draft);
    expect(r.state).toBe('lost');
  });
});
