import { mount } from 'svelte';
import App from './App.svelte';
import './pass.css';

mount(App, { target: document.getElementById('app')! });
