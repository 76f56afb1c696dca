// Node's fetch (undici) parses HTTP with a WebAssembly build of llhttp, compiled as soon as undici loads.
// After a megabyte or two of answers V8 recompiles its parse function with TurboFan on a worker thread
// (60–200 ms of CPU and 24 MB on the project's 2-core machine), and Node waits for that compilation before
// the process may exit, even when nothing will run the result: a small export spent its last third waiting
// for it, and a starting screen shares the machine with it. The baseline (Liftoff) code parses as fast as
// any command here needs: the 120,000-record export takes no longer without TurboFan, and less CPU.
import process from 'node:process';
import v8 from 'node:v8';

/**
 * The Node majors whose V8 knows both flags below (the ones the README promises and CI runs). V8 prints
 * "Error: unrecognized flag" on stdout for a flag it does not know, which on another Node would land on
 * every screen and in every piped page: there the exit simply waits, as it did before.
 */
const KNOWN_MAJORS: ReadonlySet<string> = new Set(['20', '22', '24']);

/**
 * Keeps WebAssembly on its baseline compiler for the rest of the process, on a Node whose V8 is known to
 * take the flags; says whether it did. Takes effect only before undici is loaded (the first `fetch`,
 * `Request` or `Response`, or ky): bin.ts calls it first thing.
 */
export function keepWasmOnBaseline(nodeVersion: string = process.versions.node): boolean {
	if (!KNOWN_MAJORS.has(nodeVersion.split('.')[0] ?? '')) {
		return false;
	}

	// V8 flags set at run time, as Node allows (v8.setFlagsFromString), read when WebAssembly is compiled and
	// run. Node 20 and 22 honour the first; Node 24 only the second: a tier-up budget no command here spends.
	v8.setFlagsFromString('--liftoff-only');
	v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
	return true;
}
