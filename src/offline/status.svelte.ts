/** What the page knows about its offline copy (set by ./register.ts, shown by OfflineNotice). */
export const offline = $state<{
  /** the server cannot be reached and the page runs from the service worker's cache */
  cached: boolean;
  /** when the cached copy was built (ISO date) */
  built?: string;
  /** everything is cached for the next visit */
  ready: boolean;
  /** a newer version is waiting: call to switch to it (the page reloads) */
  update?: () => void;
}>({ cached: false, ready: false });
