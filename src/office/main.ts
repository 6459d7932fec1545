/** The planning office's page (/office/): sign-in, the comment list, answers, exports. */
import { mount } from 'svelte';
import '../ui/app.css';
import OfficeApp from '../ui/office/OfficeApp.svelte';

mount(OfficeApp, { target: document.getElementById('office')! });
