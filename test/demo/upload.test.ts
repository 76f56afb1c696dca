// Upload Emails (upload-emails.md, credit-costs.md, error-codes.md): the body as DRF reads it, and the
// endpoint over real loopback HTTP: normalisation, the wallet, 402, and the new job's life.

import {describe, expect, it} from 'vitest';
import {DEMO_TOKEN, startDemoServer, type DemoServer, type DemoServerOptions} from '../../source/demo/server.js';
import {csvRows, readUpload} from '../../source/demo/upload.js';
import {isDjangoEmail} from '../../source/text/email.js';
import {demoFetch, demoJson, withDemoServer} from '../helpers/server.js';

const UPLOAD = 'email-validation/jobs/upload/';
const JOBS = 'email-validation/jobs/';
const PROVIDE_EITHER = {error: "Provide either a 'csv_file' upload or an 'emails' list."};

const json = (value: unknown) => readUpload('application/json', Buffer.from(JSON.stringify(value)));

function multipart(
	parts: Array<{name: string; filename?: string; content: string}>,
	boundary = 'XyZ',
): {type: string; body: Buffer} {
	let body = '';
	for (const part of parts) {
		const file = part.filename === undefined ? '' : `; filename="${part.filename}"`;
		body += `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n`;
		body += part.filename === undefined ? '\r\n' : 'Content-Type: text/csv\r\n\r\n';
		body += `${part.content}\r\n`;
	}
	return {type: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${body}--${boundary}--\r\n`)};
}

describe('isDjangoEmail', () => {
	it.each([
		'john@acme.com',
		'Jane.Doe+news@sub.example.co.uk',
		"o'brien!#$%&*/=?^_`{|}~-@acme.io",
		'"john..doe"@example.com',
		'user@[192.0.2.1]',
		'user@[::1]',
		'user@localhost',
		'user@例え.jp',
		'user@xn--r8jz45g.jp',
	])('accepts %s', email => {
		expect(isDjangoEmail(email)).toBe(true);
	});

	it.each([
		'',
		'plain',
		'@acme.com',
		'john@',
		'john@acme',
		'john@acme.c',
		'john@-acme.com',
		'john@acme-.com',
		'john@acme..com',
		'john..doe@acme.com',
		'.john@acme.com',
		'john doe@acme.com',
		'"quoted user"@acme.com',
		'josé@acme.com',
		'john@acme.com\n',
		'a\u001b[31m@acme.com',
		'john@[999.1.1.1]',
		'john@acme.com-',
		`${'x'.repeat(312)}@acme.com`,
	])('rejects %j', email => {
		expect(isDjangoEmail(email)).toBe(false);
	});
});

