#!/usr/bin/env node
// The executable (dist/cli.js). It only turns on Node's compile cache, before the rest of the program is
// loaded and so compiled (compileCache.ts), then runs the command line (cli.tsx).
import process from 'node:process';
import {enableCompileCache} from './compileCache.js';

enableCompileCache(process.env);
await import('./cli.js');
