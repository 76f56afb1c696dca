// Shared machinery of the chaos suite: scale (CI or full), a seeded PRNG, the summary figures, the
// real app rendered in-process against the embedded server, frame parsing, and the checks that say
// whether a frame leaked control bytes or lost its layout.
import process from 'node:process';
import stringWidth from 'string-width';
import {App} from '../../source/app.js';
import {createClient, type ClientOptions} from '../../source/api/client.js';
import type {ApiClient, RecordFilter, RecordsPage} from '../../source/api/types.js';
import type {DemoServer} from '../../source/demo/server.js';
import {mix32} from '../../source/demo/rng.js';
import {createTheme} from '../../source/terminal/theme.js';
import {renderAt, type Screen} from '../helpers/render.js';

export const FULL = process.env['CHAOS'] === 'full';

/** A count for the CI run and one for `npm run chaos`. */
export function scale(ci: number, full: number): number {
	return FULL ? full : ci;
}

function seedFromEnv(): number {
	const raw = process.env['CHAOS_SEED'];
	if (raw !== undefined && /^\d+$/.test(raw)) {
		return Number(raw) >>> 0;
	}

	return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** One seed per run; every case derives its own from it, so `CHAOS_SEED=<n>` replays a whole run. */
export const BASE_SEED = seedFromEnv();

/** `CHAOS_CASE=<n>` runs only that case of each randomised category (with the same seed). */
export const ONLY_CASE = process.env['CHAOS_CASE'] === undefined ? undefined : Number(process.env['CHAOS_CASE']);

export function caseIndices(count: number): number[] {
	if (ONLY_CASE !== undefined) {
		return [ONLY_CASE];
	}

	return Array.from({length: count}, (_, index) => index);
}

export interface Random {
	readonly seed: number;
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
}

function categorySalt(category: string): number {
	let salt = 0;
	for (const character of category) {
		salt = mix32(salt ^ (character.codePointAt(0) ?? 0));
	}

	return salt;
}

/** mulberry32, seeded from the run seed, the category and the case number. */
export function randomFor(category: string, index: number, base = BASE_SEED): Random {
	const seed = mix32(base ^ categorySalt(category) ^ mix32(index + 1));
	let state = seed;
	const next = (): number => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	return {
		seed,
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: items => items[Math.floor(next() * items.length)] as (typeof items)[number],
		chance: probability => next() < probability,
	};
}

export function reproduce(category: string, index: number): string {
	return `reproduce with CHAOS_SEED=${BASE_SEED} CHAOS_CASE=${index}${FULL ? ' CHAOS=full' : ''} (category ${category})`;
}

// ----- summary figures -------------------------------------------------------------------------------

interface Tally {
	tried: number;
	survived: number;
	leaked: number;
}

const tallies = new Map<string, Tally>();

export function tally(category: string): Tally {
	let entry = tallies.get(category);
	if (!entry) {
		entry = {tried: 0, survived: 0, leaked: 0};
		tallies.set(category, entry);
	}

	return entry;
}

/** Runs one case and counts it: tried always, survived when it returns, leaked bytes as reported. */
export async function chaosCase<T>(category: string, run: () => Promise<T>, index?: number): Promise<T> {
	const entry = tally(category);
	entry.tried++;
	let result: T;
	try {
		result = await run();
	} catch (error) {
		if (index !== undefined && error instanceof Error && !error.message.includes('CHAOS_SEED')) {
			error.message = `${reproduce(category, index)}\n${error.message}`;
		}

		throw error;
	}

	entry.survived++;
	return result;
}

export function addLeaked(category: string, bytes: number): void {
	tally(category).leaked += bytes;
}

/** One line per category, for the README; written straight to stdout so it shows in every reporter. */
export function printSummary(...categories: string[]): void {
	const lines = categories.map(category => {
		const {tried, survived, leaked} = tally(category);
		return `chaos ${FULL ? 'full' : 'ci'} | ${category.padEnd(13)} ${tried} cases tried, ${survived} survived, ${leaked} bytes leaked (seed ${BASE_SEED})`;
	});
	process.stdout.write(`${lines.join('\n')}\n`);
}

// ----- process-level failures ------------------------------------------------------------------------

/** Collects unhandled rejections and uncaught exceptions while a category runs. */
export function watchProcess(): {readonly errors: unknown[]; stop(): void} {
	const errors: unknown[] = [];
	const onError = (error: unknown) => {
		errors.push(error);
	};

	process.on('unhandledRejection', onError);
	process.on('uncaughtException', onError);
	return {
		errors,
		stop() {
			process.off('unhandledRejection', onError);
			process.off('uncaughtException', onError);
		},
	};
}

// ----- the app, rendered in-process ------------------------------------------------------------------

/** An ApiClient that counts calls still running, so a test can tell when the app has gone quiet. */
export interface CountingClient extends ApiClient {
	readonly pending: number;
	/** Resolves when no call is running (at once if none is). */
	whenIdle(): Promise<void>;
}

export function countingClient(client: ApiClient): CountingClient {
	let pending = 0;
	let waiting: Array<() => void> = [];
	const done = () => {
		pending--;
		if (pending === 0) {
			const resolve = waiting;
			waiting = [];
			for (const wake of resolve) {
				wake();
			}
		}
	};

	const track = <T,>(promise: Promise<T>): Promise<T> => {
		pending++;
		// A rejection still reaches the caller through `promise`; this branch only counts.
		promise.then(done, done);
		return promise;
	};

	return {
		get baseUrl() {
			return client.baseUrl;
		},
		get pending() {
			return pending;
		},
		async whenIdle() {
			if (pending > 0) {
				await new Promise<void>(resolve => {
					waiting.push(resolve);
				});
			}
		},
		listJobs: (query, options) => track(client.listJobs(query, options)),
		getJob: (jobId, options) => track(client.getJob(jobId, options)),
		getRecords: (jobId, query, options) => track(client.getRecords(jobId, query, options)),
		uploadEmails: (request, options) => track(client.uploadEmails(request, options)),
		abortAll: () => {
			client.abortAll();
		},
	};
}

export interface MountOptions {
	readonly server: DemoServer;
	readonly jobId: number;
	readonly pageSize?: number;
	readonly filter?: RecordFilter;
	readonly page?: number;
	readonly columns?: number;
	readonly rows?: number;
	readonly prefetch?: boolean;
	readonly client?: Partial<Omit<ClientOptions, 'baseUrl' | 'token'>>;
}

export interface Mounted {
	readonly r: Screen;
	readonly client: CountingClient;
	/** How many times the app asked to quit. */
	readonly quits: () => number;
	unmount(): void;
}

/** Fast retries so failure paths take milliseconds; the limit stays the client's default of 3. */
export const FAST_RETRY = {backoffBaseMs: 10, maxRetryAfterMs: 10_000, maxTotalMs: 30_000} as const;

export async function mountApp(options: MountOptions): Promise<Mounted> {
	const client = countingClient(
		createClient({
			baseUrl: options.server.baseUrl,
			token: options.server.token,
			timeoutMs: 5000,
			...options.client,
			retry: {...FAST_RETRY, ...options.client?.retry},
		}),
	);
	let quits = 0;
	const r = await renderAt(
		<App
			client={client}
			jobId={options.jobId}
			pageSize={options.pageSize ?? 20}
			filter={options.filter ?? 'All'}
			page={options.page ?? 1}
			prefetch={options.prefetch}
			// Colours off: then a frame holds no ESC at all, and any ESC in it came from the data.
			theme={createTheme({NO_COLOR: '1'})}
			onQuit={() => {
				quits++;
			}}
		/>,
		options.columns ?? 100,
		options.rows ?? 30,
	);
	return {
		r,
		client,
		quits: () => quits,
		unmount() {
			client.abortAll();
			r.unmount();
		},
	};
}

export const sleep = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** Resolves when `promise` does, or rejects with `error()` once `deadline` (a Date.now() time) passes. */
async function byDeadline<T>(promise: Promise<T>, deadline: number, error: () => Error): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(
					() => {
						reject(error());
					},
					Math.max(0, deadline - Date.now()),
				);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Waits until no API call is running and the app has handled all it was given (keys read, frames
 * drawn, their effects run). Each wait is for an event, a call's answer or the app's scheduled work;
 * the timeout only bounds a hang. Returns the frame then on screen.
 */
export async function quiet(mounted: Mounted, {timeoutMs = 10_000} = {}): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		await mounted.r.idle();
		if (mounted.client.pending === 0) {
			return mounted.r.frame();
		}

		await byDeadline(
			mounted.client.whenIdle(),
			deadline,
			() =>
				new Error(
					`the app did not go quiet within ${timeoutMs} ms (${mounted.client.pending} calls running); last frame:\n${mounted.r.frame()}`,
				),
		);
	}
}

