import { mount } from 'svelte';
import '#shared/ui/tokens.css';
import '#shared/ui/base.css';
import { applyTheme, storedTheme } from '#shared/ui/theme.ts';
import App from './App.svelte';
import './pass.css';

// The phone's own light or dark setting (or a choice kept in this browser), before the first paint.
applyTheme(storedTheme());
mount(App, { target: document.getElementById('app')! });
