#!/usr/bin/env node
// The bridge's command: its TypeScript source run through tsx (a dependency of this package).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
