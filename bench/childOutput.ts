// What a bench child process uses to report back (kept apart from child.ts, which imports esbuild).
import {readFile} from 'node:fs/promises';

/** A child's one line of results starts with this; anything else it prints is ignored. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export function sendResult(result: unknown): void {
	process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** The process's peak resident set so far, from the kernel (Linux); NaN elsewhere. */
export async function peakRss(): Promise<number> {
	try {
		const status = await readFile('/proc/self/status', 'utf8');
		const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}

/** Resident set after a full collection when the process runs with --expose-gc. */
export function settledRss(): NodeJS.MemoryUsage {
	globalThis.gc?.();
	return process.memoryUsage();
}
