// Issue 11's schema-driven hostile test. The bodies a hostile API serves are generated from the valibot
// schemas (source/api/schemas.ts): every string field of every schema — job list, job, records, the
// pages' own links, the error bodies — and the reason phrase hold each hostile payload in turn, short and
// invisible (a bare OSC 52) as well as long. The real client and the real screens face them over loopback
// and every view and output is driven: job list, header, table, detail pane, breakdown, filter list, help,
// find bar, token screen, error lines, the TSV page output, export to a terminal, stderr and the clipboard.
// Nothing that comes out may hold a raw control byte, escape introducer, C1 code, bidi control or
// zero-width character. A field added to a schema holds the payloads too, without a change here.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import * as schemas from '../../source/api/schemas.js';
import {ERROR_BODY_SCHEMA, RESPONSE_SCHEMAS} from '../../source/api/schemas.js';
import {verifyToken} from '../../source/commands/token.js';
import {HOSTILE_PAYLOADS, type HostilePayload} from '../../source/demo/hostile.js';
import {runExport} from '../../source/export/command.js';
import {createTheme} from '../../source/terminal/theme.js';
import {CLI} from '../helpers/build.js';
import {HOSTILE_TOKEN, startHostileServer, type HostileAnswer, type HostileServer} from '../helpers/hostile-server.js';
import {Collector} from '../export/helpers.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {wireJob, wirePage, wireRecord} from './bodies.js';

const ESC = '\u001b';
const BEL = '\u0007';
const OSC52 = `${ESC}]52;c;cm0gLXJmIH4K${BEL}`;

/** The demo's corpus and a few more: a bare clipboard write, a paste-jack, tag characters, and long ones. */
const PAYLOADS: readonly HostilePayload[] = [
	...HOSTILE_PAYLOADS,
	{name: 'bare osc 52', text: OSC52},
	{name: 'bracketed paste end and a command', text: `x${ESC}[201~\nrm -rf ~\n`},
	{name: 'tag characters', text: 'tag\u{E0041}\u{E0042}\u{E007F}'},
	{name: 'interlinear annotation and separators', text: '\ufff9a\ufffab\ufffb\u2028c\u2029d'},
	{name: 'invisible operators', text: 'a\u2060b\u2061c\u2064d\u206ae'},
	{name: 'osc 52 after 300 characters', text: `${'z'.repeat(300)}${OSC52}`},
	{name: 'osc 52 past 64 KB', text: `${'y'.repeat(70_000)}${OSC52}\u202e`},
];

// What must never come out: C0 but LF (TAB too: a frame has none, a TSV field has none), DEL, C1, bidi
// controls, zero-width and other invisible format characters, lone surrogates, tag characters. Written
// out here rather than taken from the sanitiser, so the two can disagree.
const UNSAFE =
	/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\udb40[\udc00-\udc7f]/u;
const UNSAFE_UNITS = new RegExp(UNSAFE.source.replace(/\|\\udb40.*$/, ''), '');

/** The first unsafe character of `text`, with some context, or undefined. */
function unsafeIn(text: string): string | undefined {
	const tag = /[\u{E0000}-\u{E007F}]/u.exec(text);
	const unit = UNSAFE_UNITS.exec(text);
	const match = unit ?? tag;
	if (!match) {
		return undefined;
	}

	const at = match.index;
	return `${JSON.stringify(match[0])} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 30))}`;
}

function expectSafe(text: string, where: string): void {
	const found = unsafeIn(text);
	expect(found, `${where}: ${found ?? ''}`).toBeUndefined();
}

// ----- bodies from the schemas --------------------------------------------------------------------------

/** The parts of a valibot schema the walk reads. Any other kind of schema stops the test: teach it first. */
interface Walkable {
	readonly type: string;
	readonly entries?: Readonly<Record<string, Walkable>>;
	readonly wrapped?: Walkable;
	readonly item?: Walkable;
}

type Path = ReadonlyArray<string | number>;

/**
 * `base` (a plain, valid body) with every string the schema allows — present, null or missing in `base` —
 * replaced by `text(path)`. Numbers and booleans are kept from `base`.
 */
