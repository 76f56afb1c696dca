// The job summary's inline records as a page of Job Records: checked against what the demo's Job Records
// answers for the same place, over real loopback HTTP.
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {inlinePage, withinInline, type PagePlace} from '../../source/api/inline.js';
import type {JobDetail, RecordsPage} from '../../source/api/types.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
const client = () => createClient({baseUrl: server().baseUrl, token: server().token});

/** What a page says, without its links (the demo writes them from the URL it was asked). */
const content = (page: RecordsPage | undefined) =>
	page && {
		count: page.count,
		total_pages: page.total_pages,
		current_page: page.current_page,
		next: page.next === null ? null : 'link',
		previous: page.previous === null ? null : 'link',
		results: page.results,
	};

describe('a page built from the job summary', () => {
	const places: Array<[number, PagePlace]> = [
		[42, {filter: 'All', page: 1, pageSize: 100}],
		// Fewer records than a page: the whole job, one page.
		[7, {filter: 'All', page: 1, pageSize: 100}],
		[12, {filter: 'All', page: 1, pageSize: 100}],
		// No records at all: Django's one empty page.
		[43, {filter: 'All', page: 1, pageSize: 100}],
	];

	it.each(places)('job %i at %o is what Job Records answers there', async (jobId, place) => {
		const api = client();
		const job = await api.getJob(jobId);
		const page = await api.getRecords(jobId, {status: place.filter, page: place.page, page_size: place.pageSize});
		expect(content(inlinePage(job, place, api.baseUrl))).toEqual(content(page));
	});

	// Another page size, even within the first 100: a server keeping its own page size (DRF without
	// page_size_query_param) would answer the next page at its size, not meeting this one (hostile-screen).
	it('is not built for a place beyond the first 100 records, of another filter or another page size', async () => {
		const api = client();
		const job = await api.getJob(42);
		for (const place of [
			{filter: 'All', page: 2, pageSize: 100},
			{filter: 'All', page: 1, pageSize: 101},
			{filter: 'All', page: 6, pageSize: 20},
			{filter: 'Error', page: 1, pageSize: 100},
			{filter: 'Valid', page: 1, pageSize: 10},
			{filter: 'All', page: 1, pageSize: 20},
			{filter: 'All', page: 5, pageSize: 20},
			{filter: 'All', page: 2, pageSize: 50},
		] as const) {
			expect(withinInline(place)).toBe(false);
			expect(inlinePage(job, place, api.baseUrl)).toBeUndefined();
		}
	});

	it('is not built when the inline records are not the first 100 the docs promise', async () => {
		const api = client();
		const job = await api.getJob(42);
		const place = {filter: 'All', page: 1, pageSize: 20} as const;
		const short: JobDetail = {...job, records: job.records.slice(0, 50)};
		const none: JobDetail = {...job, records: []};
		expect(inlinePage(short, place, api.baseUrl)).toBeUndefined();
		expect(inlinePage(none, place, api.baseUrl)).toBeUndefined();
		// A page past the end of a small job is not made up either.
		const small = await api.getJob(12);
		expect(inlinePage(small, {filter: 'All', page: 3, pageSize: 2}, api.baseUrl)).toBeUndefined();
	});
});
