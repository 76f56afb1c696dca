// Upload Emails against a tiny server on loopback that answers as each test says: the request as the
// doc gives it, one attempt whatever happens, and each answer a typed failure or the new job's id.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/client.js';
import {ApiError, InsufficientCreditsError, RejectedEmailsError, type ApiErrorKind} from '../../source/api/errors.js';
import {exitCodeFor} from '../../source/exit.js';
import {sanitize} from '../../source/text/sanitize.js';
import {rawText} from '../../source/text/untrusted.js';
import {startReplyServer, type Reply, type ReplyServer} from '../helpers/replyServer.js';

const TOKEN = 'upload-token-0123456789abcdef';
const EMAILS = ['John@Acme.com ', 'jane@example.com', 'not-an-email', 'jane@example.com'];
let reply: ReplyServer | undefined;

afterEach(async () => {
	await reply?.close();
	reply = undefined;
});

async function serve(answer: (index: number) => Reply | Promise<Reply>): Promise<ReplyServer> {
	reply = await startReplyServer((_request, index) => answer(index));
	return reply;
}

function client(server: ReplyServer, options: Partial<ClientOptions> = {}) {
	// A generous read policy, to show it plays no part in the upload.
	return createClient({
		baseUrl: server.baseUrl,
		token: TOKEN,
		retry: {limit: 5, backoffBaseMs: 1, maxTotalMs: 10_000},
		...options,
	});
}

async function failure(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ApiError);
		const apiError = error as ApiError;
		expect(apiError.kind, apiError.message).toBe(kind);
		expect(apiError.message).not.toMatch(/[\n\r\u001b]/);
		expect(JSON.stringify(apiError) + apiError.message).not.toContain(TOKEN);
		return apiError;
	}

	throw new Error('expected the upload to fail');
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
	status,
	headers,
	body: JSON.stringify(body),
});

describe('uploadEmails: the request', () => {
	it('POSTs the JSON option to email-validation/jobs/upload/ with the token, and returns the job id', async () => {
		const server = await serve(() => json(201, {job_id: 4}));
		const job = await client(server).uploadEmails({emails: EMAILS, list_name: 'Q1 Leads — Error retry'});
		expect(job).toEqual({job_id: 4});
		expect(server.requests).toHaveLength(1);
		const [request] = server.requests;
		expect(request?.method).toBe('POST');
		expect(request?.url).toBe('/backend/api/v1/email-validation/jobs/upload/');
		expect(request?.headers['authorization']).toBe(`Token ${TOKEN}`);
		expect(request?.headers['content-type']).toMatch(/^application\/json/);
		// Sent as given: the API strips, lowercases and deduplicates them itself.
		expect(JSON.parse(request!.body)).toEqual({emails: EMAILS, list_name: 'Q1 Leads — Error retry'});
	});

	it('leaves out list_name when none is given, and accepts fields beyond job_id', async () => {
		const server = await serve(() => json(201, {job_id: 77, status: 'Uploading', total_records: 3, uuid: 'x'}));
		expect(await client(server).uploadEmails({emails: ['a@b.co']})).toEqual({job_id: 77});
		expect(JSON.parse(server.requests[0]!.body)).toEqual({emails: ['a@b.co']});
	});

	it('sends nothing for an empty list, and nothing when already cancelled', async () => {
		const server = await serve(() => json(201, {job_id: 1}));
		await failure(client(server).uploadEmails({emails: []}), 'bad-request');
		await failure(client(server).uploadEmails({emails: ['a@b.co']}, {signal: AbortSignal.abort()}), 'aborted');
		expect(server.requests).toHaveLength(0);
	});
});