function fill(schema: Walkable, base: unknown, text: (path: Path) => string, path: Path = []): unknown {
	switch (schema.type) {
		case 'string': {
			return text(path);
		}

		case 'nullable':
		case 'optional':
		case 'nullish': {
			return fill(schema.wrapped!, base ?? undefined, text, path);
		}

		case 'object': {
			const source = (base ?? {}) as Record<string, unknown>;
			const result: Record<string, unknown> = {...source};
			for (const [key, entry] of Object.entries(schema.entries ?? {})) {
				result[key] = fill(entry, source[key], text, [...path, key]);
			}

			return result;
		}

		case 'array': {
			return (base as unknown[]).map((item, index) => fill(schema.item!, item, text, [...path, index]));
		}

		// A union is a number that may come as a decimal string (schemas.ts): kept from base like a number.
		case 'number':
		case 'boolean':
		case 'union': {
			if (base === undefined) {
				throw new Error(`${path.join('.')}: the base body has no ${schema.type} here`);
			}

			return base;
		}

		default: {
			throw new Error(`${path.join('.')}: the hostile walk does not know a ${schema.type} schema yet; teach fill()`);
		}
	}
}

/** Every path of a string the schema allows (array items as `[]`). */
function stringPaths(schema: Walkable, path: string[] = []): string[] {
	switch (schema.type) {
		case 'string': {
			return [path.join('.')];
		}

		case 'nullable':
		case 'optional':
		case 'nullish': {
			return stringPaths(schema.wrapped!, path);
		}

		case 'object': {
			return Object.entries(schema.entries ?? {}).flatMap(([key, entry]) => stringPaths(entry, [...path, key]));
		}

		case 'array': {
			return stringPaths(schema.item!, [...path, '[]']);
		}

		default: {
			return [];
		}
	}
}

const walkable = (schema: unknown) => schema as Walkable;

/** `body` checked against its schema: a base out of date with the schema would test nothing. */
function valid<T>(schema: v.GenericSchema, body: T): T {
	const result = v.safeParse(schema, body);
	if (!result.success) {
		throw new Error(
			`a generated body does not fit its schema: ${JSON.stringify(result.issues[0]?.path?.map(item => item.key))}`,
		);
	}

	return body;
}

// How each schema reaches the client. The compiler holds this table to RESPONSE_SCHEMAS: a new body must
// be served (or named as part of one) before this file compiles.
const SERVED = {
	jobsPage: 'served as the job list',
	jobDetail: 'served as a job',
	recordsPage: 'served as a records page',
	job: 'inside the job list and a job',
	record: 'inside a records page and a job',
	uploadedJob: 'the answer to an upload (test/api/upload.test.ts): a number, no text',
} as const satisfies Record<keyof typeof RESPONSE_SCHEMAS, string>;

const JOB_BASE = 1000;
const RECORDS_PER_JOB = 4;

function jobsPage(payloads: readonly HostilePayload[]): unknown {
	const base = wirePage(payloads.map((_, index) => wireJob(JOB_BASE + index)));
	// Job `i` holds payload `i` in every string; the page's own fields hold the first.
	return valid(
		RESPONSE_SCHEMAS.jobsPage,
		fill(walkable(RESPONSE_SCHEMAS.jobsPage), base, path =>
			path[0] === 'results' ? payloads[Number(path[1])]!.text : payloads[0]!.text,
		),
	);
}

function records(jobId: number): ReturnType<typeof wireRecord>[] {
	return Array.from({length: RECORDS_PER_JOB}, (_, index) => wireRecord(jobId * 10 + index + 1));
}

/**
 * The records of job `jobId`, every string the payload; the last two still `Error`, so the breakdown groups
 * them. Filtered to `status` as the API does: a page of another status than asked is refused.
 */
function recordsPage(jobId: number, payload: HostilePayload, status: string | null): unknown {
	const page = fill(walkable(RESPONSE_SCHEMAS.recordsPage), wirePage(records(jobId)), () => payload.text) as {
		count: number;
		results: Array<{status: string}>;
	};
	for (const record of page.results.slice(RECORDS_PER_JOB - 2)) {
		record.status = 'Error';
	}

	if (status !== null && status !== 'All') {
		page.results = page.results.filter(record => record.status === status);
		page.count = page.results.length;
	}

	return valid(RESPONSE_SCHEMAS.recordsPage, page);
}

