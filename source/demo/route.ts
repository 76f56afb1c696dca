// The embedded eCore API as a function: a request in, a reply out, no sockets. It answers the
// email-validation endpoints the way the Django REST Framework service does, over the generated demo
// data. server.ts puts it on node:http; faults.ts bends its answers.

import {DEMO_OWNER, DemoData, type DemoJob, statusCode} from './data.js';
import {DJANGO_NOT_FOUND_HTML, type PageResult, pageSizeParam, replaceQueryParam, resolvePage} from './http.js';
import {DRF_HEADERS, type Reply, htmlReply, jsonReply, throttledReply} from './reply.js';
import {JOBS_PAGE_SIZE, JOB_STATUSES, RECORDS_PAGE_SIZE, RECORD_STATUSES, type WireRecord} from './wire.js';

export const DEMO_TOKEN = 'demo-0000-token';

/** One HTTP request as the router sees it. */
export interface DemoRequest {
	readonly method: string;
	/** Path and query as sent (`req.url`). */
	readonly url: string;
	/** Lower-case names, as node:http gives them. `host` builds the pagination links. */
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly body?: Buffer;
}

export interface DemoApiOptions {
	tokens?: readonly string[];
	/** The data clock: the Processing and Uploading jobs move with it. */
	now?: () => number;
	/** How long the Processing job takes to go through all its records. */
	processingDurationMs?: number;
	/** A rate limit, asked after authentication: undefined lets a request through, else seconds to wait. */
	throttle?: () => number | undefined;
}

const ROUTE = /^\/backend\/api\/v1\/email-validation\/jobs\/(?:(\d+)\/(?:(records|download)\/)?)?$/;
/** Records per chunk of a streamed download. */
const DOWNLOAD_CHUNK = 1000;

interface Context {
	readonly method: string;
	readonly rawPath: string;
	readonly rawQuery: string;
	readonly query: Readonly<Record<string, string>>;
	readonly host: string;
}

const notFound = () => jsonReply(404, {detail: 'Not found.'});
const invalidPage = () => jsonReply(404, {detail: 'Invalid page.'});
const invalidStatus = () => jsonReply(400, {error: 'Invalid status filter.'});

function withQuery(base: string, query: string): string {
	return query === '' ? base : `${base}?${query}`;
}

function header(request: DemoRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

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

export class DemoApi {
	readonly data: DemoData;
	private readonly now: () => number;
	private readonly throttle: () => number | undefined;
	private tokens: string[];

	constructor(options: DemoApiOptions = {}) {
		this.now = options.now ?? Date.now;
		this.data = new DemoData({startMs: this.now(), processingDurationMs: options.processingDurationMs ?? 120_000});
		this.tokens = [...(options.tokens ?? [DEMO_TOKEN])];
		this.throttle = options.throttle ?? (() => undefined);
	}

	/** The first accepted token (what a client of the demo uses). */
	get token(): string {
		return this.tokens[0] ?? '';
	}

	setTokens(tokens: readonly string[]): void {
		this.tokens = [...tokens];
	}

	route(request: DemoRequest): Reply {
		const url = request.url;
		const q = url.indexOf('?');
		const rawQuery = q === -1 ? '' : url.slice(q + 1);
		const ctx: Context = {
			method: request.method,
			rawPath: q === -1 ? url : url.slice(0, q),
			rawQuery,
			// Like Django's QueryDict.get(): the last value of a repeated key wins.
			query: Object.fromEntries(new URLSearchParams(rawQuery)),
			host: header(request, 'host') ?? '',
		};
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
		if (!this.authorized(header(request, 'authorization'))) {
			return jsonReply(401, {detail: 'Invalid token.'}, 'plain', {'WWW-Authenticate': 'Token'});
		}
		// Then its throttles (APIView.initial), still before the method.
		const wait = this.throttle();
		if (wait !== undefined) {
			return throttledReply(wait);
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
			return this.listJobs(ctx);
		}
		const job = this.visibleJob(id);
		if (!job) {
			return notFound();
		}
		if (sub === 'records') {
			return this.jobRecords(ctx, job);
		}
		if (sub === 'download') {
			return this.download(ctx, job);
		}
		return this.jobDetail(job);
	}

	private authorized(value: string | undefined): boolean {
		// DRF TokenAuthentication: split on whitespace, keyword compared case-insensitively.
		const parts = (value ?? '').trim().split(/\s+/);
		return parts.length === 2 && parts[0]?.toLowerCase() === 'token' && this.tokens.includes(parts[1] as string);
	}

	private visibleJob(id: string): DemoJob | undefined {
		const job = this.data.job(Number(id));
		return job && job.owner === DEMO_OWNER ? job : undefined;
	}

	private envelope<T>(ctx: Context, page: Extract<PageResult, {ok: true}>, count: number, results: T[]): Reply {
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

	private listJobs(ctx: Context): Reply {
		const status = ctx.query['status'];
		const filtered = status !== undefined && status !== '' && status !== 'All';
		if (filtered && !(JOB_STATUSES as readonly string[]).includes(status)) {
			return invalidStatus();
		}
		const t = this.now();
		let jobs = this.data.ownJobs().map(job => job.summary(t));
		if (filtered) {
			jobs = jobs.filter(job => job.status === status);
		}
		const pageSize = pageSizeParam(ctx.query['page_size'], JOBS_PAGE_SIZE.default, JOBS_PAGE_SIZE.max);
		const page = resolvePage(ctx.query['page'], jobs.length, pageSize);
		if (!page.ok) {
			return invalidPage();
		}
		return this.envelope(ctx, page, jobs.length, jobs.slice(page.offset, page.offset + pageSize));
	}

	private jobDetail(job: DemoJob): Reply {
		const t = this.now();
		const p = job.progress(t);
		return jsonReply(200, {...job.summary(t), records: job.records(null, 0, 100, p)}, 'job');
	}

	private jobRecords(ctx: Context, job: DemoJob): Reply {
		const status = ctx.query['status'];
		let filter: number | null = null;
		if (status !== undefined && status !== '' && status !== 'All') {
			if (!(RECORD_STATUSES as readonly string[]).includes(status)) {
				return invalidStatus();
			}
			filter = statusCode(status);
		}
		const p = job.progress(this.now());
		const count = job.count(filter, p);
		const pageSize = pageSizeParam(ctx.query['page_size'], RECORDS_PAGE_SIZE.default, RECORDS_PAGE_SIZE.max);
		const page = resolvePage(ctx.query['page'], count, pageSize);
		if (!page.ok) {
			return invalidPage();
		}
		return this.envelope(ctx, page, count, job.records(filter, page.offset, pageSize, p));
	}

	private download(ctx: Context, job: DemoJob): Reply {
		const t = this.now();
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
}
