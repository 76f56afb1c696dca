// `ecore-records export <job-id>`: every record of a filter to a file or stdout (source/export does the
// work); a signal stops it cleanly.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import {connectWithToken} from '../connection.js';
import {startReading, type Reading} from '../export/read.js';
import {onTerminationSignals} from '../export/signals.js';

export async function exportCommand(options: RunOptions & {readonly jobId: number}): Promise<number> {
	return connectWithToken(options.flags, async client => {
		const controller = new AbortController();
		// Ctrl-C, `kill` and a closed SSH session stop the export the same way, whatever the output: it unwinds
		// (a file's temporary copy is removed) and exits 128 + the signal's number.
		const stopListening = onTerminationSignals(reason => {
			controller.abort(reason);
		});

		let reading: Reading | undefined;
		try {
			// The first pages are asked for now: the API answers while the modules that write them load and
			// the output opens. Nothing is written before page 1 has come (export.ts).
			reading = startReading({
				client,
				jobId: options.jobId,
				status: options.status,
				signal: controller.signal,
			});
			const {runExport} = await import('../export/command.js');
			return await runExport({
				client,
				jobId: options.jobId,
				status: options.status,
				format: options.flags.format,
				output: options.flags.output,
				excelSafe: options.flags.excelSafe,
				stdout: process.stdout,
				stderr: process.stderr,
				stdin: process.stdin,
				signal: controller.signal,
				reading,
			});
		} finally {
			// runExport stops it in any case; this is for a failure before it ran.
			await reading?.close();
			stopListening();
		}
	});
}
