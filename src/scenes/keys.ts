/**
 * The keys of a presentation, as a pure mapping from a key event to an action. Clickers send
 * PageDown/PageUp (their "blank" button `.` or `b`, their start button F5/Esc); keyboards add
 * arrows, Space, Home/End and a scene number + Enter. Keys typed into a field, and shortcuts with
 * Ctrl/Alt/Meta, are not the presentation's.
 */
export type PresentAction =
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'first' }
  | { type: 'last' }
  /** the scene number being typed (digits so far) */
  | { type: 'digits'; digits: string }
  /** Enter after a number: go to that scene (1-based) */
  | { type: 'goto'; scene: number }
  | { type: 'blank' }
  | { type: 'fullscreen' }
  /** Esc: cancel a number being typed, else back to the planner */
  | { type: 'exit' }
  | { type: 'toggle-autoplay' };

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

const MAX_DIGITS = 3;

/** True when keys go to a text field (input, textarea, select, contenteditable), not to the talk. */
export function isTypingTarget(target: unknown): boolean {
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (el.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color', 'image'].includes(type);
}

/**
 * The action for a key, given the scene number typed so far (`digits`), or null when the key is
 * not the presentation's (the browser keeps it: F5 reloads, Ctrl+… stays a shortcut).
 */
export function presentAction(e: KeyLike, digits = ''): PresentAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const k = e.key;
  if (/^[0-9]$/.test(k)) return { type: 'digits', digits: (digits + k).slice(-MAX_DIGITS) };
  if (k === 'Backspace') return digits ? { type: 'digits', digits: digits.slice(0, -1) } : null;
  if (k === 'Escape' || k === 'Esc') return digits ? { type: 'digits', digits: '' } : { type: 'exit' };
  if (k === 'Enter') {
    const n = Number(digits);
    return digits && n >= 1 ? { type: 'goto', scene: n } : digits ? { type: 'digits', digits: '' } : { type: 'next' };
  }
  switch (k) {
    case 'PageDown':
    case 'ArrowRight':
    case 'ArrowDown':
    case 'Right':
    case 'Down':
      return { type: 'next' };
    case 'PageUp':
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'Left':
    case 'Up':
      return { type: 'prev' };
    case ' ':
    case 'Spacebar':
      return e.shiftKey ? { type: 'prev' } : { type: 'next' };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case 'b':
    case 'B':
    case '.':
      return { type: 'blank' };
    case 'f':
    case 'F':
      return { type: 'fullscreen' };
    case 'p':
    case 'P':
      return { type: 'toggle-autoplay' };
  }
  return null;
}