describe('uploadEmails: each answer, one attempt', () => {
	it('400 with per-index errors: which emails, in the API words, kept as data', async () => {
		const hostile = 'Enter a valid email address.\u001b]52;c;cm0g\u0007';
		const server = await serve(() =>
			json(400, {emails: {'2': ['Enter a valid email address.'], '0': [hostile, 'Second.'], '99': ['Not sent.']}}),
		);
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'rejected-emails');
		expect(error).toBeInstanceOf(RejectedEmailsError);
		const {rejected} = error as RejectedEmailsError;
		// In index order; an index the request did not have is not believed.
		expect(rejected.map(item => item.index)).toEqual([0, 2]);
		expect(rejected[1]?.messages.map(rawText)).toEqual(['Enter a valid email address.']);
		// The API's words are data, Untrusted as they came: only the sanitiser makes text of them.
		expect(rejected[0]?.messages.map(rawText)).toEqual([hostile, 'Second.']);
		expect(sanitize(rejected[0]!.messages[0]!)).not.toContain('\u001b');
		expect(error.message).toBe(
			'The API rejected 2 of the 4 emails as not valid addresses; nothing was uploaded or charged.',
		);
		expect(error.retryable).toBe(false);
		expect(exitCodeFor(error.kind)).toBe(1);
		expect(server.requests).toHaveLength(1);
	});

	it('400 in the older list form is read the same way', async () => {
		const server = await serve(() => json(400, {emails: [{}, {}, ['Enter a valid email address.'], {}]}));
		const error = (await failure(
			client(server).uploadEmails({emails: EMAILS}),
			'rejected-emails',
		)) as RejectedEmailsError;
		expect(error.rejected.map(({index, messages}) => [index, messages.map(rawText)])).toEqual([
			[2, ['Enter a valid email address.']],
		]);
	});

	it('400 about something else is a plain bad request with the server words', async () => {
		const server = await serve(() => json(400, {list_name: ['Ensure this field has no more than 255 characters.']}));
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'bad-request');
		expect(rawText(error.serverMessage!)).toBe('list_name: Ensure this field has no more than 255 characters.');
	});

	it('402: what it needs and what the wallet holds; nothing charged', async () => {
		const server = await serve(() =>
			json(402, {error: 'Insufficient credits. You need 50 credits but have 12.', required: 50, balance: 12}),
		);
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'insufficient-credits');
		expect(error).toBeInstanceOf(InsufficientCreditsError);
		expect((error as InsufficientCreditsError).required).toBe(50);
		expect((error as InsufficientCreditsError).balance).toBe(12);
		expect(error.message).toBe('Not enough credits: 50 needed, 12 in the wallet; nothing was charged.');
		expect(exitCodeFor(error.kind)).toBe(1);
		expect(server.requests).toHaveLength(1);
	});

	it('402 without readable numbers still says what happened', async () => {
		const server = await serve(() => json(402, {error: 'Insufficient credits.', required: 'fifty'}));
		const error = (await failure(
			client(server).uploadEmails({emails: EMAILS}),
			'insufficient-credits',
		)) as InsufficientCreditsError;
		expect(error.required).toBeUndefined();
		expect(error.message).toBe('Not enough credits (402 Insufficient credits.); nothing was charged.');
	});

	it('401 as for every request', async () => {
		const server = await serve(() => json(401, {detail: 'Invalid token.'}));
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'auth');
		expect(error.status).toBe(401);
		expect(exitCodeFor(error.kind)).toBe(4);
	});

	it('429 was refused before anything was done: rate-limited, and still not retried', async () => {
		const server = await serve(() => json(429, {detail: 'Request was throttled.'}, {'Retry-After': '1'}));
		await failure(client(server).uploadEmails({emails: EMAILS}), 'rate-limited');
		expect(server.requests).toHaveLength(1);
	});

	it.each([500, 502, 503, 504, 408, 303])('%i: never retried, and the outcome is unknown', async status => {
		const server = await serve(() => ({status, headers: {'Retry-After': '0', Location: '/x/'}, body: '<h1>x</h1>'}));
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'outcome-unknown');
		expect(error.status).toBe(status);
		expect(error.message).toMatch(
			/^The API answered \d{3}.* to the upload; it may or may not have created a job\. Look for it in the job list before sending again\.$/,
		);
		expect(error.retryable).toBe(false);
		expect(server.requests).toHaveLength(1);
	});

	it.each([
		['no job_id', {status: 'Uploading'}],
		['a job_id that is not a number', {job_id: '4'}],
		['a job_id of 0', {job_id: 0}],
	])('a 201 with %s: the job probably exists, so the outcome is unknown', async (_name, body) => {
		const server = await serve(() => json(201, body));
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'outcome-unknown');
		expect(error.message).toMatch(/^The API accepted the upload \(201\) but its answer could not be used/);
		expect(server.requests).toHaveLength(1);
	});
});

describe('uploadEmails: no answer', () => {
	it('a connection dropped after the request arrived: outcome unknown, never sent again', async () => {
		const server = await serve(() => 'reset');
		const error = await failure(client(server).uploadEmails({emails: EMAILS}), 'outcome-unknown');
		expect(error.message).toContain('broke during the upload');
		expect(server.requests).toHaveLength(1);
	});

	it('no answer within the upload timeout: outcome unknown, never sent again', async () => {
		const server = await serve(() => 'hang');
		const error = await failure(
			client(server, {uploadTimeoutMs: 200}).uploadEmails({emails: EMAILS}),
			'outcome-unknown',
		);
		expect(error.message).toMatch(/^127\.0\.0\.1:\d+ did not answer the upload within 0\.2 s; it may or may not/);
		expect(server.requests).toHaveLength(1);
	});

	it('a connection that never opened: nothing was sent, so it is a plain network error', async () => {
		const server = await serve(() => json(201, {job_id: 1}));
		const {baseUrl} = server;
		await server.close();
		reply = undefined;
		const error = await failure(
			createClient({baseUrl, token: TOKEN, retry: {limit: 5}}).uploadEmails({emails: EMAILS}),
			'network',
		);
		expect(error.message).toContain('connection refused');
		expect(error.retryable).toBe(true);
	});

	it('cancelled while in flight: it went out, so the outcome is unknown, not "cancelled"', async () => {
		const server = await serve(() => 'hang');
		const controller = new AbortController();
		const upload = failure(
			client(server).uploadEmails({emails: EMAILS}, {signal: controller.signal}),
			'outcome-unknown',
		);
		await server.received(1);
		controller.abort();
		expect((await upload).message).toMatch(/^The upload was cancelled after it was sent; it may or may not/);
		expect(server.requests).toHaveLength(1);
	});
});
