#!/usr/bin/env node
// The executable (dist/cli.js). It only sets up the runtime, before the rest of the program is loaded: Node's
// compile cache (compileCache.ts), so the program is compiled into it, and WebAssembly on its baseline
// compiler (wasmBaseline.ts), before anything loads fetch. Then it runs the command line (cli.tsx).
import process from 'node:process';
import {enableCompileCache} from './compileCache.js';
import {keepWasmOnBaseline} from './wasmBaseline.js';

enableCompileCache(process.env);
keepWasmOnBaseline();
await import('./cli.js');
