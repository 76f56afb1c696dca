// The embedded eCore API as a function: a request in, a reply out, no sockets. It answers the
// email-validation endpoints the way the Django REST Framework service does, over the generated demo
// data. server.ts puts it on node:http; faults.ts bends its answers.

import {DEMO_OWNER, DemoData, type DemoJob, VALID, statusCode} from './data.js';
import {DJANGO_NOT_FOUND_HTML, type PageResult, pageSizeParam, replaceQueryParam, resolvePage} from './http.js';
import {DRF_HEADERS, type Reply, htmlReply, jsonReply, throttledReply} from './reply.js';
import {readUpload} from './upload.js';
import {DEMO_BALANCE, Wallet} from './wallet.js';
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
	/** Addresses the upload refuses on top of Django's rules (lower case). */
	refusedEmails?: () => ReadonlySet<string>;
	/** Credits in the demo account's wallet at start (default DEMO_BALANCE). */
	balance?: number;
	/** An uploaded job is Uploading for `queuedMs`, then Processing for `processingMs`. */
	uploadTiming?: Partial<UploadTiming>;
}

export interface UploadTiming {
	readonly queuedMs: number;
	readonly processingMs: number;
}

/** A few seconds from upload to Processed, so a person sees the job move. */
export const DEFAULT_UPLOAD_TIMING: UploadTiming = {queuedMs: 1000, processingMs: 5000};
/** credit-costs.md: email validation's default price. */
const CREDITS_PER_EMAIL = 1;

const ROUTE = /^\/backend\/api\/v1\/email-validation\/jobs\/(?:(\d+)\/(?:(records|download)\/)?)?$/;
const UPLOAD_ROUTE = '/backend/api/v1/email-validation/jobs/upload/';
/** What DRF's Allow header lists for each view. */
const READ_METHODS = 'GET, HEAD, OPTIONS';
const UPLOAD_METHODS = 'POST, OPTIONS';
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
	readonly wallet: Wallet;
	private readonly now: () => number;
	private readonly throttle: () => number | undefined;
	private readonly refusedEmails: () => ReadonlySet<string>;
	private readonly uploadTiming: UploadTiming;
	private tokens: string[];

	constructor(options: DemoApiOptions = {}) {
		this.now = options.now ?? Date.now;
		this.data = new DemoData({startMs: this.now(), processingDurationMs: options.processingDurationMs ?? 120_000});
		this.tokens = [...(options.tokens ?? [DEMO_TOKEN])];
		this.throttle = options.throttle ?? (() => undefined);
		this.refusedEmails = options.refusedEmails ?? (() => new Set());
		this.wallet = new Wallet(options.balance ?? DEMO_BALANCE);
		this.uploadTiming = {...DEFAULT_UPLOAD_TIMING, ...options.uploadTiming};
	}

	/** The demo account's credits now (refunds of completed uploads included). */
	get balance(): number {
		return this.wallet.balance(this.now());
	}

	setBalance(balance: number): void {
		this.wallet.set(balance, this.now());
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
		const upload = path === UPLOAD_ROUTE;
		const match = upload ? null : ROUTE.exec(path);
		if (!upload && !match) {
			// Django's APPEND_SLASH: a known route without its trailing slash is redirected (a POST too,
			// outside DEBUG; a client following it sends a GET).
			const known = (candidate: string) => candidate === UPLOAD_ROUTE || ROUTE.test(candidate);
			if (!path.endsWith('/') && known(`${path}/`)) {
				const location = withQuery(`http://${ctx.host}${ctx.rawPath}/`, ctx.rawQuery);
				return htmlReply(301, '', {Location: location});
			}
			return htmlReply(404, DJANGO_NOT_FOUND_HTML);
		}
		const allow = {Allow: upload ? UPLOAD_METHODS : READ_METHODS};
		// DRF authenticates before it looks at the method.
		if (!this.authorized(header(request, 'authorization'))) {
			return jsonReply(401, {detail: 'Invalid token.'}, 'plain', {...allow, 'WWW-Authenticate': 'Token'});
		}
		// Then its throttles (APIView.initial), still before the method.
		const wait = this.throttle();
		if (wait !== undefined) {
			return throttledReply(wait, allow);
		}
		if (ctx.method === 'OPTIONS') {
			return jsonReply(
				200,
				{
					name: upload ? 'Upload Emails' : 'Email Validation',
					description: '',
					renders: ['application/json'],
					parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
				},
				'plain',
				allow,
			);
		}
		const allowed = upload ? ctx.method === 'POST' : ctx.method === 'GET' || ctx.method === 'HEAD';
		if (!allowed) {
			return jsonReply(405, {detail: `Method "${ctx.method}" not allowed.`}, 'plain', allow);
		}
		if (!match) {
			// The one route the expression leaves out.
			return this.upload(request);
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

	/** Upload Emails: read and check the body, price it, charge it, and queue the new job. */
	private upload(request: DemoRequest): Reply {
		const allow = {Allow: UPLOAD_METHODS};
		const read = readUpload(header(request, 'content-type'), request.body ?? Buffer.alloc(0), this.refusedEmails());
		if (!read.ok) {
			return {...jsonReply(read.status, read.body, 'plain', allow), upload: {emailCount: read.sent, jobId: null}};
		}
		const now = this.now();
		const required = read.emails.length * CREDITS_PER_EMAIL;
		const balance = this.wallet.balance(now);
		if (balance < required) {
			// Pre-checked before any work: nothing is charged (error-codes.md).
			return {
				...jsonReply(
					402,
					{error: `Insufficient credits. You need ${required} credits but have ${balance}.`, required, balance},
					'plain',
					allow,
				),
				upload: {emailCount: read.sent, jobId: null},
			};
		}
		const {queuedMs, processingMs} = this.uploadTiming;
		const job = this.data.addUpload({
			emails: read.emails,
			listName: read.listName,
			createdAt: now,
			startsAt: now + queuedMs,
			durationMs: processingMs,
		});
		this.wallet.charge(required);
		// One combined refund for every record that does not come back Valid, when the job completes.
		const valid = job.count(VALID, job.size);
		this.wallet.refundAt(now + queuedMs + processingMs, required - valid * CREDITS_PER_EMAIL);
		const summary = job.summary(now);
		// The docs' example stops after job_id; the rest is what a DRF view would plausibly add.
		return {
			...jsonReply(
				201,
				{
					job_id: job.id,
					uuid: summary.uuid,
					list_name: summary.list_name,
					status: summary.status,
					total_records: summary.total_records,
					total_credits_charged: summary.total_credits_charged,
					created_at: summary.created_at,
				},
				'created',
				allow,
			),
			upload: {emailCount: read.sent, jobId: job.id},
		};
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
