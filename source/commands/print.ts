// `ecore-records [job-id]` when stdout is not a terminal: the page (or, without a job id, the job list)
// as tab-separated text, for pipes and files.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import {connectWithToken} from '../connection.js';
import {EXIT} from '../exit.js';
import {writeJobsTsv, writePageTsv} from '../export/tsv.js';

export async function print(options: RunOptions): Promise<number> {
	return connectWithToken(options.flags, async client => {
		if (options.jobId === undefined) {
			await writeJobsTsv(await client.listJobs({page: options.page}), process.stdout);
			return EXIT.ok;
		}

		const page = await client.getRecords(options.jobId, {
			status: options.status,
			page: options.page,
			page_size: options.pageSize,
		});
		await writePageTsv(page, process.stdout);
		return EXIT.ok;
	});
}
