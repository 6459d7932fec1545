/**
 * Changes a store has made in the page and not yet seen stored: id → the item to write, or null to
 * delete. `flush` writes them all (chained after earlier writes, so an older state never lands after
 * a newer one); what the browser refuses stays staged and goes with the next flush — the work stays
 * in the page until it is stored. A change another tab makes to a staged id loses to this page's.
 */
import { OK, type WriteResult } from './db';

export interface WriteTarget<T> {
  write(change: { put: readonly T[]; remove: readonly string[] }): Promise<WriteResult>;
}

export class Pending<T> {
  #dirty = new Map<string, T | null>();
  #queue: Promise<WriteResult> = Promise.resolve(OK);
  #running = 0;

  constructor(
    private target: WriteTarget<T>,
    private id: (item: T) => string,
  ) {}

  /** Record a change: items to store, ids to delete. */
  stage(put: readonly T[], remove: readonly string[] = []) {
    for (const item of put) this.#dirty.set(this.id(item), item);
    for (const id of remove) this.#dirty.set(id, null);
  }

  /** Record the change from one list to the next: items new or changed (by identity), ids gone. */
  stageDiff(prev: readonly T[], next: readonly T[]) {
    const before = new Map(prev.map((x) => [this.id(x), x]));
    const after = new Set(next.map(this.id));
    this.stage(
      next.filter((x) => before.get(this.id(x)) !== x),
      prev.filter((x) => !after.has(this.id(x))).map(this.id),
    );
  }

  has(id: string) {
    return this.#dirty.has(id);
  }
  get size() {
    return this.#dirty.size;
  }
  /** a flush is under way */
  get busy() {
    return this.#running > 0;
  }

  /** Write everything staged; resolves with the outcome of this write. */
  flush(): Promise<WriteResult> {
    this.#running++;
    this.#queue = this.#queue
      .catch(() => OK)
      .then(async () => {
        if (!this.#dirty.size) return OK;
        const batch = [...this.#dirty];
        const r = await this.target.write({
          put: batch.flatMap(([, x]) => (x === null ? [] : [x])),
          remove: batch.flatMap(([id, x]) => (x === null ? [id] : [])),
        });
        if (r.ok) for (const [id, x] of batch) if (this.#dirty.get(id) === x) this.#dirty.delete(id);
        return r;
      })
      .finally(() => this.#running--);
    return this.#queue;
  }
}