describe('readUpload', () => {
	it('strips, lowercases and deduplicates after validation, keeping the first order', () => {
		const read = json({emails: ['  John@Acme.com ', 'jane@example.com', 'JOHN@acme.com', 'jane@example.com']});
		expect(read).toEqual({
			ok: true,
			emails: ['john@acme.com', 'jane@example.com'],
			listName: 'API Upload',
			sent: 4,
		});
		expect(json({emails: ['a@acme.com'], list_name: '  Q1 Leads  '})).toMatchObject({listName: 'Q1 Leads'});
	});

	it('rejects the whole request over any malformed address, naming every index', () => {
		const read = json({emails: ['ok@acme.com', 'bad', 'ok2@acme.com', 'also bad@acme.com', 'x@y']});
		expect(read).toEqual({
			ok: false,
			status: 400,
			sent: 5,
			body: {
				emails: {
					'1': ['Enter a valid email address.'],
					'3': ['Enter a valid email address.'],
					'4': ['Enter a valid email address.'],
				},
			},
		});
	});

	it('words each kind of bad entry as DRF does', () => {
		const read = json({emails: [null, true, '   ', 42, {a: 1}, 'a\u0000@acme.com', 'lone\ud800@acme.com']});
		expect(read.ok === false && read.body).toEqual({
			emails: {
				'0': ['This field may not be null.'],
				'1': ['Not a valid string.'],
				'2': ['This field may not be blank.'],
				'3': ['Enter a valid email address.'],
				'4': ['Not a valid string.'],
				'5': ['Null characters are not allowed.', 'Enter a valid email address.'],
				'6': ['Surrogate characters are not allowed: U+D800.', 'Enter a valid email address.'],
			},
		});
	});

	it.each<[string, unknown, unknown]>([
		['an empty list', {emails: []}, {emails: ['This list may not be empty.']}],
		['no emails', {list_name: 'x'}, PROVIDE_EITHER],
		['emails null', {emails: null}, {emails: ['This field may not be null.']}],
		['emails a string', {emails: 'a@acme.com'}, {emails: ['Expected a list of items but got type "str".']}],
		['emails an object', {emails: {a: 1}}, {emails: ['Expected a list of items but got type "dict".']}],
		['a list as the body', ['a@acme.com'], {non_field_errors: ['Invalid data. Expected a dictionary, but got list.']}],
		['a blank list name', {emails: ['a@acme.com'], list_name: ' '}, {list_name: ['This field may not be blank.']}],
		[
			'a long list name',
			{emails: ['a@acme.com'], list_name: 'x'.repeat(256)},
			{list_name: ['Ensure this field has no more than 255 characters.']},
		],
		[
			'both fields wrong',
			{emails: [], list_name: false},
			{list_name: ['Not a valid string.'], emails: ['This list may not be empty.']},
		],
	])('answers 400 for %s', (_name, value, body) => {
		expect(json(value)).toMatchObject({ok: false, status: 400, body});
	});

	it('answers 400 for a body that is not JSON, and 415 for a media type no parser takes', () => {
		const broken = readUpload('application/json', Buffer.from('{"emails": ['));
		expect(broken).toMatchObject({ok: false, status: 400});
		expect(broken.ok === false && (broken.body as {detail: string}).detail).toMatch(/^JSON parse error - /);
		expect(readUpload('text/plain', Buffer.from('a@acme.com'))).toEqual({
			ok: false,
			status: 415,
			body: {detail: 'Unsupported media type "text/plain" in request.'},
			sent: null,
		});
		expect(readUpload(undefined, Buffer.alloc(0))).toMatchObject({status: 400, body: PROVIDE_EITHER});
	});

	it('reads a CSV upload: the email column by any documented name, empty cells skipped, named after the file', () => {
		const csv = 'Name,E-Mail,Company\r\n"Doe, Jane",Jane@Example.com,ACME\r\nJohn,,ACME\r\nBob,"bob@acme.com",\r\n';
		const {type, body} = multipart([{name: 'csv_file', filename: 'leads.csv', content: csv}]);
		expect(readUpload(type, body)).toEqual({
			ok: true,
			emails: ['jane@example.com', 'bob@acme.com'],
			listName: 'leads.csv',
			sent: 2,
		});
		const named = multipart([
			{name: 'file', filename: 'x.CSV', content: 'email address\nme@acme.com'},
			{name: 'list_name', content: 'Retry'},
		]);
		expect(readUpload(named.type, named.body)).toMatchObject({ok: true, emails: ['me@acme.com'], listName: 'Retry'});
	});

	it('refuses files it cannot read with one sentence each', () => {
		const cases: Array<[string, string, RegExp]> = [
			['leads.xlsx', 'email\na@acme.com', /reads \.csv files only/],
			['leads.txt', 'email\na@acme.com', /Unsupported file type/],
			['leads.csv', 'name,phone\nJane,1', /No email column found/],
		];
		for (const [filename, content, message] of cases) {
			const {type, body} = multipart([{name: 'csv_file', filename, content}]);
			const read = readUpload(type, body);
			expect(read.ok === false && (read.body as {error: string}).error, filename).toMatch(message);
		}
		const bad = multipart([{name: 'csv_file', filename: 'a.csv', content: 'email\nnope'}]);
		expect(readUpload(bad.type, bad.body)).toMatchObject({
			status: 400,
			body: {emails: {'0': ['Enter a valid email address.']}},
		});
		expect(readUpload('multipart/form-data', Buffer.from('x'))).toMatchObject({
			status: 400,
			body: {detail: 'Multipart form parse error - Invalid boundary in multipart: None'},
		});
	});

	it('takes repeated form fields as the list', () => {
		const read = readUpload(
			'application/x-www-form-urlencoded',
			Buffer.from('emails=a%40acme.com&emails=B%40acme.com&list_name=Form'),
		);
		expect(read).toEqual({ok: true, emails: ['a@acme.com', 'b@acme.com'], listName: 'Form', sent: 2});
		expect(readUpload('application/x-www-form-urlencoded', Buffer.from('list_name=x'))).toMatchObject({
			body: PROVIDE_EITHER,
		});
	});

	it('parses CSV like Python’s csv module', () => {
		expect(csvRows('a,"b ""q"", c",\nd\r\n"e\nf",g')).toEqual([['a', 'b "q", c', ''], ['d'], ['e\nf', 'g']]);
	});
});

