/**
 * Which ends of a sideways-scrolling row hide content: the phone's one-row tool bar fades the
 * edge where more buttons wait (`data-more="end"`, "start", "both" or "none"), so a user sees
 * there is more than the buttons on screen. A Svelte action keeps the attribute current on
 * scroll and resize.
 */
export type MoreSide = 'none' | 'start' | 'end' | 'both';

/** One pixel of slack: zoomed pages report fractional scroll positions. */
export function moreSide(scrollLeft: number, clientWidth: number, scrollWidth: number): MoreSide {
  if (scrollWidth - clientWidth <= 1) return 'none';
  const before = scrollLeft > 1;
  const after = scrollLeft + clientWidth < scrollWidth - 1;
  return before && after ? 'both' : before ? 'start' : after ? 'end' : 'none';
}

export function scrollEdges(el: HTMLElement) {
  const update = () => (el.dataset.more = moreSide(el.scrollLeft, el.clientWidth, el.scrollWidth));
  update();
  el.addEventListener('scroll', update, { passive: true });
  // the row's width follows the window; its content follows the language and the tools shown
  const sized = new ResizeObserver(update);
  sized.observe(el);
  const changed = new MutationObserver(update);
  changed.observe(el, { childList: true, subtree: true, characterData: true });
  return {
    destroy() {
      el.removeEventListener('scroll', update);
      sized.disconnect();
      changed.disconnect();
    },
  };
}