function jobDetail(jobId: number, payload: HostilePayload): unknown {
	return valid(
		RESPONSE_SCHEMAS.jobDetail,
		fill(walkable(RESPONSE_SCHEMAS.jobDetail), {...wireJob(jobId), records: records(jobId)}, () => payload.text),
	);
}

/** A job list of `payloads`, each job's details and records hostile with its own payload. */
function browse(payloads: readonly HostilePayload[]) {
	return (request: {path: string; query: URLSearchParams}): HostileAnswer | undefined => {
		if (request.path === 'email-validation/jobs/') {
			return {body: jobsPage(payloads)};
		}

		const match = /^email-validation\/jobs\/(\d+)\/(records\/)?$/.exec(request.path);
		const payload = match ? payloads[Number(match[1]) - JOB_BASE] : undefined;
		if (!match || !payload) {
			return undefined;
		}

		return {
			body: match[2]
				? recordsPage(Number(match[1]), payload, request.query.get('status'))
				: jobDetail(Number(match[1]), payload),
		};
	};
}

// The error bodies: every string field of the error schema, then a field map (whose key is quoted too),
// then a body that is not JSON; each with the payload as the reason phrase as well.
function errorBodies(payload: string): unknown[] {
	const fields = Object.keys(walkable(ERROR_BODY_SCHEMA).entries ?? {});
	return [
		...fields.map(key => valid(ERROR_BODY_SCHEMA, {[key]: payload})),
		fill(walkable(ERROR_BODY_SCHEMA), {}, () => payload),
		{[payload]: {3: [payload]}},
		payload,
	];
}

// Statuses whose sentence names the status, so each answer's error line can be told from the last.
const NAMED_STATUSES = [
	...Array.from({length: 100}, (_, index) => 500 + index),
	...Array.from({length: 60}, (_, index) => 440 + index).filter(status => status !== 429),
];
// The statuses the client words each its own way.
const WORDED_STATUSES = [400, 401, 402, 404, 408, 418, 429, 500, 503] as const;

/** Payload `i` as the reason phrase and in the `i`th error body shape (they take turns), with a status. */
function errorAnswer(index: number, status: number): HostileAnswer {
	const {text} = PAYLOADS[index % PAYLOADS.length]!;
	const bodies = errorBodies(text);
	return {
		status,
		// A reason phrase is one line on the wire; a line break would end it.
		statusText: text.replaceAll(/[\r\n]/g, ' '),
		body: bodies[index % bodies.length],
	};
}

/** A records page of job MIXED: record `i` holds payload `i` in every string. */
const MIXED = 999;

function mixedRecords(): unknown {
	const base = wirePage(PAYLOADS.map((_, index) => wireRecord(MIXED * 100 + index)));
	const page = fill(walkable(RESPONSE_SCHEMAS.recordsPage), base, path =>
		path[0] === 'results' ? PAYLOADS[Number(path[1])]!.text : PAYLOADS[0]!.text,
	) as {results: Array<{status: string}>};
	for (const [index, record] of page.results.entries()) {
		if (index % 2 === 1) {
			record.status = 'Error';
		}
	}

	return valid(RESPONSE_SCHEMAS.recordsPage, page);
}

// ----- the app ---------------------------------------------------------------------------------------------

let server: HostileServer;
let home: string;

