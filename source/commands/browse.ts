// `ecore-records [job-id]` at a terminal: the full-screen browser (app.tsx) in the alternate screen, until
// the person quits; the terminal is restored on every way out. What the first screen shows is asked for
// before the screen's modules are even loaded: Ink, React and the views (browseScreen.tsx) take a while
// to evaluate, and the answers travel meanwhile. So this module holds no JSX: React's runtime, like the
// rest of the screen, loads once the requests have left.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import {connect} from '../connection.js';
import {sendFirst, type FirstScreen} from '../store/first.js';
import {jobsPageSize} from '../ui/rows.js';

/** What the options open on: the job's records, or the job list at the page size this terminal shows. */
export function firstScreen(options: RunOptions, rows: number): FirstScreen {
	const {jobId, status, page, pageSize} = options;
	return jobId === undefined
		? {kind: 'jobs', pageSize: jobsPageSize({rows})}
		: {kind: 'records', jobId, filter: status, page, pageSize};
}

export async function browse(options: RunOptions): Promise<number> {
	const connection = await connect(options.flags);
	try {
		// Without a token the browser opens on the token screen, and nothing is sent.
		// 24 rows when the terminal does not say, as the screen's own size store assumes (store/size.ts).
		const rows = process.stdout.rows || 24;
		const first = connection.client ? sendFirst(connection.client, firstScreen(options, rows)) : undefined;
		const {show} = await import('./browseScreen.js');
		return await show(connection, options, first);
	} finally {
		await connection.close();
	}
}