// ---------------------------------------------------------------------------------------------------
// Over HTTP

const START = Date.parse('2026-11-26T10:00:00.000Z');

function post(server: DemoServer, value: unknown, init: {token?: string | null} = {}) {
	return demoJson(server, UPLOAD, {
		method: 'POST',
		headers: {'Content-Type': 'application/json'},
		body: JSON.stringify(value),
		...init,
	});
}

/** A server whose data clock the test moves. */
async function withClock(
	options: DemoServerOptions,
	run: (server: DemoServer, clock: {now: number}) => Promise<void>,
): Promise<void> {
	const clock = {now: START};
	await withDemoServer({now: () => clock.now, uploadTiming: {queuedMs: 2000, processingMs: 10_000}, ...options}, s =>
		run(s, clock),
	);
}

describe('POST email-validation/jobs/upload/', () => {
	it('creates a job, answers 201 with its job_id, and logs one POST with its size and email count', async () => {
		await withClock({}, async s => {
			const body = {emails: ['John@Acme.com', 'jane@example.com', 'john@acme.com '], list_name: 'Q1 Leads'};
			const {status, headers, body: created} = await post(s, body);
			expect(status).toBe(201);
			expect(headers.get('allow')).toBe('POST, OPTIONS');
			expect(created).toEqual({
				job_id: 7002,
				uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
				list_name: 'Q1 Leads',
				status: 'Uploading',
				total_records: 2,
				total_credits_charged: 2,
				created_at: '2026-11-26T10:00:00.000Z',
			});
			const posts = s.requests.filter(entry => entry.method === 'POST');
			expect(posts).toHaveLength(1);
			expect(posts[0]).toMatchObject({
				path: `/backend/api/v1/${UPLOAD}`,
				status: 201,
				bodyBytes: Buffer.byteLength(JSON.stringify(body)),
				emailCount: 3,
				jobId: 7002,
			});
			expect(JSON.stringify(s.requests)).not.toContain(s.token);
			const second = await post(s, {emails: ['x@acme.com']});
			expect(second.body).toMatchObject({job_id: 7003, list_name: 'API Upload'});
		});
	});

	it('puts the new job first in List Jobs and takes it Uploading → Processing → Processed, records filling in', async () => {
		await withClock({}, async (s, clock) => {
			const emails = Array.from({length: 40}, (_, i) => `Person.${i}@Acme.com`);
			const {body} = await post(s, {emails, list_name: 'Retry errors'});
			const id = body.job_id as number;
			const list = (await demoJson(s, JOBS)).body;
			expect(list.count).toBe(18);
			expect(list.results[0]).toMatchObject({id, list_name: 'Retry errors', status: 'Uploading', total_records: 40});

			const queued = (await demoJson(s, `${JOBS}${id}/`)).body;
			expect(queued).toMatchObject({status: 'Uploading', started_at: null, duration: null, results_summary: '0/40'});
			expect(queued.records.map((r: {email: string}) => r.email)).toEqual(emails.map(e => e.toLowerCase()));
			expect(queued.records.every((r: {status: string}) => r.status === 'Pending')).toBe(true);
			expect(queued.records[0].id).toBe(1_000_001);

			clock.now = START + 2000 + 5000;
			const half = (await demoJson(s, `${JOBS}${id}/`)).body;
			expect(half).toMatchObject({
				status: 'Processing',
				started_at: '2026-11-26T10:00:02.000Z',
				results_summary: '20/40',
			});
			expect(half.total_credits_charged).toBe(40);
			expect((await demoJson(s, `${JOBS}${id}/records/?status=Pending`)).body.count).toBe(20);
			expect((await demoJson(s, `${JOBS}${id}/download/`)).status).toBe(400);

			clock.now = START + 12_000;
			const done = (await demoJson(s, `${JOBS}${id}/`)).body;
			expect(done).toMatchObject({
				status: 'Processed',
				results_summary: '40/40',
				completed_at: '2026-11-26T10:00:12.000Z',
				duration: '0m 10s',
			});
			// Charged upfront, refunded for everything not Valid: the net is the Valid count.
			expect(done.total_credits_charged).toBe(done.valid_count);
			const records = (await demoJson(s, `${JOBS}${id}/records/?page_size=1000`)).body.results;
			expect(new Set(records.map((r: {status: string}) => r.status)).size).toBeGreaterThan(1);
			expect(records.every((r: {status: string}) => r.status !== 'Pending')).toBe(true);
			const csv = await (await demoFetch(s, `${JOBS}${id}/download/`)).text();
			expect(csv.split('\r\n')).toHaveLength(42);
		});
	});

	it('charges upfront and refunds every non-Valid email when the job completes', async () => {
		await withClock({balance: 500}, async (s, clock) => {
			const emails = Array.from({length: 100}, (_, i) => `r${i}@globex.com`);
			const {body} = await post(s, {emails});
			expect(s.balance).toBe(400);
			clock.now = START + 11_999;
			expect(s.balance).toBe(400);
			clock.now = START + 12_000;
			const job = (await demoJson(s, `${JOBS}${body.job_id}/`)).body;
			expect(job.valid_count).toBeGreaterThan(40);
			expect(job.valid_count).toBeLessThan(90);
			expect(s.balance).toBe(500 - job.valid_count);
		});
	});

	it('answers 402 with needed and balance, charging nothing and creating nothing', async () => {
		await withClock({balance: 12}, async s => {
			const emails = Array.from({length: 50}, (_, i) => `n${i}@acme.com`);
			const {status, body} = await post(s, {emails});
			expect(status).toBe(402);
			expect(body).toEqual({
				error: 'Insufficient credits. You need 50 credits but have 12.',
				required: 50,
				balance: 12,
			});
			expect(s.balance).toBe(12);
			expect((await demoJson(s, JOBS)).body.count).toBe(17);
			expect(s.requests.find(entry => entry.method === 'POST')).toMatchObject({
				status: 402,
				emailCount: 50,
				jobId: null,
			});
			// The price is of the addresses after deduplication.
			s.setBalance(2);
			expect((await post(s, {emails: ['a@acme.com', 'A@acme.com', 'b@acme.com']})).status).toBe(201);
			expect(s.balance).toBe(0);
		});
	});

	it('answers 400 with per-index errors, charging nothing and creating nothing', async () => {
		await withClock({}, async s => {
			const {status, body} = await post(s, {emails: ['a@acme.com', 'b@acme.com', 'c', 'not an email']});
			expect(status).toBe(400);
			expect(body).toEqual({
				emails: {'2': ['Enter a valid email address.'], '3': ['Enter a valid email address.']},
			});
			expect(s.balance).toBe(100_000);
			expect((await demoJson(s, JOBS)).body.count).toBe(17);
			expect((await post(s, {emails: []})).body).toEqual({emails: ['This list may not be empty.']});
			expect((await post(s, {})).body).toEqual(PROVIDE_EITHER);
		});
	});

	it('takes the multipart CSV form', async () => {
		await withClock({}, async s => {
			const {type, body} = multipart([
				{name: 'csv_file', filename: 'retry.csv', content: 'Email\na@acme.com\nb@acme.com'},
			]);
			const response = await demoJson(s, UPLOAD, {
				method: 'POST',
				headers: {'Content-Type': type},
				body: new Uint8Array(body),
			});
			expect(response.status).toBe(201);
			expect(response.body).toMatchObject({list_name: 'retry.csv', total_records: 2});
		});
	});

	it('authenticates first, allows only POST, and redirects the path without its slash', async () => {
		await withClock({}, async s => {
			expect((await post(s, {emails: ['a@acme.com']}, {token: 'nope'})).status).toBe(401);
			expect((await post(s, {emails: ['a@acme.com']}, {token: null})).status).toBe(401);
			for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
				const response = await demoJson(s, UPLOAD, {method});
				expect(response.status).toBe(405);
				expect(response.headers.get('allow')).toBe('POST, OPTIONS');
				expect(response.body).toEqual({detail: `Method "${method}" not allowed.`});
			}
			const head = await demoFetch(s, UPLOAD, {method: 'HEAD'});
			expect(head.status).toBe(405);
			const options = await demoJson(s, UPLOAD, {method: 'OPTIONS'});
			expect(options.body.name).toBe('Upload Emails');
			const bare = await demoFetch(s, UPLOAD.slice(0, -1), {method: 'POST', redirect: 'manual', body: '{}'});
			expect(bare.status).toBe(301);
			expect(bare.headers.get('location')).toBe(`${s.baseUrl}${UPLOAD}`);
			const reading = await demoJson(s, `${JOBS}42/`, {method: 'POST'});
			expect(reading.status).toBe(405);
			expect(reading.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
			expect(s.balance).toBe(100_000);
		});
	});

	it('counts POSTs against the rate limit', async () => {
		await withClock({faults: {rateLimitPerSecond: 1}, clock: () => 0}, async s => {
			expect((await post(s, {emails: ['a@acme.com']})).status).toBe(201);
			const throttled = await post(s, {emails: ['b@acme.com']});
			expect(throttled.status).toBe(429);
			expect(throttled.headers.get('retry-after')).toBe('1');
			expect((await demoJson(s, JOBS)).status).toBe(429);
		});
	});

	it('answers 413 above the body limit, as a proxy in front would', async () => {
		await withClock({maxBodyBytes: 1000}, async s => {
			const emails = Array.from({length: 100}, (_, i) => `someone.${i}@acme.com`);
			const status = await post(s, {emails}).then(
				response => response.status,
				// The server answers before reading the rest; the client may see the 413 or a closed socket.
				() => 413,
			);
			expect(status).toBe(413);
			expect(s.requests.at(-1)).toMatchObject({method: 'POST', status: 413});
			expect(s.requests.at(-1)!.bodyBytes).toBeGreaterThan(1000);
			expect((await demoJson(s, JOBS)).body.count).toBe(17);
		});
	});

	it('fails before the API with failEvery (nothing created), after it with a malformed answer (job created)', async () => {
		await withClock({}, async s => {
			s.setFaults({failEvery: 1, failStatus: 502});
			expect((await demoFetch(s, UPLOAD, {method: 'POST', body: '{"emails":["a@acme.com"]}'})).status).toBe(502);
			expect(s.balance).toBe(100_000);
			s.setFaults({failEvery: 0, malformed: 'reset'});
			const lost = await demoFetch(s, UPLOAD, {
				method: 'POST',
				headers: {'Content-Type': 'application/json'},
				body: JSON.stringify({emails: ['a@acme.com'], list_name: 'Lost answer'}),
			})
				.then(async response => response.text())
				.catch((error: unknown) => error);
			expect(lost).toBeInstanceOf(Error);
			s.setFaults({malformed: null});
			const list = (await demoJson(s, JOBS)).body;
			expect(list.results[0]).toMatchObject({list_name: 'Lost answer'});
			expect(s.balance).toBe(99_999);
			expect(s.requests.filter(entry => entry.method === 'POST').map(entry => entry.jobId)).toEqual([undefined, 7002]);
		});
	});

	it('queues an upload for a second and processes it in five by default', async () => {
		const clock = {now: START};
		await withDemoServer({now: () => clock.now}, async s => {
			const {body} = await post(s, {emails: ['a@acme.com', 'b@acme.com']});
			const status = async (at: number) => {
				clock.now = START + at;
				return (await demoJson(s, `${JOBS}${body.job_id}/`)).body.status as string;
			};
			expect(await status(999)).toBe('Uploading');
			expect(await status(1000)).toBe('Processing');
			expect(await status(5999)).toBe('Processing');
			expect(await status(6000)).toBe('Processed');
		});
	});

	it('runs a job to Processed on the real clock quickly when told', async () => {
		const s = await startDemoServer({uploadTiming: {queuedMs: 30, processingMs: 120}});
		try {
			const {body} = await post(s, {emails: ['a@acme.com', 'b@acme.com', 'c@acme.com']});
			const seen: string[] = [];
			const deadline = Date.now() + 10_000;
			while (seen.at(-1) !== 'Processed' && Date.now() < deadline) {
				const job = (await demoJson(s, `${JOBS}${body.job_id}/`)).body;
				if (seen.at(-1) !== job.status) {
					seen.push(job.status);
				}
			}
			expect(seen.at(-1)).toBe('Processed');
			expect(seen.filter(status => !['Uploading', 'Processing', 'Processed'].includes(status))).toEqual([]);
		} finally {
			await s.close();
		}
	});

	it('starts the demo token with a generous wallet', async () => {
		await withDemoServer(undefined, async s => {
			expect(s.token).toBe(DEMO_TOKEN);
			expect(s.balance).toBe(100_000);
		});
	});
});