beforeAll(async () => {
	server = await startHostileServer();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-schemas-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

const client = () => createClient({baseUrl: server.baseUrl, token: HOSTILE_TOKEN, retry: {limit: 0}});

async function mount(options: {jobId?: number; token?: boolean} = {}): Promise<Rendered> {
	const make = (token: string) => createClient({baseUrl: server.baseUrl, token, retry: {limit: 0}});
	return renderAt(
		<App
			client={client()}
			jobId={options.jobId}
			pageSize={100}
			filter="All"
			page={1}
			// Colours off: an ESC anywhere in the output then came from the data.
			theme={createTheme({NO_COLOR: '1'})}
			token={
				options.token
					? {
							createClient: make,
							verify: async (token: string) => verifyToken({createClient, baseUrl: server.baseUrl, token}),
							save() {},
							baseUrl: server.baseUrl,
						}
					: undefined
			}
			onQuit={() => {}}
		/>,
		120,
		30,
		{tty: true},
	);
}

// What `y`/`Y` write: an OSC 52 (plain, or wrapped for a multiplexer) of base64 text.
const CLIPBOARD_WRITE = /\u001bP?(?:tmux;\u001b)?\u001b?\]52;c;([A-Za-z0-9+/=]*)(?:\u0007|\u001b\\)(?:\u001b\\)?/g;

/**
 * Every byte the app wrote: each clipboard write decoded (its text must be as safe as a frame), the rest
 * checked as it is. Returns how many clipboard writes there were.
 */
function checkOutput(rendered: Rendered, where: string): number {
	let copies = 0;
	for (const [index, frame] of rendered.frames.entries()) {
		const rest = frame.replaceAll(CLIPBOARD_WRITE, (_, base64: string) => {
			copies++;
			expectSafe(Buffer.from(base64, 'base64').toString('utf8'), `${where}: clipboard`);
			return '';
		});
		expectSafe(rest, `${where}: frame ${index}`);
	}

	return copies;
}

/** Presses each key, checking the frame after it. */
async function drive(rendered: Rendered, where: string, ...keys: string[]): Promise<void> {
	for (const key of keys) {
		await rendered.press(key);
		expectSafe(rendered.frame(), `${where}, after ${JSON.stringify(key)}`);
	}
}

describe('the schemas and the walk', () => {
	it('every body schema in source/api/schemas.ts is walked here', () => {
		const exported = Object.entries(schemas).filter(
			([, value]) => typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'schema',
		);
		const walked = new Set<unknown>([...Object.values(RESPONSE_SCHEMAS), ERROR_BODY_SCHEMA]);
		for (const [name, schema] of exported) {
			expect(walked.has(schema), `${name} is in RESPONSE_SCHEMAS (or is the error body schema)`).toBe(true);
		}

		expect(Object.keys(SERVED).sort()).toEqual(Object.keys(RESPONSE_SCHEMAS).sort());
	});

	it('fills every string field of every schema, null and missing ones too', () => {
		const marker = 'MARK';
		const paths = stringPaths(walkable(RESPONSE_SCHEMAS.jobDetail));
		expect(paths).toContain('list_name');
		expect(paths).toContain('records.[].error_message');
		const detail = jobDetail(JOB_BASE, {name: 'marker', text: marker});
		const values: unknown[] = [];
		JSON.stringify(detail, (_key, value: unknown) => {
			if (typeof value === 'string') {
				values.push(value);
			}

			return value;
		});
		// Every string value in the body is the payload, null fields included.
		expect(new Set(values)).toEqual(new Set([marker]));
		expect(values.length).toBe(
			stringPaths(walkable(RESPONSE_SCHEMAS.job)).length +
				RECORDS_PER_JOB * stringPaths(walkable(RESPONSE_SCHEMAS.record)).length,
		);
		const page = recordsPage(JOB_BASE, {name: 'marker', text: marker}, null) as {
			results: Array<Record<string, unknown>>;
		};
		for (const field of stringPaths(walkable(RESPONSE_SCHEMAS.record))) {
			expect(page.results[0]?.[field], field).toBe(marker);
		}
	});
});

// Payloads in groups: one job list per group, each of its jobs opened and walked through every view.
const GROUP = 8;
const groups = Array.from({length: Math.ceil(PAYLOADS.length / GROUP)}, (_, index) =>
	PAYLOADS.slice(index * GROUP, (index + 1) * GROUP),
);

describe('every view, every payload in every field', () => {
	it.each(groups.map((group, index) => [`${index * GROUP + 1}–${index * GROUP + group.length}`, group] as const))(
		'payloads %s: job list, header, table, detail pane, clipboard, filter list, help, find bar, breakdown',
		async (_range, group) => {
			server.answer(browse(group));
			const rendered = await mount();
			try {
				await rendered.waitFor(frame => /page 1 of 1/.test(frame) || frame.includes('jobs'), 30_000);
				await rendered.idle();
				expectSafe(rendered.frame(), 'job list');
				for (const [index, payload] of group.entries()) {
					const where = `${payload.name} (job ${JOB_BASE + index})`;
					// Up to the first job (k stops there), then down to this one.
					await rendered.press(...group.map(() => 'k'), ...Array.from({length: index}, () => 'j'), KEYS.enter);
					await rendered.waitFor(frame => frame.includes(`Record ${(JOB_BASE + index) * 10 + 1}`), 30_000);
					expectSafe(rendered.frame(), `${where}: records`);
					await drive(rendered, where, 'j', ']', ']', 'j', 'j', '[', 'y', 'Y', 'f', KEYS.escape, '?', '?');
					await drive(rendered, `${where}, find`, '/', 'x', 'y', KEYS.enter, 'n');
					await rendered.press('e');
					await rendered.waitFor(frame => frame.includes('Why records failed') && frame.includes('Count'), 30_000);
					expectSafe(rendered.frame(), `${where}: breakdown`);
					await drive(rendered, `${where}, breakdown`, 'j', KEYS.tab, 'k', KEYS.enter);
					await rendered.waitFor(frame => frame.includes('group “'), 30_000);
					expectSafe(rendered.frame(), `${where}: a group`);
					await drive(rendered, where, 'b', 'b', 'b');
					await rendered.waitFor(frame => frame.includes('Your validation jobs'), 30_000);
				}

				// Each y at least (a Y of a long record may be too large for the clipboard, and says so).
				expect(checkOutput(rendered, 'browse')).toBeGreaterThanOrEqual(group.length);
			} finally {
				rendered.unmount();
			}
		},
		180_000,
	);
});

describe('error lines: every error body field and the reason phrase, every payload', () => {
	it('the client: every payload in every error body, the statuses taking turns', async () => {
		const api = client();
		let checked = 0;
		for (const payload of PAYLOADS) {
			for (const [which, body] of errorBodies(payload.text).entries()) {
				const status = WORDED_STATUSES[checked % WORDED_STATUSES.length]!;
				const where = `${payload.name}, body ${which}, ${status}`;
				server.answer(() => ({status, statusText: payload.text.replaceAll(/[\r\n]/g, ' '), body}));
				const error = await api.getRecords(MIXED).then(
					() => undefined,
					(error: unknown) => error,
				);
				expect(error, where).toBeInstanceOf(Error);
				expectSafe((error as Error).message, where);
				checked++;
			}
		}

		expect(checked).toBe(PAYLOADS.length * errorBodies('x').length);
	}, 180_000);

	it.each(['jobs', 'records', 'breakdown'] as const)(
		'%s: each failure drawn as one safe line, every payload',
		async where => {
			let next = 0;
			const good = browse([PAYLOADS[0]!]);
			server.answer(request => {
				const records = request.path.endsWith('/records/');
				const errorRecords = records && request.query.get('status') === 'Error';
				const fails =
					where === 'jobs'
						? request.path === 'email-validation/jobs/'
						: where === 'records'
							? records && !errorRecords
							: errorRecords;
				return fails ? errorAnswer(next, NAMED_STATUSES[next % NAMED_STATUSES.length]!) : good(request);
			});
			const rendered = await mount({jobId: where === 'jobs' ? undefined : JOB_BASE});
			try {
				if (where === 'breakdown') {
					await rendered.waitFor(`Record ${JOB_BASE * 10 + 1}`, 30_000);
					await rendered.press('e');
				}

				for (; next < PAYLOADS.length; next++) {
					if (next > 0) {
						await rendered.press('r');
					}

					const status = NAMED_STATUSES[next % NAMED_STATUSES.length]!;
					await rendered.waitFor(frame => frame.includes(`(${status}`), 30_000);
					await rendered.idle();
					expectSafe(rendered.frame(), `${where}: ${PAYLOADS[next]!.name} (${status})`);
				}

				checkOutput(rendered, `${where} error lines`);
			} finally {
				rendered.unmount();
			}
		},
		180_000,
	);

	it('the token screen: the reason it opened and every refusal', async () => {
		let next = 0;
		server.answer(() => errorAnswer(next, 401));
		const rendered = await mount({token: true});
		try {
			await rendered.waitFor('API token', 30_000);
			await rendered.idle();
			expectSafe(rendered.frame(), 'token screen, opened');
			const token = 'another-token-0123456789';
			for (next = 1; next < PAYLOADS.length; next++) {
				const before = server.requests.length;
				// A refused token is cleared: typed again each time, and Enter once the input has it.
				await rendered.press(token);
				await rendered.waitFor(frame => frame.includes('•'.repeat(token.length)), 30_000);
				await rendered.press(KEYS.enter);
				await rendered.waitFor(
					frame => server.requests.length > before && !frame.includes('Checking') && frame.includes('refused'),
					10_000,
				);
				await rendered.idle();
				expectSafe(rendered.frame(), `token screen: ${PAYLOADS[next]!.name}`);
			}

			checkOutput(rendered, 'token screen');
		} finally {
			rendered.unmount();
		}
	}, 180_000);
});

/** One line per record or job, its fields split at the tabs; the line breaks and tabs are the output's own. */
function checkLines(text: string, where: string): void {
	for (const [index, line] of text
		.replace(/\r?\n$/, '')
		.split(/\r?\n/)
		.entries()) {
		for (const field of line.split('\t')) {
			expectSafe(field, `${where}, line ${index + 1}`);
		}
	}
}

interface Run {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

async function cli(args: string[]): Promise<Run> {
	return new Promise(resolve => {
		execFile(
			process.execPath,
			[CLI, ...args, '--base-url', server.baseUrl, '--token', HOSTILE_TOKEN],
			{env: {PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: home}, timeout: 20_000, maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
			},
		);
	});
}

describe('the outputs: TSV, export to a terminal, stderr', () => {
	it('the job list and a records page as TSV (stdout a pipe), every payload in every field', async () => {
		const route = browse(PAYLOADS);
		server.answer(request =>
			request.path === `email-validation/jobs/${MIXED}/records/` ? {body: mixedRecords()} : route(request),
		);
		const jobs = await cli([]);
		expect(jobs.code, jobs.stderr).toBe(0);
		expect(jobs.stdout.split('\n').length).toBeGreaterThan(PAYLOADS.length);
		checkLines(jobs.stdout, 'job list TSV');
		expectSafe(jobs.stderr, 'job list stderr');
		const page = await cli([String(MIXED), '--page-size', '1000']);
		expect(page.code, page.stderr).toBe(0);
		expect(page.stdout.split('\n').length).toBeGreaterThan(PAYLOADS.length);
		checkLines(page.stdout, 'records TSV');
		expectSafe(page.stderr, 'records stderr');
	}, 180_000);

	it.each(['csv', 'ndjson', 'json'] as const)(
		'export to a terminal (%s), every payload in every field',
		async format => {
			server.answer(request =>
				request.path === `email-validation/jobs/${MIXED}/records/` ? {body: mixedRecords()} : undefined,
			);
			const stdout = Object.assign(new Collector(), {isTTY: true as const, columns: 120});
			const stderr = new Collector();
			const code = await runExport({client: client(), jobId: MIXED, status: 'All', format, stdout, stderr});
			expect(code, stderr.text()).toBe(0);
			expect(stdout.text().length).toBeGreaterThan(70_000);
			checkLines(stdout.text(), `export ${format}`);
			expectSafe(stderr.text().replace(/\n$/, ''), `export ${format} stderr`);
		},
	);

	it('stderr: each error body field and the reason phrase, through the real CLI', async () => {
		// Payloads that take no room: a bare OSC 52, bidi, zero-width, C1, tag characters, a paste-jack.
		const names = ['bare osc 52', 'bidi override rlo', 'zero-width characters', 'c1 csi (0x9b)', 'tag characters'];
		const shapes = errorBodies('x').length;
		const answers: HostileAnswer[] = [];
		for (let shape = 0; shape < shapes; shape++) {
			const text = PAYLOADS.find(payload => payload.name === names[shape % names.length])!.text;
			answers.push({status: 500 + shape, statusText: text, body: errorBodies(text)[shape]});
		}

		for (const answer of answers) {
			server.answer(() => answer);
			// One at a time: the server answers what it was told last.
			const run = await cli([String(MIXED)]);
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(/^ecore-records: /);
			expectSafe(run.stderr.replace(/\n$/, ''), `stderr for ${JSON.stringify(answer.body)}`);
		}
	}, 180_000);
});
