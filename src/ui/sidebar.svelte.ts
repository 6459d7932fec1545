/**
 * Whether the desktop sidebar is collapsed (the map takes the whole window). A personal layout
 * preference kept in this browser; the page's CSS reads it as `body.sidebar-collapsed`.
 */
const KEY = 'sidebar-collapsed';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export const sidebar = $state({ collapsed: stored() });

export function applySidebar() {
  document.body.classList.toggle('sidebar-collapsed', sidebar.collapsed);
}

export function setSidebarCollapsed(collapsed: boolean) {
  sidebar.collapsed = collapsed;
  applySidebar();
  try {
    localStorage.setItem(KEY, collapsed ? '1' : '0');
  } catch {
    /* private mode */
  }
}
