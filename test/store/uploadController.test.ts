// The re-validation confirmation without React, against the demo server on loopback: keys go in through
// the controller's key handler as Ink hands them over, and what was sent is read from the server's own
// request log (one POST or none), its wallet and its jobs.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ApiError} from '../../source/api/errors.js';
import type {ApiClient, JobRecord, RecordFilter} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {PLAIN_KEY} from '../../source/keys/input.js';
import {filterSource, groupSource, type UploadSource} from '../../source/store/revalidate.js';
import type {ReadableStore} from '../../source/store/store.js';
import type {UploadState} from '../../source/store/upload.js';
import {QUIT_WAIT_MS, UploadController, type UploadNavigation} from '../../source/store/uploadController.js';
import type {Clock} from '../../source/store/ports.js';
import {untilTrue, untilState} from '../helpers/until.js';
import {groupRecords} from '../../source/store/breakdown.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {rawText} from '../helpers/text.js';

const BALANCE = 1_000_000;
const server = serveDemoPerFile({balance: BALANCE, uploadTiming: {queuedMs: 200, processingMs: 500}});
const controllers: UploadController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
	server().setTokens([server().token]);
	server().setBalance(BALANCE);
	server().resetStats();
});

const KEY = {
	tab: {...PLAIN_KEY, tab: true},
	enter: {...PLAIN_KEY, return: true},
	escape: {...PLAIN_KEY, escape: true, meta: true},
} as const;

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';

const client = (token = server().token): ApiClient =>
	createClient({baseUrl: server().baseUrl, token, retry: {limit: 0}, uploadTimeoutMs: 3000});

const until = async (
	store: ReadableStore<UploadState>,
	predicate: (state: UploadState) => boolean,
	what: string,
	timeoutMs = 15_000,
) =>
	untilState(store, predicate, what, {
		timeoutMs,
		describe: ({phase, notice, posts, listName}) => JSON.stringify({phase, notice, posts, listName}),
	});

interface Seen {
	created: Array<{jobId: number; notice: string}>;
	opened: number[];
	closed: number;
	quits: number;
	/** What each quit asked to say on the terminal once it is given back. */
	lastLines: Array<string | undefined>;
	authErrors: ApiError[];
}

function make(source: UploadSource, options: {jobId?: number; api?: ApiClient; clock?: Clock} = {}) {
	const seen: Seen = {created: [], opened: [], closed: 0, quits: 0, lastLines: [], authErrors: []};
	const navigation: UploadNavigation = {
		created(jobId, notice) {
			seen.created.push({jobId, notice});
		},
		open(jobId) {
			seen.opened.push(jobId);
		},
		close() {
			seen.closed++;
		},
		quit(lastLine) {
			seen.quits++;
			seen.lastLines.push(lastLine);
		},
		authError(error) {
			seen.authErrors.push(error);
		},
	};
	const controller = new UploadController(
		{jobId: options.jobId ?? 7001, source},
		{client: options.api ?? client(), navigation, clock: options.clock},
	);
	controllers.push(controller);
	controller.start();
	return {
		controller,
		seen,
		store: controller.store,
		key: (input: string, key = PLAIN_KEY) => {
			controller.key(input, key);
		},
	};
}

const posts = () => server().requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);
const ready = (store: ReadableStore<UploadState>) =>
	until(store, state => state.phase.kind === 'ready', 'the confirmation to be ready');

/** Every email of a filter, read apart from the code under test. */
async function emailsOf(jobId: number, status: RecordFilter): Promise<string[]> {
	const emails: string[] = [];
	for (let page = 1; ; page++) {
		const data = await client().getRecords(jobId, {status, page, page_size: 1000});
		emails.push(...data.results.map(record => rawText(record.email)));
		if (page >= data.total_pages) {
			return emails;
		}
	}
}

// First: a finished upload's refund would add to the wallet the 402 is checked against.
describe('402, before any upload', () => {
	it('402 shows what is needed and the balance; nothing is charged; y sends nothing more', async () => {
		server().setBalance(12);
		const {store, key} = make(filterSource('Invalid'), {jobId: 42});
		const state = await ready(store);
		const count = state.prepared!.emails.length;
		key('y');
		const failed = await until(store, s => s.phase.kind === 'failed', 'the 402');
		expect(failed.phase).toMatchObject({kind: 'failed', credits: {required: count, balance: 12}});
		key('y');
		key('y');
		expect(posts()).toHaveLength(1);
		expect(server().balance).toBe(12);
	});
});