/**
 * `quiet`, and the header no longer says loading: the state a person would look at once the keys
 * have settled.
 */
export async function settle(mounted: Mounted, {timeoutMs = 10_000} = {}): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = await quiet(mounted, {timeoutMs: Math.max(0, deadline - Date.now())});
		if (!frame.includes('loading…')) {
			return frame;
		}

		await mounted.r
			.waitFor(text => !text.includes('loading…'), Math.max(0, deadline - Date.now()))
			.catch(() => {
				throw new Error(`the app still said loading after ${timeoutMs} ms; last frame:\n${mounted.r.frame()}`);
			});
	}
}

// ----- reading a frame -------------------------------------------------------------------------------

export const FILTER_KEYS: Readonly<Record<string, RecordFilter>> = {
	'1': 'Pending',
	'2': 'Valid',
	'3': 'Invalid',
	'4': 'Unknown',
	'5': 'Error',
	'6': 'All',
};

export interface FrameRow {
	readonly id: number;
	readonly selected: boolean;
	readonly line: number;
}

export interface ParsedFrame {
	readonly lines: string[];
	readonly filter: RecordFilter | undefined;
	readonly page: number | undefined;
	readonly totalPages: number | undefined;
	readonly loading: boolean;
	/** The view line of the header (filter, page, status message). */
	readonly status: string;
	/** The message part of the view line (an error or a notice), '' when there is none. */
	readonly message: string;
	readonly rows: FrameRow[];
}

