// The embedded eCore API: a node:http server that answers the four email-validation endpoints the way
// the Django REST Framework service does, over the generated demo data, with faults on demand.

import http, {type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {JOBS_PAGE_SIZE, JOB_STATUSES, RECORDS_PAGE_SIZE, RECORD_STATUSES} from '../api/types.js';
import type {WireRecord} from './wire.js';
import {DEMO_OWNER, DemoData, type DemoJob, statusCode} from './data.js';
import {
	CAPTIVE_PORTAL_HTML,
	DJANGO_NOT_FOUND_HTML,
	DJANGO_SERVER_ERROR_HTML,
	type PageResult,
	pageSizeParam,
	proxyErrorHtml,
	replaceQueryParam,
	resolvePage,
} from './http.js';
import {hash32} from './rng.js';

export const DEMO_TOKEN = 'demo-0000-token';

export type MalformedKind = 'html' | 'truncated' | 'empty' | 'wrong-shape' | 'reset' | 'hang' | 'stop-halfway';

export interface Faults {
	/** Added to every response. */
	latencyMs: number;
	/** Up to this much more, derived from the request number (deterministic). */
	jitterMs: number;
	/** Every Nth request (counted since the last setFaults/resetStats) answers `failStatus`; 0 = never. */
	failEvery: number;
	failStatus: number;
	/** Seconds, sent as Retry-After on 429 and 503. */
	retryAfter?: number;
	malformed: null | MalformedKind;
	/** Every Nth request is malformed when `malformed` is set (1 = every request). */
	malformedEvery: number;
}

export interface DemoServerOptions {
	host?: string;
	port?: number;
	tokens?: string[];
	now?: () => number;
	processingDurationMs?: number;
	faults?: Partial<Faults>;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	/** 0 while unanswered (and for ever, for a hung request). */
	status: number;
}

export interface DemoServer {
	readonly origin: string;
	readonly baseUrl: string;
	readonly token: string;
	setFaults(f: Partial<Faults>): void;
	setTokens(t: string[]): void;
	setJobSize(jobId: number, size: number): void;
	readonly requests: ReadonlyArray<RequestLogEntry>;
	resetStats(): void;
	close(): Promise<void>;
	/** Bytes held by the generated data's indices (the only per-record memory kept). */
	readonly dataBytes: number;
}

/** No fault: what a server starts with, and what tests set it back to. */
export const NO_FAULTS: Readonly<Faults> = {
	latencyMs: 0,
	jitterMs: 0,
	failEvery: 0,
	failStatus: 503,
	retryAfter: undefined,
	malformed: null,
	malformedEvery: 1,
};

const ROUTE = /^\/backend\/api\/v1\/email-validation\/jobs\/(?:(\d+)\/(?:(records|download)\/)?)?$/;
// Benchmarks hammer the server; the log keeps the latest requests only.
const MAX_LOG = 100_000;
/** Records per chunk of a streamed download. */
const DOWNLOAD_CHUNK = 1000;

type Shape = 'envelope' | 'job' | 'download-json' | 'download-csv' | 'plain';

interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	shape: Shape;
	/** The value `body` was serialised from, to build a wrong-shaped variant. */
	value?: unknown;
	/** Streamed bodies (downloads) are produced chunk by chunk instead of `body`. */
	chunks?: () => Iterator<string>;
}

interface RequestContext {
	method: string;
	rawPath: string;
	rawQuery: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	host: string;
}

const DRF_HEADERS = {
	'Content-Type': 'application/json',
	Vary: 'Accept',
	Allow: 'GET, HEAD, OPTIONS',
	'X-Frame-Options': 'DENY',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
} as const;

function jsonReply(
	status: number,
	value: unknown,
	shape: Shape = 'plain',
	headers: Record<string, string> = {},
): Reply {
	let body = JSON.stringify(value);
	if (shape === 'envelope' || shape === 'job') {
		// The service serialises credits as a Python float (178.0); JSON.stringify would write 178.
		body = body.replace(/"total_credits_charged":(-?\d+)(?=[,}])/g, '"total_credits_charged":$1.0');
	}
	return {status, headers: {...DRF_HEADERS, ...headers}, body, shape, value};
}

function htmlReply(status: number, body: string, headers: Record<string, string> = {}): Reply {
	return {status, headers: {'Content-Type': 'text/html; charset=utf-8', ...headers}, body, shape: 'plain'};
}

