#!/usr/bin/env node
// The `nlscope` command: runs the TypeScript CLI through tsx, so a fresh clone
// works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