const VIEW_LINE = /^(Pending|Valid|Invalid|Unknown|Error|All) · page ([\d,]+)(?: of ([\d,]+))?/;
const TABLE_ROW = /^│ ([› ])(\d+) *│/;
const number = (text: string | undefined) => (text === undefined ? undefined : Number(text.replaceAll(',', '')));

export function parseFrame(frame: string): ParsedFrame {
	const lines = frame.split('\n');
	const status = lines[1] ?? '';
	const view = VIEW_LINE.exec(status);
	const rows: FrameRow[] = [];
	for (const [line, text] of lines.entries()) {
		const match = TABLE_ROW.exec(text);
		if (match) {
			rows.push({id: Number(match[2]), selected: match[1] === '›', line});
		}
	}

	return {
		lines,
		filter: view?.[1] as RecordFilter | undefined,
		page: number(view?.[2]),
		totalPages: number(view?.[3]),
		loading: status.includes('loading…'),
		status,
		// An error has the bottom line to itself; a notice sits after the view in the header.
		message:
			lines.find(line => line.startsWith('✖ '))?.trim() ??
			status
				.split('  ')
				.slice(1)
				.filter(part => part !== '⟳ loading…')
				.join('  ')
				.trim(),
		rows,
	};
}

// ----- leaks and layout ------------------------------------------------------------------------------