describe('R, y on a filter', () => {
	it('job 7001’s 6,200 Error records: y (held, typed ahead, pasted) uploads exactly those emails once', async () => {
		const expected = await emailsOf(7001, 'Error');
		expect(expected).toHaveLength(6200);
		const before = server().balance;
		const {store, key, seen} = make(filterSource('Error'));
		const state = await ready(store);
		expect(state.prepared?.records).toBe(6200);
		expect(state.prepared?.emails).toEqual(expected.map(email => email.trim().toLowerCase()));
		// The default name: the job's name, what, and the date.
		expect(state.listName).toMatch(/ — Error — \d{4}-\d{2}-\d{2}$/);
		// A y typed ahead with more, a held y (key repeat, also in one long read) and a paste: one POST.
		key('yyy');
		key('y');
		key('y');
		key('y'.repeat(40));
		key('yes, send all of them now');
		expect(store.getState().notice).toBe('Pasted text ignored: nothing is sent by a paste. Tab edits the name.');
		key('y');
		expect(store.getState().notice).toBe('Sent once already; nothing more is sent. Its answer shows here.');
		await until(store, s => s.phase.kind === 'created', 'the 201');
		key('y');
		expect(posts()).toHaveLength(1);
		const [post] = posts();
		expect(post?.status).toBe(201);
		expect(post?.emailCount).toBe(6200);
		expect(seen.created).toHaveLength(1);
		expect(seen.created[0]?.jobId).toBe(post?.jobId);
		expect(seen.created[0]?.notice).toContain('6,200 emails sent once');
		// Charged upfront, 1 credit an email.
		expect(before - server().balance).toBe(6200);
		// The new job holds exactly those emails.
		const job = await client().getJob(post!.jobId!);
		expect(job.total_records).toBe(6200);
		expect(rawText(job.list_name!)).toBe(state.listName);
	});

	it('y before the count is on screen sends nothing, says why, and is not kept for later', async () => {
		const {store, key} = make(filterSource('Invalid'), {jobId: 42});
		expect(store.getState().phase.kind).toBe('gathering');
		key('y');
		expect(store.getState().notice).toBe('Nothing sent: y works once the count and the cost are on screen.');
		const state = await ready(store);
		expect(state.posts).toBe(0);
		expect(posts()).toHaveLength(0);
	});

	it('Esc before y sends nothing, and so does Esc while the emails are read', async () => {
		const first = make(filterSource('Error'));
		first.key('', KEY.escape);
		expect(first.seen.closed).toBe(1);
		const second = make(filterSource('Invalid'), {jobId: 42});
		await ready(second.store);
		second.key('', KEY.escape);
		second.key('y');
		expect(second.seen.closed).toBe(1);
		expect(second.store.getState().posts).toBe(0);
		expect(posts()).toHaveLength(0);
	});

	it('Tab edits the name (y is typed into it, not sent); Enter keeps it; then y sends it under that name', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		await ready(store);
		key('', KEY.tab);
		key('u', {...PLAIN_KEY, ctrl: true});
		key('retry b');
		key('y');
		expect(store.getState().listName).toBe('retry by');
		expect(posts()).toHaveLength(0);
		key('', KEY.enter);
		key('y');
		await until(store, s => s.phase.kind === 'created', 'the 201');
		expect(posts()).toHaveLength(1);
		const job = await client().getJob(seen.created[0]!.jobId);
		expect(rawText(job.list_name!)).toBe('retry by');
	});

	it('a find on a filter: only the records whose email or ec_id holds it, read across every page', async () => {
		const all = await emailsOf(7001, 'Error');
		const needle = 'GMAIL';
		const expected = [...new Set(all.filter(email => email.toLowerCase().includes('gmail')).map(e => e.toLowerCase()))];
		expect(expected.length).toBeGreaterThan(10);
		const {store} = make({status: 'Error', find: needle});
		const state = await ready(store);
		expect(state.prepared?.emails).toEqual(expected);
		expect(state.listName).toContain('“GMAIL”');
	});

	it('a breakdown group in hand needs no read; a find narrows it', async () => {
		const records: JobRecord[] = [];
		for (let page = 1; page <= 62; page++) {
			const data = await client().getRecords(7001, {status: 'Error', page, page_size: 100});
			records.push(...data.results);
		}

		const group = groupRecords(records).groups.pattern[0]!;
		const start = server().requests.length;
		const {store} = make(groupSource({grouping: 'pattern', ...group}));
		const state = await ready(store);
		expect(state.prepared?.records).toBe(group.count);
		expect(
			server()
				.requests.slice(start)
				.filter(entry => entry.path.includes('/records/')),
		).toHaveLength(0);
		const needle = rawText(group.records[0]!.email).slice(0, 6);
		const narrowed = make(groupSource({grouping: 'pattern', ...group}, needle));
		const found = await ready(narrowed.store);
		expect(found.prepared?.emails.every(email => email.includes(needle.toLowerCase()))).toBe(true);
		expect(found.prepared?.emails.length).toBeLessThan(group.count);
	});
});

