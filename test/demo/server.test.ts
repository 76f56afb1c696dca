import http from 'node:http';
import {describe, expect, it} from 'vitest';
import type {WireJob as Job, WireRecord as JobRecord} from '../../source/demo/wire.js';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {DEMO_TOKEN} from '../../source/demo/server.js';
import {DOC_RECORD} from '../helpers/records.js';
import {demoFetch, demoJson, serveDemoPerFile, withDemoServer} from '../helpers/server.js';

/** A records page as the demo sends it (plain JSON, read without the client). */
interface RecordsPage {
	count: number;
	total_pages: number;
	current_page: number;
	next: string | null;
	previous: string | null;
	results: JobRecord[];
}

const JOBS = 'email-validation/jobs/';
const RECORDS_42 = `${JOBS}42/records/`;

function rawGet(url: string, headers: Record<string, string>): Promise<{status: number; body: string}> {
	return new Promise((resolve, reject) => {
		http
			.get(url, {headers}, res => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (body += chunk));
				res.on('end', () => resolve({status: res.statusCode ?? 0, body}));
			})
			.on('error', reject);
	});
}

const DOC_JOB_42 = {
	id: 42,
	uuid: 'f8a1c3e5-9b2d-4e6f-a8c1-0d3e5f7a9b2d',
	list_name: 'Q1 Leads',
	status: 'Processed',
	total_records: 250,
	valid_count: 178,
	invalid_count: 49,
	unknown_count: 23,
	total_credits_charged: 178.0,
	credits_charged_at: '2026-05-06T11:42:08.913Z',
	created_at: '2026-05-06T11:41:55.001Z',
	started_at: '2026-05-06T11:42:01.220Z',
	completed_at: '2026-05-06T11:43:17.880Z',
	duration: '1m 16s',
	results_summary: '250/250',
};

const DOC_RECORD_9881: JobRecord = DOC_RECORD;

