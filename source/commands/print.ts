// `ecore-records [job-id]` when stdout is not a terminal: the page (or, without a job id, the job list)
// as tab-separated text, for pipes and files.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import {connectWithToken} from '../connection.js';
import {describeError} from '../api/errors.js';
import {EXIT} from '../exit.js';
import {writeJobsTsv, writePageTsv} from '../export/tsv.js';
import {pastEndNotice} from '../store/records.js';
import {complain} from '../terminal/say.js';

export async function print(options: RunOptions): Promise<number> {
	return connectWithToken(options.flags, async client => {
		const {jobId} = options;
		if (jobId === undefined) {
			await writeJobsTsv(await lastPageInstead(options.page, page => client.listJobs({page})), process.stdout);
			return EXIT.ok;
		}

		const page = await lastPageInstead(options.page, page =>
			client.getRecords(jobId, {status: options.status, page, page_size: options.pageSize}),
		);
		await writePageTsv(page, process.stdout);
		return EXIT.ok;
	});
}

/**
 * Page `page`, or the last page when it is past the end: what the screen does too, with the same
 * sentence (on stderr, so the page on stdout stays data).
 */
async function lastPageInstead<T extends {readonly total_pages: number}>(
	page: number,
	fetch: (page: number) => Promise<T>,
): Promise<T> {
	try {
		return await fetch(page);
	} catch (error) {
		if (page <= 1 || describeError(error).kind !== 'invalid-page') {
			throw error;
		}
	}

	const first = await fetch(1);
	const last = Math.max(1, first.total_pages);
	complain(process.stderr, pastEndNotice(page, last));
	return last === 1 ? first : fetch(last);
}
