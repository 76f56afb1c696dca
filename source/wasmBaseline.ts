// Node's fetch (undici) parses HTTP with a WebAssembly build of llhttp, compiled as soon as undici loads.
// After a megabyte or two of answers V8 recompiles its parse function with TurboFan on a worker thread
// (60–200 ms of CPU and 24 MB on the project's 2-core machine), and Node waits for that compilation before
// the process may exit, even when nothing will run the result: a small export spent its last third waiting
// for it, and a starting screen shares the machine with it. The baseline (Liftoff) code parses as fast as
// any command here needs: the 120,000-record export takes no longer without TurboFan, and less CPU.
import v8 from 'node:v8';

/**
 * Keeps WebAssembly on its baseline compiler for the rest of the process. Takes effect only before undici
 * is loaded (the first `fetch`, `Request` or `Response`, or ky): bin.ts calls it first thing.
 */
export function keepWasmOnBaseline(): void {
	// V8 flags set at run time, as Node allows (v8.setFlagsFromString), read when WebAssembly is compiled and
	// run. Node 20 and 22 honour the first; Node 24 only the second: a tier-up budget no command here spends.
	v8.setFlagsFromString('--liftoff-only');
	v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
}
