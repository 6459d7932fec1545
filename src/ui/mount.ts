import { mount } from 'svelte';
import App from './App.svelte';
import PublicApp from './public/PublicApp.svelte';
import './app.css';
import type { MapEngine } from '../engine/MapEngine';
import type { Route } from '../state/url';

/** The planner UI, or the read-only public viewing mode (#…&mode=public). */
export function mountApp(target: HTMLElement, props: { engine: MapEngine | null; error: string | null; route: Route }) {
  const { route, ...rest } = props;
  return route.mode === 'public' ? mount(PublicApp, { target, props: rest }) : mount(App, { target, props: { ...rest, route } });
}