describe('demo server', () => {
	const server = serveDemoPerFile();

	describe('authentication', () => {
		it.each([
			['missing', null],
			['wrong', 'nope'],
		])('rejects a %s token with 401 and WWW-Authenticate', async (_name, token) => {
			const response = await demoFetch(server(), JOBS, {token});
			expect(response.status).toBe(401);
			expect(response.headers.get('www-authenticate')).toBe('Token');
			expect(response.headers.get('content-type')).toBe('application/json');
			expect(await response.json()).toEqual({detail: 'Invalid token.'});
		});

		it('rejects the Bearer scheme even with the right token', async () => {
			const response = await demoFetch(server(), JOBS, {headers: {Authorization: `Bearer ${DEMO_TOKEN}`}});
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({detail: 'Invalid token.'});
		});

		it('rejects a malformed header: no key, or extra words', async () => {
			for (const header of ['Token', `Token ${DEMO_TOKEN} extra`, DEMO_TOKEN]) {
				const response = await demoFetch(server(), JOBS, {headers: {Authorization: header}});
				expect(response.status).toBe(401);
			}
		});

		it('accepts the keyword in any case, like DRF', async () => {
			const response = await demoFetch(server(), JOBS, {headers: {Authorization: `token ${DEMO_TOKEN}`}});
			expect(response.status).toBe(200);
		});

		it('can revoke and replace tokens at runtime', async () => {
			const s = server();
			s.setTokens(['fresh-token']);
			try {
				expect((await demoFetch(s, JOBS, {token: DEMO_TOKEN})).status).toBe(401);
				expect((await demoFetch(s, JOBS, {token: 'fresh-token'})).status).toBe(200);
				expect(s.token).toBe('fresh-token');
			} finally {
				s.setTokens([DEMO_TOKEN]);
			}
			expect((await demoFetch(s, JOBS)).status).toBe(200);
		});

		it('authenticates before checking the method', async () => {
			const response = await demoFetch(server(), JOBS, {method: 'POST', token: null});
			expect(response.status).toBe(401);
		});
	});

	describe('routing', () => {
		it('answers 405 with DRF wording for other methods', async () => {
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
				const response = await demoFetch(server(), `${JOBS}42/records/`, {method});
				expect(response.status).toBe(405);
				expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
				expect(await response.json()).toEqual({detail: `Method "${method}" not allowed.`});
			}
		});

		it('answers HEAD like GET without a body', async () => {
			const response = await demoFetch(server(), `${JOBS}42/`, {method: 'HEAD'});
			expect(response.status).toBe(200);
			expect(await response.text()).toBe('');
		});

		it('answers OPTIONS with DRF metadata and HEAD on a download without streaming it', async () => {
			const options = await demoJson(server(), `${JOBS}42/records/`, {method: 'OPTIONS'});
			expect(options.status).toBe(200);
			expect(options.body.renders).toContain('application/json');
			const head = await demoFetch(server(), `${JOBS}7001/download/`, {method: 'HEAD'});
			expect(head.status).toBe(200);
			expect(head.headers.get('content-disposition')).toMatch(
				/^attachment; filename="email_validation_[0-9a-f]{8}\.csv"$/,
			);
			expect(await head.text()).toBe('');
		});

		it('answers a non-integer job id or an unknown path with a Django HTML 404', async () => {
			for (const path of [`${JOBS}abc/`, `${JOBS}-1/`, `${JOBS}42/nope/`, 'email-validation/', 'nope/', '../../../']) {
				const response = await demoFetch(server(), path);
				expect(response.status, path).toBe(404);
				expect(response.headers.get('content-type')).toMatch(/^text\/html/);
				expect(await response.text()).toContain('<h1>Not Found</h1>');
			}
		});

		it('redirects a known route without its trailing slash (APPEND_SLASH)', async () => {
			const response = await demoFetch(server(), `${JOBS}42?x=1`, {redirect: 'manual'});
			expect(response.status).toBe(301);
			expect(response.headers.get('location')).toBe(`${server().baseUrl}${JOBS}42/?x=1`);
		});

		it('hides unknown jobs and other users’ jobs behind the same 404', async () => {
			for (const id of [99, 123456, 0]) {
				for (const suffix of ['', 'records/', 'download/']) {
					const {status, body} = await demoJson(server(), `${JOBS}${id}/${suffix}`);
					expect(status).toBe(404);
					expect(body).toEqual({detail: 'Not found.'});
				}
			}
		});
	});

	describe('List Jobs', () => {
		it('lists the 17 demo jobs, newest first, with every status', async () => {
			const {status, headers, body} = await demoJson(server(), JOBS);
			expect(status).toBe(200);
			expect(headers.get('content-type')).toBe('application/json');
			expect(body).toMatchObject({count: 17, total_pages: 1, current_page: 1, next: null, previous: null});
			const jobs = body.results as Job[];
			expect(jobs).toHaveLength(17);
			const created = jobs.map(job => Date.parse(job.created_at));
			expect(created).toEqual([...created].sort((a, b) => b - a));
			expect(new Set(jobs.map(job => job.status))).toEqual(new Set(['Uploading', 'Processing', 'Processed', 'Failed']));
			expect(jobs.map(job => job.id)).not.toContain(99);
			expect(jobs.find(job => job.id === 42)).toEqual(DOC_JOB_42);
			for (const job of jobs) {
				expect(job).not.toHaveProperty('records');
			}
		});

		it('paginates at page_size=5 with links', async () => {
			const s = server();
			const first = await demoJson(s, `${JOBS}?page_size=5`);
			expect(first.body).toMatchObject({count: 17, total_pages: 4, current_page: 1, previous: null});
			expect(first.body.next).toBe(`${s.baseUrl}${JOBS}?page=2&page_size=5`);
			const last = await demoJson(s, `${JOBS}?page_size=5&page=4`);
			expect(last.body.results).toHaveLength(2);
			expect(last.body.next).toBeNull();
			expect(last.body.previous).toBe(`${s.baseUrl}${JOBS}?page=3&page_size=5`);
			const ids = [];
			for (let page = 1; page <= 4; page++) {
				ids.push(...(await demoJson(s, `${JOBS}?page_size=5&page=${page}`)).body.results.map((job: Job) => job.id));
			}
			expect(ids).toEqual((await demoJson(s, JOBS)).body.results.map((job: Job) => job.id));
		});

		it('filters by status and rejects unknown filters', async () => {
			const s = server();
			let total = 0;
			for (const status of ['Uploading', 'Processing', 'Processed', 'Failed']) {
				const {body} = await demoJson(s, `${JOBS}?status=${status}`);
				expect(body.count).toBeGreaterThan(0);
				expect(body.results.every((job: Job) => job.status === status)).toBe(true);
				total += body.count;
			}
			expect(total).toBe(17);
			expect((await demoJson(s, `${JOBS}?status=All`)).body.count).toBe(17);
			for (const bad of ['processed', 'Valid', 'x']) {
				const {status, body} = await demoJson(s, `${JOBS}?status=${bad}`);
				expect(status).toBe(400);
				expect(body).toEqual({error: 'Invalid status filter.'});
			}
		});

		it('caps page_size at 100 and falls back to 20 for nonsense', async () => {
			const s = server();
			expect((await demoJson(s, `${JOBS}?page_size=1000`)).body.results).toHaveLength(17);
			expect((await demoJson(s, `${JOBS}?page_size=x`)).body.total_pages).toBe(1);
			expect((await demoJson(s, `${JOBS}?page_size=1`)).body.total_pages).toBe(17);
			expect((await demoJson(s, `${JOBS}?page=2`)).status).toBe(404);
		});
	});

	describe('Job Status', () => {
		it('serves job 42 exactly as documented, with the first 100 records', async () => {
			const response = await demoFetch(server(), `${JOBS}42/`);
			expect(response.status).toBe(200);
			const text = await response.text();
			// A Python float on the wire, not an integer.
			expect(text).toContain('"total_credits_charged":178.0,');
			const body = JSON.parse(text);
			const {records, ...job} = body;
			expect(job).toEqual(DOC_JOB_42);
			expect(Object.keys(body)).toEqual([...Object.keys(DOC_JOB_42), 'records']);
			expect(records).toHaveLength(100);
			expect(records[0]).toEqual(DOC_RECORD_9881);
			expect(Object.keys(records[0])).toEqual(Object.keys(DOC_RECORD_9881));
			expect(records.map((r: JobRecord) => r.id)).toEqual(Array.from({length: 100}, (_, i) => 9881 + i));
		});

		it('shows Uploading, Failed and empty jobs with consistent fields', async () => {
			const s = server();
			const uploading = (await demoJson(s, `${JOBS}45/`)).body;
			expect(uploading).toMatchObject({status: 'Uploading', started_at: null, completed_at: null, duration: null});
			expect(uploading.results_summary).toBe(`0/${uploading.total_records}`);
			expect(uploading.total_credits_charged).toBe(uploading.total_records);
			expect(uploading.records.every((r: JobRecord) => r.status === 'Pending' && r.processed_at === null)).toBe(true);
			const failed = (await demoJson(s, `${JOBS}41/`)).body;
			expect(failed.status).toBe('Failed');
			expect(failed.total_credits_charged).toBe(0);
			expect(failed.completed_at).not.toBeNull();
			const empty = (await demoJson(s, `${JOBS}43/`)).body;
			expect(empty).toMatchObject({status: 'Processed', total_records: 0, results_summary: '0/0', records: []});
		});
	});

	describe('Job Records', () => {
		it('serves page 1 of job 42 like the documentation', async () => {
			const s = server();
			const {status, headers, body} = await demoJson<RecordsPage>(s, RECORDS_42);
			expect(status).toBe(200);
			expect(headers.get('content-type')).toBe('application/json');
			expect(body).toMatchObject({count: 250, total_pages: 3, current_page: 1, previous: null});
			expect(body.next).toBe(`${s.baseUrl}${RECORDS_42}?page=2`);
			expect(body.results).toHaveLength(100);
			expect(body.results[0]).toEqual(DOC_RECORD_9881);
		});

		it('has exactly 178 Valid, 49 Invalid, 23 Unknown, interleaved', async () => {
			const s = server();
			const counts: Record<string, number> = {};
			for (const status of ['Valid', 'Invalid', 'Unknown', 'Pending', 'Error']) {
				const {body} = await demoJson(s, `${RECORDS_42}?status=${status}&page_size=1000`);
				counts[status] = body.count;
				expect(body.results.every((r: JobRecord) => r.status === status)).toBe(true);
			}
			expect(counts).toEqual({Valid: 178, Invalid: 49, Unknown: 23, Pending: 0, Error: 0});
			const all = (await demoJson<RecordsPage>(s, `${RECORDS_42}?page_size=1000`)).body.results;
			expect(all.map(r => r.id)).toEqual(Array.from({length: 250}, (_, i) => 9881 + i));
			let longestRun = 0;
			let run = 0;
			for (let i = 0; i < all.length; i++) {
				run = i > 0 && all[i]?.status === all[i - 1]?.status ? run + 1 : 1;
				longestRun = Math.max(longestRun, run);
			}
			expect(longestRun).toBeLessThan(20);
			expect(new Set(all.slice(0, 30).map(r => r.status)).size).toBe(3);
			expect(new Set(all.map(r => r.email)).size).toBe(250);
		});

		it('treats status=All and an empty status as no filter; anything else is a 400', async () => {
			const s = server();
			expect((await demoJson(s, `${RECORDS_42}?status=All`)).body.count).toBe(250);
			expect((await demoJson(s, `${RECORDS_42}?status=`)).body.count).toBe(250);
			for (const bad of ['valid', 'VALID', 'Catch-All', 'Valid,Invalid']) {
				const {status, body} = await demoJson(s, `${RECORDS_42}?status=${encodeURIComponent(bad)}`);
				expect(status).toBe(400);
				expect(body).toEqual({error: 'Invalid status filter.'});
			}
		});

		it('serves the last partial page and refuses pages past the end', async () => {
			const s = server();
			const last = await demoJson(s, `${RECORDS_42}?page=3`);
			expect(last.body).toMatchObject({count: 250, total_pages: 3, current_page: 3, next: null});
			expect(last.body.results).toHaveLength(50);
			expect(last.body.previous).toBe(`${s.baseUrl}${RECORDS_42}?page=2`);
			expect(last.body.results[49].id).toBe(9881 + 249);
			for (const page of ['4', '0', '-1', 'abc', '', '1.5', '2e1', '99999999999999999999']) {
				const {status, body} = await demoJson(s, `${RECORDS_42}?page=${page}`);
				expect(status, `page=${page}`).toBe(404);
				expect(body).toEqual({detail: 'Invalid page.'});
			}
		});

		it('accepts page=last and Python-style integers', async () => {
			const s = server();
			expect((await demoJson(s, `${RECORDS_42}?page=last`)).body.current_page).toBe(3);
			expect((await demoJson(s, `${RECORDS_42}?page=%202%20`)).body.current_page).toBe(2);
			expect((await demoJson(s, `${RECORDS_42}?page=%2B2`)).body.current_page).toBe(2);
			const viaLast = await demoJson(s, `${RECORDS_42}?page=last&page_size=50`);
			expect(viaLast.body.current_page).toBe(5);
			expect(viaLast.body.previous).toBe(`${s.baseUrl}${RECORDS_42}?page=4&page_size=50`);
		});

		it('handles an exact multiple of the page size', async () => {
			const s = server();
			const {body} = await demoJson(s, `${RECORDS_42}?page_size=50&page=5`);
			expect(body).toMatchObject({count: 250, total_pages: 5, current_page: 5, next: null});
			expect(body.results).toHaveLength(50);
			expect((await demoJson(s, `${RECORDS_42}?page_size=50&page=6`)).status).toBe(404);
		});

		it('applies DRF page_size rules: 1, 1000, capped above, default for nonsense', async () => {
			const s = server();
			const one = (await demoJson(s, `${RECORDS_42}?page_size=1`)).body;
			expect(one).toMatchObject({count: 250, total_pages: 250});
			expect(one.results).toHaveLength(1);
			const thousand = (await demoJson(s, `${JOBS}7001/records/?page_size=1000`)).body;
			expect(thousand.results).toHaveLength(1000);
			expect(thousand.total_pages).toBe(120);
			const capped = (await demoJson(s, `${JOBS}7001/records/?page_size=1001`)).body;
			expect(capped.results).toHaveLength(1000);
			expect(capped.total_pages).toBe(120);
			expect(capped.next).toBe(`${s.baseUrl}${JOBS}7001/records/?page=2&page_size=1001`);
			for (const size of ['x', '0', '-5', '', '1.5']) {
				const {body} = await demoJson(s, `${RECORDS_42}?page_size=${size}`);
				expect(body.results, `page_size=${size}`).toHaveLength(100);
				expect(body.total_pages).toBe(3);
			}
		});

		it('builds links like DRF: params kept and sorted, page dropped for page 1, Host header used', async () => {
			const s = server();
			const {body} = await demoJson(s, `${RECORDS_42}?status=Valid&page=2&page_size=20&zeta=a+b&alpha=%26`);
			const base = `${s.baseUrl}${RECORDS_42}`;
			expect(body.next).toBe(`${base}?alpha=%26&page=3&page_size=20&status=Valid&zeta=a+b`);
			expect(body.previous).toBe(`${base}?alpha=%26&page_size=20&status=Valid&zeta=a+b`);
			const bare = await demoJson(s, `${RECORDS_42}?page=2`);
			expect(bare.body.previous).toBe(base);
			// fetch() will not send a custom Host header; node:http will.
			const viaHost = await rawGet(`${s.baseUrl}${RECORDS_42}?page=2`, {
				Host: 'api.example.test:8080',
				Authorization: `Token ${s.token}`,
			});
			expect(JSON.parse(viaHost.body).next).toBe(`http://api.example.test:8080/backend/api/v1/${RECORDS_42}?page=3`);
		});

		it('serves an empty job as one empty page', async () => {
			const s = server();
			for (const query of ['', '?status=Valid', '?page=1', '?page=last']) {
				const {status, body} = await demoJson(s, `${JOBS}43/records/${query}`);
				expect(status).toBe(200);
				expect(body).toEqual({count: 0, total_pages: 1, current_page: 1, next: null, previous: null, results: []});
			}
			expect((await demoJson(s, `${JOBS}43/records/?page=2`)).status).toBe(404);
		});
	});

	describe('the big job', () => {
		it('has 120,000 records whose status counts sum to the total in the documented mix', async () => {
			const s = server();
			const counts: Record<string, number> = {};
			for (const status of ['Pending', 'Valid', 'Invalid', 'Unknown', 'Error']) {
				counts[status] = (await demoJson(s, `${JOBS}7001/records/?status=${status}&page_size=1`)).body.count;
			}
			const total = Object.values(counts).reduce((a, b) => a + b, 0);
			expect(total).toBe(120_000);
			expect((await demoJson(s, `${JOBS}7001/records/?page_size=1`)).body.count).toBe(120_000);
			const share = (status: string) => (counts[status] as number) / total;
			expect(share('Valid')).toBeCloseTo(0.7, 1);
			expect(share('Invalid')).toBeCloseTo(0.15, 1);
			expect(share('Unknown')).toBeGreaterThan(0.04);
			expect(share('Error')).toBeGreaterThan(0.03);
			expect(share('Pending')).toBeGreaterThan(0.02);
			const job = (await demoJson(s, `${JOBS}7001/`)).body;
			expect(job).toMatchObject({
				status: 'Processed',
				total_records: 120_000,
				valid_count: counts['Valid'],
				invalid_count: counts['Invalid'],
				unknown_count: counts['Unknown'],
				results_summary: `${120_000 - (counts['Pending'] as number)}/120000`,
			});
		});

		it('generates realistic, varied records', async () => {
			const s = server();
			const page = (await demoJson<RecordsPage>(s, `${JOBS}7001/records/?page=17&page_size=1000`)).body.results;
			expect(page[0]?.id).toBe(page[999]!.id - 999);
			const validators = new Map<string | null, number>();
			for (const r of page) {
				validators.set(r.validator_used, (validators.get(r.validator_used) ?? 0) + 1);
			}
			const zb = validators.get('ZeroBounce') ?? 0;
			const rb = validators.get('RevenueBase') ?? 0;
			const smtp = validators.get('SMTP') ?? 0;
			expect(zb).toBeGreaterThan(rb);
			expect(rb).toBeGreaterThan(smtp);
			expect(smtp).toBeGreaterThan(0);
			const done = page.filter(r => r.validator_used !== null);
			const cached = done.filter(r => r.is_cached).length / done.length;
			expect(cached).toBeGreaterThan(0.12);
			expect(cached).toBeLessThan(0.28);
			expect(page.some(r => r.ec_id === null)).toBe(true);
			expect(page.some(r => /^CRM-\d{6}$/.test(r.ec_id ?? ''))).toBe(true);
			const domains = new Set(page.map(r => r.email.split('@')[1]));
			expect(domains.size).toBeGreaterThan(30);
			expect(new Set(page.map(r => r.email)).size).toBe(1000);
			for (const r of page) {
				expect(r.email).toMatch(/^[^@\s]+@[a-z0-9.-]+\.[a-z]+$/i);
				if (r.status === 'Pending') {
					expect(r).toMatchObject({validator_used: null, processed_at: null, error_message: null});
				} else {
					expect(r.processed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
				}
				if (r.status === 'Error') {
					expect(r.validator_used).toBeNull();
					expect(r.error_message).toBeTruthy();
				} else {
					expect(r.error_message).toBeNull();
				}
			}
		});

		it('has varied error messages of which a few dominate', async () => {
			const s = server();
			const messages = new Map<string, number>();
			let next: string | null = `${JOBS}7001/records/?status=Error&page_size=1000`;
			while (next) {
				const response: Response = await demoFetch(s, next);
				const body = (await response.json()) as RecordsPage;
				for (const r of body.results) {
					messages.set(r.error_message as string, (messages.get(r.error_message as string) ?? 0) + 1);
				}
				next = body.next;
			}
			expect(messages.size).toBeGreaterThanOrEqual(8);
			const sorted = [...messages.values()].sort((a, b) => b - a);
			const total = sorted.reduce((a, b) => a + b, 0);
			expect(((sorted[0] ?? 0) + (sorted[1] ?? 0)) / total).toBeGreaterThan(0.3);
			expect(messages.has('ZeroBounce API timeout after 30s')).toBe(true);
			expect(messages.has('Batch HTTP 502 from RevenueBase')).toBe(true);
			expect([...messages.keys()].some(m => /^SMTP connection refused by [\w.-]+:25$/.test(m))).toBe(true);
		});

		it('pages through a filter in id order without gaps or repeats', async () => {
			const s = server();
			const ids: number[] = [];
			for (let page = 1; page <= 3; page++) {
				const {body} = await demoJson<RecordsPage>(s, `${JOBS}7001/records/?status=Unknown&page_size=500&page=${page}`);
				ids.push(...body.results.map(r => r.id));
			}
			expect(ids).toEqual([...ids].sort((a, b) => a - b));
			expect(new Set(ids).size).toBe(1500);
			const again = (await demoJson<RecordsPage>(s, `${JOBS}7001/records/?status=Unknown&page_size=500&page=2`)).body;
			expect(again.results.map(r => r.id)).toEqual(ids.slice(500, 1000));
		});
	});

	describe('the hostile job', () => {
		it('carries every hostile payload in email, ec_id and error_message', async () => {
			const s = server();
			const job = (await demoJson(s, `${JOBS}666/`)).body;
			expect(job.list_name).toContain('\u001b');
			expect(job.list_name).toContain('\u0007');
			const records = (await demoJson<RecordsPage>(s, `${JOBS}666/records/?page_size=1000`)).body.results;
			expect(records).toHaveLength(job.total_records);
			for (const payload of HOSTILE_PAYLOADS) {
				// Lone surrogates survive too: JSON.stringify escapes them as \udXXX and JSON.parse restores them.
				const expected = payload.text;
				expect(
					records.some(r => r.email === expected || r.email === `${expected}@hostile.example`),
					payload.name,
				).toBe(true);
				expect(
					records.some(r => r.ec_id === expected),
					payload.name,
				).toBe(true);
				expect(
					records.some(r => r.error_message === expected),
					payload.name,
				).toBe(true);
			}
		});

		it('includes all-null records, 10,000-character and multi-line messages, wide characters', async () => {
			const s = server();
			const records = (await demoJson<RecordsPage>(s, `${JOBS}666/records/?page_size=1000`)).body.results;
			expect(
				records.some(
					r => r.ec_id === null && r.validator_used === null && r.error_message === null && r.processed_at === null,
				),
			).toBe(true);
			expect(records.some(r => (r.error_message ?? '').length === 10_000)).toBe(true);
			expect(records.some(r => (r.error_message ?? '').split('\n').length > 5)).toBe(true);
			expect(records.some(r => /[\u3000-\u9fff\uff00-\uffef]/.test(r.email))).toBe(true);
			expect(records.some(r => /\p{Extended_Pictographic}/u.test(r.email))).toBe(true);
		});

		it('keeps its status filters consistent with its counts', async () => {
			const s = server();
			const job = (await demoJson(s, `${JOBS}666/`)).body;
			expect((await demoJson(s, `${JOBS}666/records/?status=Valid`)).body.count).toBe(job.valid_count);
			expect((await demoJson(s, `${JOBS}666/records/?status=Invalid`)).body.count).toBe(job.invalid_count);
			expect((await demoJson(s, `${JOBS}666/records/?status=Unknown`)).body.count).toBe(job.unknown_count);
		});
	});

	describe('Download Results', () => {
		it('streams job 42 as CSV with the documented columns and file name', async () => {
			const response = await demoFetch(server(), `${JOBS}42/download/?format=csv`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
			expect(response.headers.get('content-disposition')).toBe('attachment; filename="email_validation_f8a1c3e5.csv"');
			const lines = (await response.text()).split('\r\n');
			expect(lines[0]).toBe('Email,Status,Validator,Cached,Processed At');
			expect(lines[1]).toBe('jane@acme.com,Valid,ZeroBounce,False,2026-05-06T11:42:31.412Z');
			expect(lines).toHaveLength(252);
			expect(lines[251]).toBe('');
		});

		it('defaults to CSV', async () => {
			const response = await demoFetch(server(), `${JOBS}42/download/`);
			expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
			await response.text();
		});

		it('serves JSON as the full record list, equal to the paged records', async () => {
			const s = server();
			const response = await demoFetch(s, `${JOBS}42/download/?format=json`);
			expect(response.headers.get('content-type')).toBe('application/json');
			const all = (await response.json()) as JobRecord[];
			const paged = (await demoJson<RecordsPage>(s, `${RECORDS_42}?page_size=1000`)).body.results;
			expect(all).toEqual(paged);
		});

		it('quotes hostile CSV fields', async () => {
			const text = await (await demoFetch(server(), `${JOBS}666/download/`)).text();
			expect(text).toContain('"line one\nline two\r\nline three"');
			const job = (await demoJson(server(), `${JOBS}666/`)).body;
			// Rows = header + records; quoted newlines are inside fields, so count rows with a tiny parser.
			let rows = 0;
			let quoted = false;
			for (let i = 0; i < text.length; i++) {
				const c = text[i];
				if (c === '"') {
					quoted = !quoted;
				} else if (c === '\n' && !quoted && text[i - 1] === '\r') {
					rows++;
				}
			}
			expect(rows).toBe(job.total_records + 1);
		});

		it('refuses jobs that are not Processed and hides unknown ones', async () => {
			const s = server();
			for (const id of [44, 45, 41]) {
				const {status, body} = await demoJson(s, `${JOBS}${id}/download/?format=json`);
				expect(status).toBe(400);
				expect(body).toEqual({error: 'Job is not yet complete.'});
			}
			expect((await demoJson(s, `${JOBS}99/download/`)).status).toBe(404);
			expect((await demoJson(s, `${JOBS}42/download/`, {token: 'bad'})).status).toBe(401);
		});

		it('streams the whole big job', async () => {
			const response = await demoFetch(server(), `${JOBS}7001/download/?format=csv`);
			expect(response.headers.get('transfer-encoding')).toBe('chunked');
			const reader = response.body!.getReader();
			let newlines = 0;
			for (;;) {
				const {done, value} = await reader.read();
				if (done) {
					break;
				}
				for (const byte of value) {
					if (byte === 10) {
						newlines++;
					}
				}
			}
			expect(newlines).toBe(120_001);
		});
	});

	describe('stats', () => {
		it('records each request and can be reset', async () => {
			const s = server();
			s.resetStats();
			expect(s.requests).toHaveLength(0);
			await demoJson(s, `${RECORDS_42}?page=2&status=Valid`);
			await demoJson(s, `${JOBS}?status=nope`);
			const at = {arrivedAt: expect.any(Number), completedAt: expect.any(Number), bodyBytes: 0};
			expect(s.requests).toEqual([
				{method: 'GET', path: `/backend/api/v1/${RECORDS_42}`, query: {page: '2', status: 'Valid'}, status: 200, ...at},
				{method: 'GET', path: `/backend/api/v1/${JOBS}`, query: {status: 'nope'}, status: 400, ...at},
			]);
			s.resetStats();
			expect(s.requests).toHaveLength(0);
		});

		it('never records the token', async () => {
			const s = server();
			s.resetStats();
			await demoJson(s, JOBS);
			expect(JSON.stringify(s.requests)).not.toContain(s.token);
		});
	});
});

describe('setJobSize', () => {
	const server = serveDemoPerFile();

	it('shrinks and grows a job: counts, pages and "page past the end" follow', async () => {
		const s = server();
		s.setJobSize(42, 120);
		const job = (await demoJson(s, `${JOBS}42/`)).body;
		expect(job.total_records).toBe(120);
		expect(job.valid_count + job.invalid_count + job.unknown_count).toBe(120);
		expect(job.results_summary).toBe('120/120');
		const page2 = (await demoJson(s, `${RECORDS_42}?page=2`)).body;
		expect(page2.results).toHaveLength(20);
		expect(page2.next).toBeNull();
		expect((await demoJson(s, `${RECORDS_42}?page=3`)).body).toEqual({detail: 'Invalid page.'});

		s.setJobSize(42, 0);
		expect((await demoJson(s, RECORDS_42)).body).toMatchObject({count: 0, total_pages: 1, results: []});

		s.setJobSize(42, 1000);
		const grown = (await demoJson<RecordsPage>(s, `${RECORDS_42}?page=10`)).body;
		expect(grown.count).toBe(1000);
		expect(grown.results.at(-1)?.id).toBe(9881 + 999);

		s.setJobSize(42, 250);
		expect((await demoJson(s, `${JOBS}42/`)).body).toMatchObject(DOC_JOB_42);
	});

	it('throws for a job the demo does not have', () => {
		expect(() => server().setJobSize(5, 10)).toThrow(RangeError);
	});
});

describe('the Processing job', () => {
	it('advances with the injected clock until it is Processed', async () => {
		let now = Date.parse('2026-11-26T10:00:00.000Z');
		await withDemoServer({now: () => now, processingDurationMs: 60_000}, async s => {
			const at0 = (await demoJson(s, `${JOBS}44/`)).body;
			expect(at0).toMatchObject({status: 'Processing', total_records: 1500, results_summary: '0/1500', valid_count: 0});
			expect(at0.started_at).toBe('2026-11-26T10:00:00.000Z');
			expect(at0.completed_at).toBeNull();
			expect((await demoJson(s, `${JOBS}44/records/?status=Pending`)).body.count).toBe(1500);

			now += 24_480; // 40.8% of the run: floor(24480 * 1500 / 60000) = 612
			const mid = (await demoJson(s, `${JOBS}44/`)).body;
			expect(mid.status).toBe('Processing');
			expect(mid.results_summary).toBe('612/1500');
			expect(mid.duration).toBe('0m 24s');
			const pending = (await demoJson(s, `${JOBS}44/records/?status=Pending&page_size=1`)).body.count;
			let done = 0;
			for (const status of ['Valid', 'Invalid', 'Unknown', 'Error']) {
				done += (await demoJson(s, `${JOBS}44/records/?status=${status}&page_size=1`)).body.count;
			}
			expect(done).toBe(612);
			expect(pending).toBe(1500 - 612);
			expect(mid.valid_count + mid.invalid_count + mid.unknown_count).toBeLessThanOrEqual(612);
			const records = (await demoJson<RecordsPage>(s, `${JOBS}44/records/?page=7&page_size=100`)).body.results;
			// Records 600..699: the first 12 are done, the rest still Pending.
			expect(records.slice(0, 12).every(r => r.status !== 'Pending' && r.processed_at !== null)).toBe(true);
			expect(records.slice(12).every(r => r.status === 'Pending' && r.processed_at === null)).toBe(true);
			for (const r of records.slice(0, 12)) {
				expect(Date.parse(r.processed_at as string)).toBeLessThanOrEqual(now);
			}
			expect((await demoJson(s, `${JOBS}?status=Processing`)).body.results.map((job: Job) => job.id)).toEqual([44]);
			expect((await demoJson(s, `${JOBS}44/download/`)).status).toBe(400);

			now += 60_000;
			const end = (await demoJson(s, `${JOBS}44/`)).body;
			expect(end).toMatchObject({
				status: 'Processed',
				results_summary: '1500/1500',
				completed_at: '2026-11-26T10:01:00.000Z',
			});
			expect(end.duration).toBe('1m 0s');
			expect((await demoJson(s, `${JOBS}44/records/?status=Pending`)).body.count).toBe(0);
			expect(end.total_credits_charged).toBe(end.valid_count);
			const csv = await (await demoFetch(s, `${JOBS}44/download/`)).text();
			expect(csv.split('\r\n')).toHaveLength(1502);
		});
	});
});
