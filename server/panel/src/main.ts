import { mount } from 'svelte';
import '#shared/ui/tokens.css';
import '#shared/ui/base.css';
import { applyTheme, storedTheme } from '#shared/ui/theme.ts';
import App from './App.svelte';

// Before the first paint, so a stored dark choice never flashes light.
applyTheme(storedTheme());
mount(App, { target: document.getElementById('app')! });