export interface Leak {
	readonly index: number;
	readonly code: number;
	readonly what: string;
}

const BIDI = new Set([
	0x06_1c, 0x20_0e, 0x20_0f, 0x20_2a, 0x20_2b, 0x20_2c, 0x20_2d, 0x20_2e, 0x20_66, 0x20_67, 0x20_68, 0x20_69,
]);

function classify(code: number, allowEsc: boolean): string | undefined {
	if (code === 0x1b) {
		return allowEsc ? undefined : 'ESC';
	}

	if (code <= 0x08 || (code >= 0x0b && code <= 0x1f) || code === 0x7f) {
		return 'C0';
	}

	if (code >= 0x80 && code <= 0x9f) {
		return 'C1';
	}

	if (BIDI.has(code)) {
		return 'bidi';
	}

	if (code === 0x20_28 || code === 0x20_29) {
		return 'line separator';
	}

	if (code >= 0xd8_00 && code <= 0xdf_ff) {
		return 'lone surrogate';
	}

	return undefined;
}

/**
 * Code points that must never reach the terminal from data: C0 except TAB and LF (and CR when
 * `allowCr`, for a pty that turns LF into CRLF), DEL, C1, bidi controls, line separators and lone
 * surrogates; ESC unless `allowEsc` (the caller then checks the sequences itself).
 */
export function findLeaks(text: string, {allowEsc = false, allowCr = false} = {}): Leak[] {
	const leaks: Leak[] = [];
	let index = 0;
	for (const character of text) {
		const code = character.codePointAt(0) ?? 0;
		if (!(allowCr && code === 0x0d)) {
			const what = classify(code, allowEsc);
			if (what) {
				leaks.push({index, code, what});
			}
		}

		index += character.length;
	}

	return leaks;
}

/** Bytes a leak list stands for, as the terminal would receive them (UTF-8). */
export function leakedBytes(text: string, leaks: readonly Leak[]): number {
	return leaks.reduce(
		(sum, leak) => sum + Buffer.byteLength(String.fromCodePoint(text.codePointAt(leak.index) ?? leak.code)),
		0,
	);
}

export function describeLeaks(text: string, leaks: readonly Leak[]): string {
	return leaks
		.slice(0, 5)
		.map(
			leak =>
				`${leak.what} U+${leak.code.toString(16).padStart(4, '0')} at ${leak.index}: ${JSON.stringify(text.slice(Math.max(0, leak.index - 20), leak.index + 20))}`,
		)
		.join('\n');
}

const segmenter = new Intl.Segmenter();
// Printable ASCII and the one-column symbols the views draw with: one column per code unit.
const NARROW_LINE = /^[\u0020-\u007e\u2500-\u257f…›—·✓↑↓⟳✖]*$/;
const widths = new Map<string, number>();

function graphemeWidth(grapheme: string): number {
	let width = widths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		widths.set(grapheme, width);
	}

	return width;
}

/** Display column where each grapheme of a line starts. */
function graphemeColumns(line: string): Array<{column: number; text: string}> {
	if (NARROW_LINE.test(line)) {
		return [...line].map((text, column) => ({column, text}));
	}

	const out: Array<{column: number; text: string}> = [];
	let column = 0;
	for (const {segment} of segmenter.segment(line)) {
		out.push({column, text: segment});
		column += graphemeWidth(segment);
	}

	return out;
}

function lineWidth(line: string): number {
	if (NARROW_LINE.test(line)) {
		return line.length;
	}

	let width = 0;
	for (const {segment} of segmenter.segment(line)) {
		width += graphemeWidth(segment);
	}

	return width;
}

