/** Which comment dialog is open (the form for a target, or "my comments"): one per page. */
import type { CommentTarget } from './types';

export interface FormRequest {
  target: CommentTarget;
  /** what it is about, in words (shown in the form and the queue) */
  about: string;
}

class CommentsUi {
  form = $state.raw<FormRequest | null>(null);
  mine = $state(false);
  /** a receipt code to look up when "my comments" opens */
  lookup = $state('');
  open(req: FormRequest) {
    this.mine = false;
    this.form = req;
  }
  openMine(code = '') {
    this.form = null;
    this.lookup = code;
    this.mine = true;
  }
  close() {
    this.form = null;
    this.mine = false;
  }
}

export const commentsUi = new CommentsUi();
