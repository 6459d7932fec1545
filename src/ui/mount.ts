import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import type { MapEngine } from '../engine/MapEngine';

export function mountApp(target: HTMLElement, props: { engine: MapEngine | null; error: string | null }) {
  return mount(App, { target, props });
}
