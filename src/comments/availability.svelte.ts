/**
 * Whether this app has a comments server, asked once per page: the comment buttons show only
 * when it has (or had, the last time the page was online).
 */
import { detectApi } from './api';
import type { CommentsConfig } from './types';

class CommentsAvailability {
  config = $state.raw<CommentsConfig | null>(null);
  /** false when the answer is the remembered one (offline) */
  live = $state(false);
  checked = $state(false);
  private started = false;

  ensure() {
    if (this.started) return;
    this.started = true;
    void this.refresh();
    window.addEventListener('online', () => void this.refresh());
  }

  async refresh() {
    const r = await detectApi();
    this.config = r?.config ?? null;
    this.live = r?.live ?? false;
    this.checked = true;
  }
}

export const commentsApi = new CommentsAvailability();