const notFound = () => jsonReply(404, {detail: 'Not found.'});
const invalidPage = () => jsonReply(404, {detail: 'Invalid page.'});
const invalidStatus = () => jsonReply(400, {error: 'Invalid status filter.'});

function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(r: WireRecord): string {
	return `${csvField(r.email)},${csvField(r.status)},${csvField(r.validator_used ?? '')},${r.is_cached ? 'True' : 'False'},${csvField(r.processed_at ?? '')}\r\n`;
}

function* csvChunks(job: DemoJob, size: number, p: number): Generator<string> {
	yield 'Email,Status,Validator,Cached,Processed At\r\n';
	for (let start = 0; start < size; start += DOWNLOAD_CHUNK) {
		let out = '';
		const end = Math.min(size, start + DOWNLOAD_CHUNK);
		for (let i = start; i < end; i++) {
			out += csvRow(job.record(i, p));
		}
		yield out;
	}
}

function* jsonChunks(job: DemoJob, size: number, p: number): Generator<string> {
	yield '[';
	for (let start = 0; start < size; start += DOWNLOAD_CHUNK) {
		const end = Math.min(size, start + DOWNLOAD_CHUNK);
		const parts: string[] = [];
		for (let i = start; i < end; i++) {
			parts.push(JSON.stringify(job.record(i, p)));
		}
		yield (start === 0 ? '' : ',') + parts.join(',');
	}
	yield ']';
}

function wrongShape(reply: Reply): string {
	const value = reply.value as Record<string, unknown> | undefined;
	switch (reply.shape) {
		case 'envelope':
			// Count as a string and no results: parses as JSON, fails any schema.
			return JSON.stringify({
				count: String((value?.['count'] as number | undefined) ?? 0),
				total_pages: value?.['total_pages'],
				current_page: value?.['current_page'],
				next: value?.['next'],
				previous: value?.['previous'],
			});
		case 'job':
			return JSON.stringify({...value, id: String(value?.['id']), status: 3, records: undefined});
		case 'download-json':
			return JSON.stringify({detail: 'ok', records: 'see page 2'});
		case 'download-csv':
			return 'email;status\r\njane@acme.com;Valid\r\n';
		case 'plain':
			return JSON.stringify({unexpected: true});
	}
}

function firstBytes(reply: Reply): Buffer {
	if (!reply.chunks) {
		return Buffer.from(reply.body);
	}
	const it = reply.chunks();
	let text = '';
	for (let i = 0; i < 2; i++) {
		const r = it.next();
		if (r.done) {
			break;
		}
		text += r.value;
	}
	return Buffer.from(text);
}

