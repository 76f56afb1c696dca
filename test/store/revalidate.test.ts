// What re-validation decides before anything is sent, shared by the confirmation and `revalidate`: which
// records, which emails after the API's normalisation, the default list name, and the look in the job
// list after an upload without an answer. Against the demo server on loopback where the API is read.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ApiClient} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {groupRecords} from '../../source/store/breakdown.js';
import {
	defaultListName,
	describeFoundJob,
	describeSource,
	filterSource,
	findUploadedJobs,
	gatherEmails,
	groupSource,
	isoDate,
	LOOK_BACK_MS,
	MAX_LIST_NAME_LENGTH,
	prepareEmails,
	sentListName,
	type GatherProgress,
	type GroupSelection,
} from '../../source/store/revalidate.js';
import {errorRecord, readFilter} from '../helpers/records.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {plain, rawText, untrusted} from '../helpers/text.js';

const server = serveDemoPerFile();

afterEach(() => {
	server().setFaults(NO_FAULTS);
	server().resetStats();
});

const client = (): ApiClient => createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});

/** Every record of a filter, read apart from the code under test. */
const allRecords = async (jobId: number, status: 'Error' | 'All') => readFilter(client(), jobId, status);

const record = errorRecord;

describe('prepareEmails: what the API would keep of them', () => {
	it('trims, lowercases and deduplicates, keeping the first seen order', () => {
		const prepared = prepareEmails(
			['John@Acme.com ', 'jane@example.com', ' john@acme.com', 'JANE@EXAMPLE.COM', 'bob@example.org'].map(untrusted),
		);
		expect(prepared.emails).toEqual(['john@acme.com', 'jane@example.com', 'bob@example.org']);
		expect(prepared).toMatchObject({records: 5, duplicates: 2, invalid: 0});
	});

	it('leaves out what the API would refuse, saying why, so the upload is not refused as a whole', () => {
		const prepared = prepareEmails(
			['ok@example.com', 'not-an-email', '', '\u001b[2J@x.example', 'a@b', 'ok2@example.com', 'x@', 'y@', 'z@'].map(
				untrusted,
			),
		);
		expect(prepared.emails).toEqual(['ok@example.com', 'ok2@example.com']);
		expect(prepared.invalid).toBe(7);
		// The first few, as the API sent them (Untrusted: sanitised where shown).
		expect(prepared.invalidSamples).toHaveLength(5);
		expect(plain(prepared.invalidSamples[0]!)).toEqual({
			email: 'not-an-email',
			problem: 'Enter a valid email address.',
		});
		expect(prepared.invalidSamples[1]!.problem).toBe('This field may not be blank.');
		expect(rawText(prepared.invalidSamples[2]!.email)).toBe('\u001b[2J@x.example');
	});
});