describe('failures: one clear message, nothing spent twice', () => {
	it('400 lists the refused emails (first few, how many); o leaves them out; y then sends the rest once', async () => {
		const emails = await emailsOf(42, 'Invalid');
		const refused = emails.slice(0, 7);
		server().setFaults({refuseEmails: refused});
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		const state = await ready(store);
		const count = state.prepared!.emails.length;
		key('y');
		const rejected = await until(store, s => s.phase.kind === 'rejected', 'the 400');
		if (rejected.phase.kind !== 'rejected') {
			throw new Error('not rejected');
		}

		expect(rejected.phase.emails).toEqual(refused.map(email => email.toLowerCase()));
		expect(rejected.phase.shown).toHaveLength(5);
		expect(rawText(rejected.phase.shown[0]!.problems[0]!)).toBe('Enter a valid email address.');
		// y means nothing here: only o (leave out) or Esc.
		key('y');
		expect(posts()).toHaveLength(1);
		key('o');
		expect(store.getState().phase.kind).toBe('ready');
		key('yy');
		await until(store, s => s.phase.kind === 'created', 'the 201');
		expect(posts().map(entry => entry.status)).toEqual([400, 201]);
		expect(posts()[1]?.emailCount).toBe(count - refused.length);
		expect(seen.created).toHaveLength(1);
	});

	it('401 goes to the token screen; with a new token, y sends it once', async () => {
		const {store, key, controller, seen} = make(filterSource('Invalid'), {jobId: 42});
		await ready(store);
		server().setTokens(['the-new-token']);
		key('y');
		await until(store, s => s.phase.kind === 'ready' && s.posts === 1, 'the 401');
		expect(seen.authErrors).toHaveLength(1);
		expect(store.getState().notice).toContain('nothing was sent or charged');
		controller.setClient(client('the-new-token'));
		controller.retry();
		// Back on the confirmation, nothing sent again by itself.
		expect(posts()).toHaveLength(1);
		key('y');
		await until(store, s => s.phase.kind === 'created', 'the 201');
		expect(posts().map(entry => entry.status)).toEqual([401, 201]);
		expect(seen.created).toHaveLength(1);
	});

	it('a connection cut after the API took it: never sent again by itself; the job found is offered', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		await ready(store);
		key('', KEY.tab);
		key('u', {...PLAIN_KEY, ctrl: true});
		key('cut once');
		key('', KEY.enter);
		server().setFaults({malformed: 'reset'});
		key('y');
		// The fault cuts every answer, the job list's too: the look says it could not look.
		const blind = await until(store, s => s.phase.kind === 'unknown', 'the look in the job list');
		expect(blind.phase).toMatchObject({kind: 'unknown', found: null, lookError: expect.stringMatching(/broke/)});
		server().setFaults(NO_FAULTS);
		key('r');
		const unknown = await until(
			store,
			s => s.phase.kind === 'unknown' && s.phase.found !== null,
			'the second look in the job list',
		);
		if (unknown.phase.kind !== 'unknown') {
			throw new Error('not unknown');
		}

		// The POST went out once; the job list was read; nothing else was sent.
		expect(posts()).toHaveLength(1);
		const made = posts()[0]!.jobId!;
		expect(unknown.phase.found?.map(job => job.id)).toEqual([made]);
		expect(unknown.phase.message).toMatch(/upload/i);
		key('y');
		key('y');
		expect(posts()).toHaveLength(1);
		key('', KEY.enter);
		expect(seen.opened).toEqual([made]);
		expect(rawText((await client().getJob(made)).list_name!)).toBe('cut once');
	});

	it('a timeout with nothing made: nothing found; s sends it again, once', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {
			jobId: 42,
			api: createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}, uploadTimeoutMs: 300}),
		});
		await ready(store);
		// A name of its own: the uploads of the tests before were of the same records, under the default name.
		key('', KEY.tab);
		key('u', {...PLAIN_KEY, ctrl: true});
		key('timed out once');
		key('', KEY.enter);
		// Every request waits longer than the upload's timeout: the POST times out before the API answers.
		server().setFaults({latencyMs: 1000});
		key('y');
		await until(store, s => s.phase.kind === 'checking', 'the timeout');
		server().setFaults(NO_FAULTS);
		const unknown = await until(store, s => s.phase.kind === 'unknown', 'the look in the job list');
		if (unknown.phase.kind !== 'unknown') {
			throw new Error('not unknown');
		}

		expect(unknown.phase.message).toMatch(/did not answer the upload within 0.3 s/);
		// The server drops a request whose client left during the wait: nothing was made, nothing found.
		expect(unknown.phase.found).toEqual([]);
		expect(posts()).toHaveLength(1);
		expect(posts()[0]?.jobId).toBeUndefined();
		// y is not how to send again (a held y cannot); s is, once.
		key('y');
		expect(posts()).toHaveLength(1);
		key('ss');
		key('s');
		await until(store, s => s.phase.kind === 'created', 'the second upload');
		expect(posts()).toHaveLength(2);
		expect(seen.created).toHaveLength(1);
	});
});