function withQuery(base: string, query: string): string {
	return query === '' ? base : `${base}?${query}`;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const now = options.now ?? Date.now;
	const data = new DemoData({startMs: now(), processingDurationMs: options.processingDurationMs ?? 120_000});
	let tokens = [...(options.tokens ?? [DEMO_TOKEN])];
	let faults: Faults = {...NO_FAULTS, ...options.faults};
	let faultCount = 0;
	let log: RequestLogEntry[] = [];
	let closed = false;
	const sockets = new Set<Socket>();
	const sleepers = new Set<{timer: NodeJS.Timeout; resolve: () => void}>();
	/** Host for links when a request has no Host header (HTTP/1.0); set once listening. */
	let hostPort = '';

	function sleep(ms: number): Promise<void> {
		return new Promise(resolve => {
			const sleeper = {
				timer: setTimeout(() => {
					sleepers.delete(sleeper);
					resolve();
				}, ms),
				resolve,
			};
			sleepers.add(sleeper);
		});
	}

	function authorized(header: string | undefined): boolean {
		// DRF TokenAuthentication: split on whitespace, keyword compared case-insensitively.
		const parts = (header ?? '').trim().split(/\s+/);
		return parts.length === 2 && parts[0]?.toLowerCase() === 'token' && tokens.includes(parts[1] as string);
	}

	function visibleJob(id: string): DemoJob | undefined {
		const job = data.job(Number(id));
		return job && job.owner === DEMO_OWNER ? job : undefined;
	}

	function envelope<T>(ctx: RequestContext, page: Extract<PageResult, {ok: true}>, count: number, results: T[]): Reply {
		const base = `http://${ctx.host}${ctx.rawPath}`;
		let next: string | null = null;
		let previous: string | null = null;
		if (page.page < page.numPages) {
			next = withQuery(base, replaceQueryParam(ctx.rawQuery, 'page', String(page.page + 1)));
		}
		if (page.page > 1) {
			// DRF drops the page parameter from the link to page 1.
			const value = page.page - 1 === 1 ? null : String(page.page - 1);
			previous = withQuery(base, replaceQueryParam(ctx.rawQuery, 'page', value));
		}
		return jsonReply(
			200,
			{count, total_pages: page.numPages, current_page: page.page, next, previous, results},
			'envelope',
		);
	}

	function listJobs(ctx: RequestContext): Reply {
		const status = ctx.query['status'];
		const filtered = status !== undefined && status !== '' && status !== 'All';
		if (filtered && !(JOB_STATUSES as readonly string[]).includes(status)) {
			return invalidStatus();
		}
		const t = now();
		let jobs = data.ownJobs().map(job => job.summary(t));
		if (filtered) {
			jobs = jobs.filter(job => job.status === status);
		}
		const pageSize = pageSizeParam(ctx.query['page_size'], JOBS_PAGE_SIZE.default, JOBS_PAGE_SIZE.max);
		const page = resolvePage(ctx.query['page'], jobs.length, pageSize);
		if (!page.ok) {
			return invalidPage();
		}
		return envelope(ctx, page, jobs.length, jobs.slice(page.offset, page.offset + pageSize));
	}

	function jobDetail(job: DemoJob): Reply {
		const t = now();
		const p = job.progress(t);
		return jsonReply(200, {...job.summary(t), records: job.records(null, 0, 100, p)}, 'job');
	}

	function jobRecords(ctx: RequestContext, job: DemoJob): Reply {
		const status = ctx.query['status'];
		let filter: number | null = null;
		if (status !== undefined && status !== '' && status !== 'All') {
			if (!(RECORD_STATUSES as readonly string[]).includes(status)) {
				return invalidStatus();
			}
			filter = statusCode(status);
		}
		const p = job.progress(now());
		const count = job.count(filter, p);
		const pageSize = pageSizeParam(ctx.query['page_size'], RECORDS_PAGE_SIZE.default, RECORDS_PAGE_SIZE.max);
		const page = resolvePage(ctx.query['page'], count, pageSize);
		if (!page.ok) {
			return invalidPage();
		}
		return envelope(ctx, page, count, job.records(filter, page.offset, pageSize, p));
	}

	function download(ctx: RequestContext, job: DemoJob): Reply {
		const t = now();
		if (!job.isDone(t)) {
			return jsonReply(400, {error: 'Job is not yet complete.'});
		}
		const p = job.progress(t);
		const size = job.size;
		if (ctx.query['format'] === 'json') {
			return {
				status: 200,
				headers: {...DRF_HEADERS},
				body: '',
				shape: 'download-json',
				chunks: () => jsonChunks(job, size, p),
			};
		}
		return {
			status: 200,
			headers: {
				'Content-Type': 'text/csv',
				'Content-Disposition': `attachment; filename="email_validation_${job.uuid.slice(0, 8)}.csv"`,
				'X-Frame-Options': 'DENY',
				'X-Content-Type-Options': 'nosniff',
			},
			body: '',
			shape: 'download-csv',
			chunks: () => csvChunks(job, size, p),
		};
	}

	function route(ctx: RequestContext): Reply {
		let path: string;
		try {
			path = decodeURIComponent(ctx.rawPath);
		} catch {
			return htmlReply(404, DJANGO_NOT_FOUND_HTML);
		}
		const match = ROUTE.exec(path);
		if (!match) {
			// Django's APPEND_SLASH: a GET to a known route without its trailing slash is redirected.
			if ((ctx.method === 'GET' || ctx.method === 'HEAD') && !path.endsWith('/') && ROUTE.test(`${path}/`)) {
				const location = withQuery(`http://${ctx.host}${ctx.rawPath}/`, ctx.rawQuery);
				return htmlReply(301, '', {Location: location});
			}
			return htmlReply(404, DJANGO_NOT_FOUND_HTML);
		}
		// DRF authenticates before it looks at the method.
		if (!authorized(ctx.headers.authorization)) {
			return jsonReply(401, {detail: 'Invalid token.'}, 'plain', {'WWW-Authenticate': 'Token'});
		}
		if (ctx.method === 'OPTIONS') {
			return jsonReply(200, {
				name: 'Email Validation',
				description: '',
				renders: ['application/json'],
				parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
			});
		}
		if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
			return jsonReply(405, {detail: `Method "${ctx.method}" not allowed.`});
		}
		const [, id, sub] = match;
		if (id === undefined) {
			return listJobs(ctx);
		}
		const job = visibleJob(id);
		if (!job) {
			return notFound();
		}
		if (sub === 'records') {
			return jobRecords(ctx, job);
		}
		if (sub === 'download') {
			return download(ctx, job);
		}
		return jobDetail(job);
	}

	function failure(): Reply {
		const status = faults.failStatus;
		const retryAfter = faults.retryAfter;
		const headers: Record<string, string> = {};
		if ((status === 429 || status === 503) && retryAfter !== undefined) {
			headers['Retry-After'] = String(retryAfter);
		}
		if (status === 429) {
			const detail =
				retryAfter === undefined
					? 'Request was throttled.'
					: `Request was throttled. Expected available in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`;
			return jsonReply(429, {detail}, 'plain', headers);
		}
		if (status === 500) {
			return htmlReply(500, DJANGO_SERVER_ERROR_HTML, headers);
		}
		return htmlReply(status, proxyErrorHtml(status, http.STATUS_CODES[status] ?? 'Error'), headers);
	}

	function sendBody(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
		const buf = typeof body === 'string' ? Buffer.from(body) : body;
		res.writeHead(status, {...headers, 'Content-Length': String(buf.length)});
		res.end(buf);
	}

	async function pump(res: ServerResponse, chunks: Iterator<string>): Promise<void> {
		for (let r = chunks.next(); !r.done; r = chunks.next()) {
			if (res.destroyed) {
				return;
			}
			if (res.write(r.value)) {
				// Give other requests a turn between chunks even when the client keeps up.
				// eslint-disable-next-line no-await-in-loop
				await nextTurn();
			} else {
				// Backpressure: the next chunk waits for the client.
				// eslint-disable-next-line no-await-in-loop
				await new Promise<void>(resolve => {
					const done = () => {
						res.off('drain', done);
						res.off('close', done);
						resolve();
					};
					res.on('drain', done);
					res.on('close', done);
				});
			}
		}
		if (!res.destroyed) {
			res.end();
		}
	}

	async function send(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
		if (!reply.chunks) {
			sendBody(res, reply.status, reply.headers, reply.body);
			return;
		}
		res.writeHead(reply.status, reply.headers);
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		await pump(res, reply.chunks());
	}

	async function sendMalformed(
		req: IncomingMessage,
		res: ServerResponse,
		reply: Reply,
		kind: MalformedKind,
		entry: RequestLogEntry,
	): Promise<void> {
		switch (kind) {
			case 'hang':
				// Never answered; close() destroys the socket.
				entry.status = 0;
				return;
			case 'html':
				entry.status = 200;
				sendBody(res, 200, {'Content-Type': 'text/html; charset=utf-8'}, CAPTIVE_PORTAL_HTML);
				return;
			case 'empty':
				sendBody(res, reply.status, reply.headers, '');
				return;
			case 'wrong-shape':
				if (reply.status === 200) {
					sendBody(res, 200, reply.headers, wrongShape(reply));
				} else {
					await send(req, res, reply);
				}
				return;
			case 'truncated': {
				const full = firstBytes(reply);
				sendBody(res, reply.status, reply.headers, full.subarray(0, Math.floor(full.length / 2)));
				return;
			}
			case 'stop-halfway':
			case 'reset': {
				const full = firstBytes(reply);
				res.writeHead(reply.status, {...reply.headers, 'Content-Length': String(full.length)});
				res.write(full.subarray(0, Math.floor(full.length / 2)), () => {
					if (kind === 'reset') {
						res.socket?.resetAndDestroy();
					} else {
						// A clean FIN before Content-Length bytes arrived: the body is simply short.
						res.socket?.end();
					}
				});
				return;
			}
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
		const ctx: RequestContext = {
			method: req.method ?? 'GET',
			rawPath: q === -1 ? rawUrl : rawUrl.slice(0, q),
			rawQuery,
			// Like Django's QueryDict.get(): the last value of a repeated key wins.
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			headers: req.headers,
			host: req.headers.host ?? hostPort,
		};
		const entry: RequestLogEntry = {method: ctx.method, path: ctx.rawPath, query: ctx.query, status: 0};
		if (log.length >= MAX_LOG) {
			log.splice(0, MAX_LOG / 2);
		}
		log.push(entry);
		const n = ++faultCount;
		const f = faults;
		const delay = f.latencyMs + (f.jitterMs > 0 ? hash32(0x1a7e, n) % (Math.floor(f.jitterMs) + 1) : 0);
		if (delay > 0) {
			await sleep(delay);
		}
		if (closed || res.destroyed) {
			return;
		}
		const failing = faults.failEvery > 0 && n % faults.failEvery === 0;
		const reply = failing ? failure() : route(ctx);
		entry.status = reply.status;
		const malformed = faults.malformed;
		if (!failing && malformed !== null && faults.malformedEvery > 0 && n % faults.malformedEvery === 0) {
			await sendMalformed(req, res, reply, malformed, entry);
			return;
		}
		await send(req, res, reply);
	}

	const server = http.createServer((req, res) => {
		req.on('error', () => {});
		res.on('error', () => {});
		handle(req, res).catch(() => {
			if (!res.headersSent) {
				sendBody(res, 500, {'Content-Type': 'text/html; charset=utf-8'}, DJANGO_SERVER_ERROR_HTML);
			} else {
				res.destroy();
			}
		});
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => {
		socket.destroy();
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	let urlHost = host;
	if (host === '0.0.0.0') {
		urlHost = '127.0.0.1';
	} else if (host === '::') {
		urlHost = '[::1]';
	} else if (host.includes(':')) {
		urlHost = `[${host}]`;
	}
	hostPort = `${urlHost}:${port}`;
	const origin = `http://${hostPort}`;
	let closing: Promise<void> | undefined;

	return {
		origin,
		baseUrl: `${origin}/backend/api/v1/`,
		get token() {
			return tokens[0] ?? '';
		},
		get requests() {
			return log;
		},
		get dataBytes() {
			return data.indexBytes;
		},
		setFaults(partial) {
			faults = {...faults, ...partial};
			faultCount = 0;
		},
		setTokens(next) {
			tokens = [...next];
		},
		setJobSize(jobId, size) {
			const job = data.job(jobId);
			if (!job) {
				throw new RangeError(`The demo has no job ${jobId}.`);
			}
			job.setSize(size);
		},
		resetStats() {
			log = [];
			faultCount = 0;
		},
		close() {
			closing ??= new Promise<void>(resolve => {
				closed = true;
				for (const sleeper of sleepers) {
					clearTimeout(sleeper.timer);
					sleeper.resolve();
				}
				sleepers.clear();
				server.close(() => resolve());
				for (const socket of sockets) {
					socket.destroy();
				}
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

export interface DemoServerCliOptions {
	port?: number;
	host?: string;
	/** Stops the server like SIGINT does (tests). */
	signal?: AbortSignal;
	/** Where the one status line goes (default stdout). */
	write?: (line: string) => void;
}

/** `ecore-records demo-server [--port N]`: serve until SIGINT/SIGTERM, then close and return. */
export async function runDemoServerCli(argv: DemoServerCliOptions): Promise<void> {
	const server = await startDemoServer({host: argv.host, port: argv.port});
	const write = argv.write ?? ((line: string) => process.stdout.write(`${line}\n`));
	// Handlers go in before the line is printed: whoever reads the line may signal at once.
	const stopped = new Promise<void>(resolve => {
		const stop = () => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			argv.signal?.removeEventListener('abort', stop);
			resolve();
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		if (argv.signal?.aborted) {
			stop();
		} else {
			argv.signal?.addEventListener('abort', stop);
		}
	});
	// The demo token is public by design; printing it is how a person gets started.
	write(
		`eCore demo API at ${server.baseUrl} (token ${server.token}). ` +
			`Try: ECORE_BASE_URL=${server.baseUrl} ECORE_API_TOKEN=${server.token} ecore-records. Ctrl+C stops it.`,
	);
	await stopped;
	await server.close();
}
