/**
 * The user's sketches as the UI holds them: an undoable history whose present list is written to
 * IndexedDB after every change (and read back at start). Reactive for Svelte through `$state.raw`.
 */
import { commit, historyOf, redo, undo, type History, type Sketch } from '../../sketch/model';
import { indexedDbStorage, type SketchStorage } from '../../sketch/persist';

export class SketchBook {
  #history = $state.raw<History>(historyOf([]));
  /** false until the stored sketches were read; false again if storage is unavailable */
  #persistent = $state(false);
  #loaded = $state(false);
  /** writes not yet confirmed by the browser */
  #pending = $state(0);
  readonly ready: Promise<void>;

  constructor(
    private storage: SketchStorage = indexedDbStorage(),
    onError?: (message: string) => void,
  ) {
    this.ready = storage.load().then(({ sketches, persistent, error }) => {
      // sketches made before the stored ones were read are kept after them
      const made = this.#history.present;
      this.#history = historyOf([...sketches, ...made.filter((m) => !sketches.some((s) => s.id === m.id))]);
      this.#persistent = persistent;
      this.#loaded = true;
      if (error) onError?.(error);
      if (made.length) this.#save(this.#history.present);
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
  /** true while a change is being written (the panel says so until the browser has stored it) */
  get saving() {
    return this.#pending > 0;
  }
  get loaded() {
    return this.#loaded;
  }

  get(id: string): Sketch | undefined {
    return this.list.find((s) => s.id === id);
  }

  /** Apply a change to the list (undoable) and save it. */
  change(next: (list: Sketch[]) => Sketch[]) {
    const h = commit(this.#history, next(this.#history.present));
    if (h === this.#history) return;
    this.#history = h;
    this.#save(h.present);
  }

  undo() {
    this.#set(undo(this.#history));
  }

  redo() {
    this.#set(redo(this.#history));
  }

  #set(h: History) {
    if (h === this.#history) return;
    this.#history = h;
    this.#save(h.present);
  }

  #save(list: readonly Sketch[]) {
    this.#pending++;
    void this.storage.save(list).finally(() => this.#pending--);
  }
}