// Last in the file: the jobs these uploads make are refunded while earlier tests count the wallet.
describe('q while the upload is on its way: one press, and the last line says what it did', () => {
	const WAITING = "Quitting as soon as the upload's answer comes (at most 5 s), to say what it did. q again quits now.";
	/** The POST has its answer on the server's side: nothing of the test is still in flight. */
	const answered = async () =>
		untilTrue(() => posts().length === 1 && (posts()[0]?.status ?? 0) > 0, 'the upload’s answer');
	/** A clock whose waits run when the test says. */
	function manualClock() {
		const waits: Array<{ms: number; tick: () => void}> = [];
		const clock: Clock = {
			now: () => Date.now(),
			every(ms, tick) {
				waits.push({ms, tick});
				return () => undefined;
			},
		};
		return {clock, waits};
	}

	const unsure = (listName: string) =>
		`The upload of 49 emails as “${listName}” was sent at HH:MM:SS and no clear answer had come when you quit: it may have made a job and charged up to 49 credits. Look in the job list before sending it again: ecore-records, then / and the name.`;
	const time = (line: string | undefined) => line?.replace(/\d\d:\d\d:\d\d/, 'HH:MM:SS');

	it('quits when the answer comes, and the last line is the new job', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		await ready(store);
		server().setFaults({...NO_FAULTS, latencyMs: 300});
		key('y');
		key('q');
		expect(seen.quits).toBe(0);
		expect(store.getState().notice).toBe(WAITING);
		await untilTrue(() => seen.quits > 0, 'the quit');
		await answered();
		expect(seen.lastLines).toEqual([
			`Job ${posts()[0]!.jobId} created: 49 emails sent once, 49 credits charged (refunded for any not Valid).`,
		]);
		// Quitting, not opening the new job.
		expect(seen.created).toEqual([]);
	});

	it(`without an answer within ${QUIT_WAIT_MS / 1000} s, quits saying it was sent, when, and how to check`, async () => {
		const {clock, waits} = manualClock();
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42, clock});
		const {listName} = await ready(store);
		server().setFaults({...NO_FAULTS, latencyMs: 1000});
		key('y');
		key('q');
		const wait = waits.at(-1)!;
		expect(wait.ms).toBe(5000);
		expect(seen.quits).toBe(0);
		wait.tick();
		expect(seen.quits).toBe(1);
		expect(time(seen.lastLines[0])).toBe(unsure(listName));
		// Its answer, when it comes, does nothing more.
		await answered();
		expect(seen.quits).toBe(1);
		expect(seen.created).toEqual([]);
	});

	it('a second press quits at once, saying the same', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		const {listName} = await ready(store);
		server().setFaults({...NO_FAULTS, latencyMs: 1000});
		key('y');
		key('q');
		key('q');
		expect(seen.quits).toBe(1);
		expect(time(seen.lastLines[0])).toBe(unsure(listName));
		await answered();
		expect(seen.quits).toBe(1);
		expect(seen.created).toEqual([]);
	});

	it('a refusal that comes while it waits is the last line: nothing charged', async () => {
		server().setBalance(12);
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		const {listName} = await ready(store);
		server().setFaults({...NO_FAULTS, latencyMs: 300});
		key('y');
		key('q');
		await untilTrue(() => seen.quits > 0, 'the quit');
		expect(seen.lastLines[0]?.startsWith(`The upload of 49 emails as “${listName}” failed; no job was created. `)).toBe(
			true,
		);
		expect(seen.lastLines[0]).toContain('nothing was charged');
		expect(server().balance).toBe(12);
	});

	it('q with no upload on its way quits at once, with nothing to say', async () => {
		const {store, key, seen} = make(filterSource('Invalid'), {jobId: 42});
		await ready(store);
		key('q');
		expect(seen.lastLines).toEqual([undefined]);
		expect(posts()).toHaveLength(0);
	});
});
