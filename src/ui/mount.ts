import { mount } from 'svelte';
import App from './App.svelte';
import PublicApp from './public/PublicApp.svelte';
import './app.css';
import type { MapEngine } from '../engine/MapEngine';
import type { Route } from '../state/url';
import { ready as userLayersReady } from '../import/userLayers';

/**
 * The planner UI, or the read-only public viewing mode (#…&mode=public). The planner waits for the
 * index of the user's imported layers (IndexedDB, a few ms) so a link naming them is understood.
 */
export async function mountApp(target: HTMLElement, props: { engine: MapEngine | null; error: string | null; route: Route }) {
  const { route, ...rest } = props;
  if (route.mode === 'public') return mount(PublicApp, { target, props: rest });
  // never let a slow or blocked IndexedDB hold the UI back
  await Promise.race([userLayersReady, new Promise((r) => setTimeout(r, 1500))]);
  return mount(App, { target, props: { ...rest, route } });
}
