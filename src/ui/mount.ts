import { mount } from 'svelte';
import App from './App.svelte';
import PublicApp from './public/PublicApp.svelte';
import './app.css';
import type { MapEngine } from '../engine/MapEngine';

/** The planner UI, or the read-only public viewing mode (#…&mode=public). */
export function mountApp(target: HTMLElement, props: { engine: MapEngine | null; error: string | null; mode?: 'public' }) {
  const { mode, ...rest } = props;
  return mount(mode === 'public' ? PublicApp : App, { target, props: rest });
}