const BOX = new Set(['│', '┌', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘']);

/**
 * Problems with the table's columns: every line of the table (border to border) must have its
 * separators at the display columns of the top border's junctions, and nothing else in between.
 */
export function alignmentProblems(frame: string): string[] {
	const lines = frame.split('\n');
	const top = lines.findIndex(line => line.startsWith('┌'));
	if (top === -1) {
		return [];
	}

	const junctions = graphemeColumns(lines[top] ?? '')
		.filter(unit => unit.text === '┌' || unit.text === '┬' || unit.text === '┐')
		.map(unit => unit.column);
	const right = junctions.at(-1) ?? 0;
	const problems: string[] = [];
	for (let index = top + 1; index < lines.length; index++) {
		const line = lines[index] ?? '';
		const separators = graphemeColumns(line)
			.filter(unit => BOX.has(unit.text) && unit.column <= right)
			.map(unit => unit.column);
		if (separators.join(',') !== junctions.join(',')) {
			problems.push(
				`line ${index}: separators at ${separators.join(',')}, expected ${junctions.join(',')}: ${JSON.stringify(line)}`,
			);
		}

		if (line.startsWith('└')) {
			break;
		}
	}

	return problems;
}

/** The frame fits the terminal: at most rows − 1 lines (Ink's rule for not clearing per frame), no line wider than the terminal. */
export function layoutProblems(frame: string, columns: number, rows: number): string[] {
	const lines = frame.split('\n');
	const problems: string[] = [];
	const maxRows = Math.max(1, rows - 1);
	if (lines.length > maxRows) {
		problems.push(`${lines.length} lines for a ${columns}×${rows} terminal (at most ${maxRows})`);
	}

	for (const [index, line] of lines.entries()) {
		const width = lineWidth(line);
		if (width > columns) {
			problems.push(`line ${index} is ${width} columns wide on a ${columns}-column terminal`);
			break;
		}
	}

	return problems;
}

// What Ink and the terminal module write: SGR, relative cursor moves, erase in line, cursor
// visibility, the alternate screen, bracketed paste and synchronised output. Not ED (`2J`) or CUP
// (`H`): Ink only clears the screen for a frame as tall as the terminal, which the app never draws.
const ALLOWED_SEQUENCE = /\u001b\[(?:[\d;]*m|\d*[ABCDEG]|[012]?K|\?(?:25|1049|2004|2026)[hl])/g;

/** Escape sequences in terminal output that are not in the allow-list, with some context each. */
export function foreignSequences(output: string): string[] {
	const rest = output.replaceAll(ALLOWED_SEQUENCE, '');
	const found: string[] = [];
	for (
		let index = rest.indexOf('\u001b');
		index !== -1 && found.length < 10;
		index = rest.indexOf('\u001b', index + 1)
	) {
		found.push(JSON.stringify(rest.slice(Math.max(0, index - 10), index + 20)));
	}

	return found;
}

/** The output with allowed sequences removed, for the byte-level leak check. */
export function withoutAllowedSequences(output: string): string {
	return output.replaceAll(ALLOWED_SEQUENCE, '');
}

// ----- what the server holds -------------------------------------------------------------------------

/** Pages of a job, fetched straight from the server (no faults): the truth a frame is compared to. */
export class Truth {
	readonly #client: ApiClient;
	readonly #pages = new Map<string, Promise<RecordsPage>>();

	/** `server` should be one without faults: the demo data is the same on every instance. */
	constructor(
		server: DemoServer,
		readonly jobId: number,
	) {
		this.#client = createClient({baseUrl: server.baseUrl, token: server.token, retry: {limit: 0}});
	}

	page(filter: RecordFilter, pageSize: number, page: number): Promise<RecordsPage> {
		const key = `${filter}|${pageSize}|${page}`;
		let promise = this.#pages.get(key);
		if (!promise) {
			promise = this.#client.getRecords(this.jobId, {status: filter, page_size: pageSize, page});
			this.#pages.set(key, promise);
		}

		return promise;
	}

	async totalPages(filter: RecordFilter, pageSize: number): Promise<number> {
		return (await this.page(filter, pageSize, 1)).total_pages;
	}
}
