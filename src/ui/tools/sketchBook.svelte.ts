/**
 * The user's sketches as the UI holds them: an undoable history whose changes are written to
 * IndexedDB one sketch at a time (and read back at start). Reactive for Svelte through `$state.raw`.
 *
 * Nothing is lost when the browser refuses to store (storage full, private mode): the sketches stay
 * in the page, `saveState` says 'failed' (the panel says so and offers the export), and what was not
 * stored is written with the next change or `retry()`. Sketches another tab stores or deletes are
 * merged into every step of the history here, so undo never deletes another tab's work.
 */
import { applyRemote, commit, historyOf, redo, undo, type History, type Sketch } from '../../sketch/model';
import { indexedDbStorage, type SketchStorage } from '../../sketch/persist';
import type { StoreError } from '../../storage/db';
import { Pending } from '../../storage/pending';

export type SketchSaveState = 'loading' | 'saving' | 'saved' | 'failed' | 'unavailable';

export class SketchBook {
  #history = $state.raw<History>(historyOf([]));
  /** false until the stored sketches were read; false again if storage is unavailable */
  #persistent = $state(false);
  #loaded = $state(false);
  /** writes not yet answered by the browser */
  #writing = $state(0);
  /** the last write's failure, until a write succeeds */
  #error = $state.raw<StoreError | null>(null);
  /** stored records that no longer read as sketches (left in the database, not shown) */
  #unreadable = $state(0);
  /** changes not stored yet */
  #unsaved: Pending<Sketch>;
  readonly ready: Promise<void>;

  constructor(
    private storage: SketchStorage = indexedDbStorage(),
    private onError?: (error: StoreError, phase: 'load' | 'save') => void,
  ) {
    this.#unsaved = new Pending(storage, (s) => s.id);
    this.ready = storage.load().then(({ sketches, persistent, error, unreadable }) => {
      // sketches made before the stored ones were read are kept after them
      const made = this.#history.present;
      this.#history = historyOf([...sketches, ...made.filter((m) => !sketches.some((s) => s.id === m.id))]);
      this.#persistent = persistent;
      this.#unreadable = unreadable;
      this.#loaded = true;
      if (error) onError?.(error, 'load');
      if (persistent) {
        storage.onRemote((ids) => void this.#remote(ids));
        this.#flush();
      }
    });
  }

  get list(): Sketch[] {
    return this.#history.present;
  }
  get canUndo() {
    return this.#history.past.length > 0;
  }
  get canRedo() {
    return this.#history.future.length > 0;
  }
  get persistent() {
    return this.#persistent;
  }
  get loaded() {
    return this.#loaded;
  }
  get unreadable() {
    return this.#unreadable;
  }
  get error(): StoreError | null {
    return this.#error;
  }
  /** what the panel says about storage */
  get saveState(): SketchSaveState {
    if (!this.#loaded) return 'loading';
    if (!this.#persistent) return 'unavailable';
    if (this.#writing > 0) return 'saving';
    return this.#error ? 'failed' : 'saved';
  }

  get(id: string): Sketch | undefined {
    return this.list.find((s) => s.id === id);
  }

  /** Apply a change to the list (undoable) and save it. */
  change(next: (list: Sketch[]) => Sketch[]) {
    this.#set(commit(this.#history, next(this.#history.present)));
  }

  undo() {
    this.#set(undo(this.#history));
  }

  redo() {
    this.#set(redo(this.#history));
  }

  /** Write again what the browser refused before. */
  retry() {
    this.#flush();
  }

  #set(h: History) {
    if (h === this.#history) return;
    this.#unsaved.stageDiff(this.#history.present, h.present);
    this.#history = h;
    if (this.#loaded && this.#persistent) this.#flush();
  }

  /** Writes everything not stored yet (what the browser refused before included). */
  #flush() {
    this.#writing++;
    void this.#unsaved
      .flush()
      .then((r) => {
        if (r.ok) {
          this.#error = null;
          return;
        }
        const first = !this.#error;
        this.#error = r.error;
        console.error('sketches not saved:', r.error.message);
        if (first) this.onError?.(r.error, 'save');
      })
      .finally(() => this.#writing--);
  }

  async #remote(ids: string[]) {
    const stored = await this.storage.read(ids);
    const changes = new Map<string, Sketch | null>();
    // this tab's own change to a sketch that is still to be written wins
    for (const id of ids) if (!this.#unsaved.has(id)) changes.set(id, stored.get(id) ?? null);
    this.#history = applyRemote(this.#history, changes);
  }
}