describe('gatherEmails', () => {
	it('reads a whole filter across its pages: job 7001’s 6,200 Error records, every email once', async () => {
		const reference = await allRecords(7001, 'Error');
		expect(reference).toHaveLength(6200);
		server().resetStats();
		const progress: GatherProgress[] = [];
		const prepared = await gatherEmails({
			client: client(),
			jobId: 7001,
			source: filterSource('Error'),
			onProgress: each => progress.push(each),
		});
		expect(prepared.records).toBe(6200);
		expect(prepared.emails).toEqual([...new Set(reference.map(each => rawText(each.email).trim().toLowerCase()))]);
		expect(prepared.emails).toHaveLength(6200);
		expect(progress.at(-1)).toEqual({done: 6200, total: 6200, page: 7, pages: 7});
		expect(progress.length).toBeGreaterThan(1);
		// Read through the sliding window, the largest pages, every page once.
		const pages = server().requests.map(request => request.query['page']);
		expect(pages).toHaveLength(7);
		expect(new Set(pages).size).toBe(7);
		expect(server().requests.every(request => request.query['page_size'] === '1000')).toBe(true);
	});

	it('takes a breakdown group’s records in hand without a request, when the group kept all of them', async () => {
		const breakdown = groupRecords([
			record(1, {error_message: 'SMTP connection refused by mx.a.com:25', email: 'A@x.com'}),
			record(2, {error_message: 'SMTP connection refused by mx.b.com:25', email: 'b@x.com'}),
			record(3, {error_message: 'timeout', email: 'c@x.com'}),
			record(4, {error_message: 'SMTP connection refused by mx.b.com:25', email: 'a@X.com'}),
		]);
		const [pattern] = breakdown.groups.pattern;
		const group: GroupSelection = {grouping: 'pattern', ...pattern!};
		const prepared = await gatherEmails({client: client(), jobId: 7001, source: groupSource(group)});
		expect(prepared).toMatchObject({emails: ['a@x.com', 'b@x.com'], records: 3, duplicates: 1});
		expect(server().requests).toHaveLength(0);
		// With a find inside the group: only its matches.
		const found = await gatherEmails({client: client(), jobId: 7001, source: groupSource(group, 'B@')});
		expect(found.emails).toEqual(['b@x.com']);
	});

	it('reads the Error records again for a group the breakdown kept only part of, and picks its own', async () => {
		const errors = await allRecords(7001, 'Error');
		const breakdown = groupRecords(errors, {maxRecordsKept: 100});
		const pattern = breakdown.groups.pattern.find(group => group.records.length < group.count)!;
		expect(pattern).toBeDefined();
		server().resetStats();
		const prepared = await gatherEmails({
			client: client(),
			jobId: 7001,
			source: groupSource({grouping: 'pattern', ...pattern}),
		});
		expect(prepared.records).toBe(pattern.count);
		const full = groupRecords(errors).groups.pattern.find(group => group.key === pattern.key)!;
		expect(prepared.emails).toEqual(full.records.map(each => rawText(each.email).toLowerCase()));
		expect(server().requests.every(request => request.query['status'] === 'Error')).toBe(true);
	});

	it('takes the records a find matches across the filter (email or ec_id, any case)', async () => {
		const all = await allRecords(42, 'All');
		const prepared = await gatherEmails({client: client(), jobId: 42, source: {status: 'All', find: 'ACME'}});
		const expected = all.filter(
			each =>
				rawText(each.email).toLowerCase().includes('acme') ||
				rawText(each.ec_id ?? '')
					.toLowerCase()
					.includes('acme'),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(prepared.records).toBe(expected.length);
	});

	it('leaves out job 666’s hostile addresses, which the API would refuse', async () => {
		const prepared = await gatherEmails({client: client(), jobId: 666, source: filterSource('All')});
		expect(prepared.invalid).toBeGreaterThan(0);
		expect(prepared.emails.every(email => !/[\u0000-\u001f\u007f-\u009f]/.test(email))).toBe(true);
		expect(prepared.records).toBe(prepared.emails.length + prepared.invalid + prepared.duplicates);
	});

	it('gives an empty list for a filter without records, and an ApiError with a sentence on failure', async () => {
		const empty = await gatherEmails({client: client(), jobId: 42, source: filterSource('Error')});
		expect(empty).toMatchObject({emails: [], records: 0});
		await expect(gatherEmails({client: client(), jobId: 999_999, source: filterSource('Error')})).rejects.toMatchObject(
			{
				kind: 'not-found',
			},
		);
		const aborted = new AbortController();
		aborted.abort();
		await expect(
			gatherEmails({client: client(), jobId: 7001, source: filterSource('Error'), signal: aborted.signal}),
		).rejects.toMatchObject({kind: 'aborted'});
	});
});

describe('the new list’s name', () => {
	const now = new Date(2026, 11, 1, 9, 30).getTime();

	it('is the job’s name, what is re-validated and the date', () => {
		expect(defaultListName({id: 42, name: untrusted('Q1 Leads')}, filterSource('Error'), now)).toBe(
			'Q1 Leads — Error — 2026-12-01',
		);
		const group: GroupSelection = {
			grouping: 'pattern',
			key: 'k',
			label: untrusted('SMTP connection refused by {host}:{port}'),
			count: 3,
			records: [],
		};
		// A pattern's placeholders are left out of the name: one `…` for each run of them.
		expect(defaultListName({id: 7001, name: untrusted('Enterprise CRM export')}, groupSource(group), now)).toBe(
			'Enterprise CRM export — Error · SMTP connection refused by … — 2026-12-01',
		);
		const attempts = {...group, label: untrusted('HTTP 503 from {host} (attempt {n}/{n}) after {duration}')};
		expect(defaultListName({id: 7001, name: null}, groupSource(attempts), now)).toBe(
			'Job 7001 — Error · HTTP 503 from … (attempt …) after … — 2026-12-01',
		);
		// A message is its own text, braces and all.
		const message = {...group, grouping: 'message' as const, label: untrusted('Template {name} missing')};
		expect(defaultListName({id: 7001, name: null}, groupSource(message), now)).toBe(
			'Job 7001 — Error · Template {name} missing — 2026-12-01',
		);
		expect(defaultListName({id: 42, name: untrusted('Q1 Leads')}, {status: 'All', find: 'acme'}, now)).toBe(
			'Q1 Leads — All · “acme” — 2026-12-01',
		);
		expect(isoDate(now)).toBe('2026-12-01');
	});

	it('sends a hostile name back as the visible text it was shown as, and keeps within the API’s bound', () => {
		const name = defaultListName(
			{id: 666, name: untrusted('h\u001b[31mostile\u001b]0;pwned\u0007 list')},
			filterSource('All'),
			now,
		);
		expect(name).toBe('h\\x1b[31mostile\\x1b]0;pwned\\x07 list — All — 2026-12-01');
		const long = defaultListName({id: 1, name: untrusted('x'.repeat(400))}, filterSource('Error'), now);
		expect([...long]).toHaveLength(MAX_LIST_NAME_LENGTH);
		expect(long.endsWith('… — Error — 2026-12-01')).toBe(true);
		expect(defaultListName({id: 9, name: untrusted('   ')}, filterSource('Error'), now)).toBe(
			'Job 9 — Error — 2026-12-01',
		);
		// A hostile pattern: visible text, cut to its bound, no placeholder.
		const hostile: GroupSelection = {
			grouping: 'pattern',
			key: 'k',
			label: untrusted(`\u001b]0;pwned\u0007 timeout after {duration} ${'x'.repeat(200)}`),
			count: 1,
			records: [],
		};
		const named = defaultListName({id: 666, name: null}, groupSource(hostile), now);
		expect(named).toBe(`Job 666 — Error · \\x1b]0;pwned\\x07 timeout after … ${'x'.repeat(26)}… — 2026-12-01`);
	});

	it('is sent trimmed, as the API keeps it, and not at all when nothing is left', () => {
		expect(sentListName('  Retry \n')).toBe('Retry');
		expect(sentListName(' \t ')).toBeUndefined();
		expect(describeSource(filterSource('Unknown'))).toBe('Unknown');
	});
});

describe('findUploadedJobs: after an upload without an answer', () => {
	it('finds the jobs of that list name created since shortly before it was sent, and no older ones', async () => {
		// Job 45 of the demo is created as the server starts ("now"); job 42 months ago.
		const jobs = (await client().listJobs({page_size: 100})).results;
		const recent = jobs.find(job => job.id === 45)!;
		const sentAt = new Date(rawText(recent.created_at)).getTime() + 60_000;
		const found = await findUploadedJobs({client: client(), listName: rawText(recent.list_name), sentAt});
		expect(found.map(job => job.id)).toEqual([45]);
		expect(describeFoundJob(found[0]!)).toMatch(
			/^job 45 \((Uploading|Processing|Processed), [\d,]+ records, created \d\d:\d\d:\d\d\)$/,
		);

		// Long after: not the job an upload just sent could have made.
		const later = await findUploadedJobs({
			client: client(),
			listName: rawText(recent.list_name),
			sentAt: sentAt + LOOK_BACK_MS + 1,
		});
		expect(later).toEqual([]);
		expect(await findUploadedJobs({client: client(), listName: 'Q1 Leads', sentAt})).toEqual([]);
		// One request, the largest page the API allows.
		const looks = server().requests.filter(request => request.path.endsWith('/jobs/'));
		expect(looks.every(request => request.query['page_size'] === '100')).toBe(true);
	});
});
