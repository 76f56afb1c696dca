// The demo account's jobs and their records. Records are never stored: each one is a pure function of
// its job's seed and its index. Per job we keep only a byte per record (its final status) and, per
// status, a sorted Int32Array of indices, so a filtered page of the 120,000-record job is an O(1)
// lookup plus the records on that page (≈ 600 KB for the whole big job).

import {RECORD_STATUSES, type WireJob as Job, type WireRecord as JobRecord} from './wire.js';
import {HOSTILE_PAYLOADS} from './hostile.js';
import {B2B_DOMAINS, CONSUMER_DOMAINS, FIRST_NAMES, LAST_NAMES, MX_HOSTS} from './names.js';
import {Weighted, hash32, mix32, pick, seededUuid, unit} from './rng.js';

export const DEMO_OWNER = 'demo';
export const OTHER_OWNER = 'someone-else';

/** Status codes are indices into RECORD_STATUSES; OTHER is a value outside the documented set. */
export const PENDING = 0;
export const VALID = 1;
export const INVALID = 2;
export const UNKNOWN = 3;
export const ERROR = 4;
export const OTHER = 5;
const CODE_COUNT = 6;

export function statusCode(status: string): number {
	const code = (RECORD_STATUSES as readonly string[]).indexOf(status);
	return code === -1 ? OTHER : code;
}

const SALT = {
	status: 1,
	batch: 2,
	email: 3,
	domain: 4,
	validator: 5,
	cached: 6,
	ecId: 7,
	errorKind: 8,
	errorDetail: 9,
	jitter: 10,
	shuffle: 11,
} as const;

// ---------------------------------------------------------------------------------------------------
// Record generation

interface Mix {
	valid: number;
	invalid: number;
	unknown: number;
	error: number;
	pending: number;
}

/** A batch fails as a whole, so Error records come in runs that share one message. */
const ERROR_BATCH = 25;

interface GeneratedSpec {
	seed: number;
	firstRecordId: number;
	mix: Mix;
	domains: Weighted<string>;
	ecIdRate: number;
	ecId: (i: number) => string;
	cachedRate: number;
	/** processed_at (epoch ms) of record i in a job of `size` records. */
	processedAt: (i: number, size: number) => number;
	/** Final statuses fixed by hand for the first records (job 42's exact counts). */
	fixedStatuses?: Uint8Array;
}

const VALIDATORS_FOR: Record<number, Weighted<string>> = {
	[VALID]: new Weighted([
		['ZeroBounce', 82],
		['RevenueBase', 14],
		['SMTP', 4],
	]),
	[INVALID]: new Weighted([
		['ZeroBounce', 84],
		['RevenueBase', 10],
		['SMTP', 6],
	]),
	// RevenueBase is the second opinion after a ZeroBounce catch-all, so it decides most Unknowns.
	[UNKNOWN]: new Weighted([
		['ZeroBounce', 30],
		['RevenueBase', 45],
		['SMTP', 25],
	]),
};

type MessageMaker = (h: number, seed: number) => string;

/** A company's domain for an error message: a B2B domain, chosen by the batch's hash. */
function domainFor(h: number, seed: number): string {
	return B2B_DOMAINS.pick(unit(seed, h, SALT.domain));
}

/** A mail exchanger: the company's own (mx., mx1., mail.) or a hosted one. */
function mxHost(h: number, seed: number): string {
	const style = (h >>> 4) % 10;
	if (style < 2) {
		return pick(MX_HOSTS, h >>> 8);
	}
	const prefix = ['mx', 'mx', 'mx1', 'mx2', 'mail', 'smtp', 'inbound', 'mx'][style - 2] as string;
	return `${prefix}.${domainFor(h, seed)}`;
}

const VALIDATOR_HOSTS = [
	'api.zerobounce.net',
	'bulkapi.zerobounce.net',
	'api-us.zerobounce.net',
	'api.revenuebase.ai',
	'batch.revenuebase.ai',
] as const;

/** Documentation addresses (RFC 5737), as a remote mail server would report them. */
function ipAddress(h: number): string {
	const net = ['192.0.2', '198.51.100', '203.0.113'][h % 3] as string;
	return `${net}.${1 + ((h >>> 8) % 254)}`;
}

/** Why a TLS handshake with a mail exchanger failed, in OpenSSL's and Python's ssl module's words. */
function tlsFailure(host: string, h: number): string {
	const reason = [
		'certificate has expired',
		'certificate has expired',
		'self-signed certificate in certificate chain',
		`hostname mismatch, certificate is not valid for '${host}'`,
	][(h >>> 26) % 4] as string;
	return `TLS handshake with ${host}:25 failed: ${reason}`;
}

/** The task queue between the API and the validation workers failing: Celery's and redis-py's words. */
function queueFailure(h: number): string {
	switch ((h >>> 24) % 5) {
		case 3: {
			return `Soft time limit (300s) exceeded for validate_batch[${seededUuid(h)}]`;
		}
		case 4: {
			return 'Error 111 connecting to redis:6379. Connection refused.';
		}
		default: {
			return `Worker lost connection to the validation queue (task ${100_000 + (h % 900_000)}, attempt ${1 + ((h >>> 20) % 3)}/3)`;
		}
	}
}

// Many variants of a few causes: grouped by exact message the Error records of the big job fall into
// well over a hundred groups, grouped by pattern (store/patterns.ts: hosts, ports, numbers, durations,
// quoted values, ids and addresses as placeholders) into under twenty. One message dominates, as a
// real outage would. The causes are the ones a validation service meets: validator APIs timing out or
// answering 429/5xx, SMTP refusals and greylisting, TLS and DNS failures, and its own task queue.
// A batch fails as a whole, so `h` is the batch's hash and every record of the batch has one message.
const ERROR_MESSAGES = new Weighted<MessageMaker>([
	[() => 'ZeroBounce API timeout after 30s', 28],
	[h => `ZeroBounce API timeout after ${h % 4 === 0 ? 60 : 45}s`, 6],
	[h => `RevenueBase API timeout after ${[30, 45, 60][h % 3] as number}s`, 3],
	[() => 'Batch HTTP 502 from RevenueBase', 6],
	[(h, seed) => `SMTP connection refused by ${mxHost(h, seed)}:${h % 5 === 0 ? 587 : 25}`, 12],
	[h => `HTTP 503 Service Unavailable from ${pick(VALIDATOR_HOSTS, h)} (attempt ${1 + ((h >>> 3) % 3)}/3)`, 8],
	[h => `ZeroBounce API returned HTTP 429 (rate limited, retry in ${5 + (h % 55)}s)`, 7],
	[(h, seed) => tlsFailure(mxHost(h, seed), h), 6],
	[queueFailure, 5],
	[h => `SMTP 421 4.7.0 [${ipAddress(h)}] Too many connections from your IP, try again later`, 5],
	[
		h =>
			`RevenueBase rejected the batch: unknown result code '${['CA-07', 'U-12', 'TEMP_ERR', 'RB-409', 'x-grey', 'MBX-FULL'][h % 6] as string}'`,
		4,
	],
	[(h, seed) => `DNS lookup failed for ${domainFor(h, seed)}: SERVFAIL`, 5],
	[(h, seed) => `SMTP ${mxHost(h, seed)} greylisted the sender: 450 4.7.1 Try again later`, 4],
	[h => `ZeroBounce API returned HTTP 500 (request id zb-${h.toString(16).padStart(8, '0')})`, 3],
]);

const NAME_PAIRS = FIRST_NAMES.length * LAST_NAMES.length;

/**
 * A seeded bijection of [0, NAME_PAIRS) onto (first, last) pairs: a small Feistel network over the two
 * name indices. Within one round of NAME_PAIRS records no two records share a name pair (so emails stay
 * unique, the round number is appended after that), yet neighbouring records look unrelated.
 */
function namePair(seed: number, i: number): [string, string] {
	const r = i % NAME_PAIRS;
	let a = r % FIRST_NAMES.length;
	let b = Math.floor(r / FIRST_NAMES.length);
	for (let k = 0; k < 3; k++) {
		a = (a + hash32(seed, b, 100 + k)) % FIRST_NAMES.length;
		b = (b + hash32(seed, a, 200 + k)) % LAST_NAMES.length;
	}
	return [FIRST_NAMES[a] as string, LAST_NAMES[b] as string];
}

function generatedEmail(spec: GeneratedSpec, i: number): string {
	const [first, last] = namePair(spec.seed, i);
	const round = Math.floor(i / NAME_PAIRS);
	const h = hash32(spec.seed, i, SALT.email);
	const style = h % 100;
	let local: string;
	if (style < 48) {
		local = `${first}.${last}`;
	} else if (style < 64) {
		local = `${first}${last}`;
	} else if (style < 74) {
		local = `${first}_${last}`;
	} else if (style < 84) {
		local = `${last}.${first}`;
	} else if (style < 92) {
		local = `${first}-${last}`;
	} else {
		local = `${first}.${last}${10 + ((h >>> 8) % 90)}`;
	}
	if (round > 0) {
		local += String(round);
	}
	const flavour = (h >>> 16) % 100;
	if (flavour < 3) {
		local += '+news';
	} else if (flavour < 6) {
		local = local.replace(/(^|[._-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
	}
	return `${local}@${spec.domains.pick(unit(spec.seed, i, SALT.domain))}`;
}

function mixedStatus(spec: GeneratedSpec, i: number): number {
	const fixed = spec.fixedStatuses;
	if (fixed && i < fixed.length) {
		return fixed[i] as number;
	}
	const {mix} = spec;
	if (mix.error > 0 && unit(spec.seed, Math.floor(i / ERROR_BATCH), SALT.batch) < mix.error) {
		return ERROR;
	}
	const u = unit(spec.seed, i, SALT.status) * (1 - mix.error);
	if (u < mix.valid) {
		return VALID;
	}
	if (u < mix.valid + mix.invalid) {
		return INVALID;
	}
	if (u < mix.valid + mix.invalid + mix.unknown || mix.pending === 0) {
		return UNKNOWN;
	}
	return PENDING;
}

/** The message every Error record of batch `batch` of a job with this seed carries. */
function batchErrorMessage(seed: number, batch: number): string {
	const make = ERROR_MESSAGES.pick(unit(seed, batch, SALT.errorKind));
	return make(hash32(seed, batch, SALT.errorDetail), seed);
}

function errorMessage(spec: GeneratedSpec, i: number): string {
	return batchErrorMessage(spec.seed, Math.floor(i / ERROR_BATCH));
}

function generatedRecord(spec: GeneratedSpec, i: number, size: number): JobRecord {
	const code = mixedStatus(spec, i);
	const ecId = unit(spec.seed, i, SALT.ecId) < spec.ecIdRate ? spec.ecId(i) : null;
	const record: JobRecord = {
		id: spec.firstRecordId + i,
		ec_id: ecId,
		email: generatedEmail(spec, i),
		status: RECORD_STATUSES[code] ?? 'Unknown',
		validator_used: null,
		is_cached: false,
		error_message: null,
		processed_at: null,
	};
	if (code === PENDING) {
		return record;
	}
	record.processed_at = new Date(spec.processedAt(i, size)).toISOString();
	if (code === ERROR) {
		record.error_message = errorMessage(spec, i);
		return record;
	}
	record.validator_used = (VALIDATORS_FOR[code] as Weighted<string>).pick(unit(spec.seed, i, SALT.validator));
	record.is_cached = unit(spec.seed, i, SALT.cached) < spec.cachedRate;
	return record;
}

// ---------------------------------------------------------------------------------------------------
// Jobs

export interface JobSource {
	/** Final status code of record i. */
	status(i: number): number;
	/** Final state of record i, in a job that currently has `size` records. */
	record(i: number, size: number): JobRecord;
}

function generatedSource(spec: GeneratedSpec): JobSource {
	return {
		status: i => mixedStatus(spec, i),
		record: (i, size) => generatedRecord(spec, i, size),
	};
}

export type JobKind = 'processed' | 'processing' | 'uploading' | 'failed';

interface JobDef {
	id: number;
	uuid: string;
	listName: string;
	owner: string;
	kind: JobKind;
	size: number;
	createdAt: number;
	chargedAt: number;
	startedAt: number | null;
	completedAt: number | null;
	/** Failed jobs: how many records were done before the crash. */
	failedAfter?: number;
	/** Processing jobs: time to go through all records. */
	durationMs?: number;
	source: JobSource;
}

/** Per-status sorted record indices; rebuilt when a job is resized. */
class StatusIndex {
	readonly lists: Int32Array[];

	constructor(size: number, status: (i: number) => number) {
		const codes = new Uint8Array(size);
		const counts = new Array<number>(CODE_COUNT).fill(0);
		for (let i = 0; i < size; i++) {
			const code = status(i);
			codes[i] = code;
			counts[code] = (counts[code] as number) + 1;
		}
		this.lists = counts.map(count => new Int32Array(count));
		const fill = new Array<number>(CODE_COUNT).fill(0);
		for (let i = 0; i < size; i++) {
			const code = codes[i] as number;
			(this.lists[code] as Int32Array)[fill[code] as number] = i;
			fill[code] = (fill[code] as number) + 1;
		}
	}

	/** How many records of `code` have an index below `limit`. */
	countBelow(code: number, limit: number): number {
		const list = this.lists[code] as Int32Array;
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if ((list[mid] as number) < limit) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	get byteLength(): number {
		return this.lists.reduce((sum, list) => sum + list.byteLength, 0);
	}
}

export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

function iso(ms: number | null): string | null {
	return ms === null ? null : new Date(ms).toISOString();
}

export class DemoJob {
	readonly id: number;
	readonly uuid: string;
	readonly owner: string;
	readonly kind: JobKind;
	private readonly def: JobDef;
	// Built on first use: starting the demo for one job should not index the 120,000-record one.
	#index: StatusIndex | undefined;
	private get index(): StatusIndex {
		this.#index ??= new StatusIndex(this.currentSize, this.def.source.status);
		return this.#index;
	}

	private currentSize: number;

	constructor(def: JobDef) {
		this.def = def;
		this.id = def.id;
		this.uuid = def.uuid;
		this.owner = def.owner;
		this.kind = def.kind;
		this.currentSize = def.size;
	}

	get size(): number {
		return this.currentSize;
	}

	/** Bytes held for this job's index (the per-status lists). */
	get indexBytes(): number {
		return this.index.byteLength;
	}

	setSize(size: number): void {
		const n = Math.max(0, Math.floor(size));
		this.currentSize = n;
		this.#index = undefined;
	}

	/** Records with an index below this number have their final status; the rest are still Pending. */
	progress(now: number): number {
		const n = this.currentSize;
		switch (this.def.kind) {
			case 'processed':
				return n;
			case 'uploading':
				return 0;
			case 'failed':
				return Math.min(n, this.def.failedAfter ?? 0);
			case 'processing': {
				const elapsed = now - (this.def.startedAt ?? now);
				const duration = this.def.durationMs ?? 1;
				if (elapsed <= 0) {
					return 0;
				}
				return elapsed >= duration ? n : Math.min(n, Math.floor((elapsed * n) / duration));
			}
		}
	}

	/** Number of records matching a status code (null = all) at progress p. */
	count(filter: number | null, p: number): number {
		if (filter === null) {
			return this.currentSize;
		}
		const done = this.index.countBelow(filter, p);
		return filter === PENDING ? done + (this.currentSize - p) : done;
	}

	/** Index of the k-th record (by id) matching the filter at progress p. */
	indexAt(filter: number | null, k: number, p: number): number {
		if (filter === null) {
			return k;
		}
		if (filter === PENDING) {
			const done = this.index.countBelow(PENDING, p);
			return k < done ? ((this.index.lists[PENDING] as Int32Array)[k] as number) : p + (k - done);
		}
		return (this.index.lists[filter] as Int32Array)[k] as number;
	}

	record(i: number, p: number): JobRecord {
		const record = this.def.source.record(i, this.currentSize);
		if (i < p) {
			return record;
		}
		return {
			id: record.id,
			ec_id: record.ec_id,
			email: record.email,
			status: 'Pending',
			validator_used: null,
			is_cached: false,
			error_message: null,
			processed_at: null,
		};
	}

	/** Records [offset, offset + limit) of the filtered, id-ordered list. */
	records(filter: number | null, offset: number, limit: number, p: number): JobRecord[] {
		const end = Math.min(this.count(filter, p), offset + limit);
		const out: JobRecord[] = [];
		for (let k = offset; k < end; k++) {
			out.push(this.record(this.indexAt(filter, k, p), p));
		}
		return out;
	}

	isDone(now: number): boolean {
		return this.def.kind === 'processed' || (this.def.kind === 'processing' && this.progress(now) >= this.currentSize);
	}

	summary(now: number): Job {
		const def = this.def;
		const n = this.currentSize;
		const p = this.progress(now);
		const valid = this.index.countBelow(VALID, p);
		const invalid = this.index.countBelow(INVALID, p);
		const unknown = this.index.countBelow(UNKNOWN, p);
		const processed = p - this.index.countBelow(PENDING, p);
		let status: string;
		let completedAt = def.completedAt;
		let startedAt = def.startedAt;
		switch (def.kind) {
			case 'processed':
				status = 'Processed';
				break;
			case 'uploading':
				status = 'Uploading';
				break;
			case 'failed':
				status = 'Failed';
				break;
			case 'processing':
				if (def.startedAt !== null && now < def.startedAt) {
					// Queued: the worker has not picked it up yet.
					status = 'Uploading';
					startedAt = null;
				} else if (p >= n && def.startedAt !== null) {
					status = 'Processed';
					completedAt = def.startedAt + (def.durationMs ?? 0);
				} else {
					status = 'Processing';
				}
				break;
		}
		// Charged upfront for every email; a crash refunds all. A job that was followed from upload gets its
		// refund for every non-Valid record in one transaction at the end (credit-costs.md); the older ones
		// show the refund for each processed record.
		let credits: number;
		if (def.kind === 'failed') {
			credits = 0;
		} else if (def.kind === 'processing' || def.kind === 'uploading') {
			credits = status === 'Processed' ? valid : n;
		} else {
			credits = n - (processed - valid);
		}
		let duration: string | null = null;
		if (startedAt !== null) {
			duration = formatDuration((completedAt ?? now) - startedAt);
		}
		return {
			id: def.id,
			uuid: def.uuid,
			list_name: def.listName,
			status,
			total_records: n,
			valid_count: valid,
			invalid_count: invalid,
			unknown_count: unknown,
			total_credits_charged: credits,
			credits_charged_at: iso(def.chargedAt),
			created_at: iso(def.createdAt) as string,
			started_at: iso(startedAt),
			completed_at: iso(completedAt),
			duration,
			results_summary: `${processed}/${n}`,
		};
	}

	get createdAt(): number {
		return this.def.createdAt;
	}
}

// ---------------------------------------------------------------------------------------------------
// The demo account

const B2B_MIX: Mix = {valid: 0.72, invalid: 0.16, unknown: 0.08, error: 0.02, pending: 0.02};

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

interface StaticJob {
	id: number;
	listName: string;
	size: number;
	created: string;
	durationMs: number;
	mix?: Mix;
	consumer?: boolean;
	ecIdRate?: number;
	ecId?: (i: number) => string;
	firstRecordId: number;
	kind?: 'processed' | 'failed';
	failedAfter?: number;
	owner?: string;
}

/** A finished job whose records were processed, in id order, between 35% of its run and its end. */
function staticJob(job: StaticJob): JobDef {
	const seed = hash32(0x5eed, job.id);
	const createdAt = Date.parse(job.created);
	const startedAt = createdAt + 4000 + (seed % 5000);
	const chargedAt = startedAt + 6000 + ((seed >>> 8) % 3000);
	const completedAt = startedAt + job.durationMs;
	const firstAt = startedAt + Math.floor(job.durationMs * 0.35);
	const processedUntil = job.kind === 'failed' ? (job.failedAfter ?? job.size) : job.size;
	const step = (completedAt - 300 - firstAt) / Math.max(1, processedUntil);
	const jitter = Math.max(1, Math.floor(step * 0.8));
	const spec: GeneratedSpec = {
		seed,
		firstRecordId: job.firstRecordId,
		mix: job.mix ?? B2B_MIX,
		domains: job.consumer ? CONSUMER_DOMAINS : B2B_DOMAINS,
		ecIdRate: job.ecIdRate ?? 0,
		ecId: job.ecId ?? (i => `LEAD-${pad(i + 1, 5)}`),
		cachedRate: 0.2,
		processedAt: i => Math.floor(firstAt + i * step) + (hash32(seed, i, SALT.jitter) % jitter),
	};
	return {
		id: job.id,
		uuid: seededUuid(seed),
		listName: job.listName,
		owner: job.owner ?? DEMO_OWNER,
		kind: job.kind ?? 'processed',
		size: job.size,
		createdAt,
		chargedAt,
		startedAt,
		completedAt,
		failedAfter: job.failedAfter,
		source: generatedSource(spec),
	};
}

function q1Leads(): JobDef {
	const seed = hash32(0x5eed, 42);
	// Exactly the documented counts, interleaved by a seeded shuffle; record 0 is the documented Valid one.
	const fixed = new Uint8Array(250);
	fixed.fill(VALID, 0, 178);
	fixed.fill(INVALID, 178, 227);
	fixed.fill(UNKNOWN, 227, 250);
	for (let i = fixed.length - 1; i > 1; i--) {
		const j = 1 + (hash32(seed, i, SALT.shuffle) % i);
		const tmp = fixed[i] as number;
		fixed[i] = fixed[j] as number;
		fixed[j] = tmp;
	}
	const firstAt = Date.parse('2026-05-06T11:42:31.412Z');
	const completedAt = Date.parse('2026-05-06T11:43:17.880Z');
	const step = (completedAt - 250 - firstAt) / 250;
	const spec: GeneratedSpec = {
		seed,
		firstRecordId: 9881,
		mix: {valid: 0.712, invalid: 0.196, unknown: 0.092, error: 0, pending: 0},
		domains: B2B_DOMAINS,
		ecIdRate: 0,
		ecId: i => `Q1-${pad(i + 1, 4)}`,
		cachedRate: 0.2,
		processedAt: i => Math.floor(firstAt + i * step) + (i === 0 ? 0 : hash32(seed, i, SALT.jitter) % 150),
		fixedStatuses: fixed,
	};
	const generated = generatedSource(spec);
	const jane: JobRecord = {
		id: 9881,
		ec_id: null,
		email: 'jane@acme.com',
		status: 'Valid',
		validator_used: 'ZeroBounce',
		is_cached: false,
		error_message: null,
		processed_at: '2026-05-06T11:42:31.412Z',
	};
	return {
		id: 42,
		uuid: 'f8a1c3e5-9b2d-4e6f-a8c1-0d3e5f7a9b2d',
		listName: 'Q1 Leads',
		owner: DEMO_OWNER,
		kind: 'processed',
		size: 250,
		createdAt: Date.parse('2026-05-06T11:41:55.001Z'),
		chargedAt: Date.parse('2026-05-06T11:42:08.913Z'),
		startedAt: Date.parse('2026-05-06T11:42:01.220Z'),
		completedAt,
		source: {
			status: generated.status,
			record: (i, size) => (i === 0 ? {...jane} : generated.record(i, size)),
		},
	};
}

function enterpriseExport(): JobDef {
	return staticJob({
		id: 7001,
		listName: 'Enterprise CRM export',
		size: 120_000,
		created: '2026-11-20T08:15:02.311Z',
		durationMs: (2 * 3600 + 14 * 60 + 37) * 1000 + 512,
		mix: {valid: 0.7, invalid: 0.15, unknown: 0.06, error: 0.05, pending: 0.04},
		ecIdRate: 0.6,
		ecId: i => `CRM-${pad(i + 1, 6)}`,
		firstRecordId: 500_001,
	});
}

function webinarSignups(startMs: number, durationMs: number): JobDef {
	const seed = hash32(0x5eed, 44);
	const startedAt = startMs;
	const spec: GeneratedSpec = {
		seed,
		firstRecordId: 12_001,
		mix: {valid: 0.66, invalid: 0.2, unknown: 0.1, error: 0.04, pending: 0},
		domains: CONSUMER_DOMAINS,
		ecIdRate: 0.3,
		ecId: i => `WEB-${pad(i + 1, 5)}`,
		cachedRate: 0.2,
		// Record i turns final exactly when progress() passes it: i < floor(elapsed·n/d) ⇔ (i+1)·d/n ≤ elapsed.
		processedAt: (i, size) => startedAt + Math.floor(((i + 1) * durationMs) / Math.max(1, size)),
	};
	return {
		id: 44,
		uuid: seededUuid(seed),
		listName: 'Webinar signups',
		owner: DEMO_OWNER,
		kind: 'processing',
		size: 1500,
		createdAt: startMs - 41_337,
		chargedAt: startMs - 39_101,
		startedAt,
		completedAt: null,
		durationMs,
		source: generatedSource(spec),
	};
}

function tradeShowScans(startMs: number): JobDef {
	const seed = hash32(0x5eed, 45);
	const spec: GeneratedSpec = {
		seed,
		firstRecordId: 14_001,
		mix: B2B_MIX,
		domains: B2B_DOMAINS,
		ecIdRate: 0.9,
		ecId: i => `BADGE-${pad(i + 1, 4)}`,
		cachedRate: 0.2,
		processedAt: () => startMs,
	};
	return {
		id: 45,
		uuid: seededUuid(seed),
		listName: 'Trade show badge scans',
		owner: DEMO_OWNER,
		kind: 'uploading',
		size: 320,
		createdAt: startMs - 12_480,
		chargedAt: startMs - 10_925,
		startedAt: null,
		completedAt: null,
		source: generatedSource(spec),
	};
}

// ----- the hostile job ------------------------------------------------------------------------------

const HOSTILE_LIST_NAME = 'h\u001b[31mostile\u001b]0;pwned\u0007 list';

function longTraceback(): string {
	const frames: string[] = ['Traceback (most recent call last):'];
	let n = 0;
	while (frames.join('\n').length < 9_800) {
		frames.push(`  File "/app/validation/cascade.py", line ${100 + n}, in run_batch_${n}`);
		frames.push(`    result = client.validate(batch[${n}], timeout=30)`);
		n++;
	}
	const tail = "\nrequests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.zerobounce.net', port=443)";
	return (frames.join('\n') + tail).padEnd(10_000, '.').slice(0, 10_000);
}

type HostileRow = Omit<JobRecord, 'id'>;

function hostileRows(): HostileRow[] {
	const at = (s: number) => new Date(Date.parse('2026-11-12T16:06:07.000Z') + s * 1337).toISOString();
	const rows: HostileRow[] = [];
	const base = {ec_id: null, validator_used: 'ZeroBounce', is_cached: false, error_message: null} as const;
	HOSTILE_PAYLOADS.forEach((payload, j) => {
		const status = ['Valid', 'Invalid', 'Unknown'][j % 3] as string;
		rows.push({
			...base,
			ec_id: `HOST-${pad(j, 3)}`,
			email: j % 2 === 0 ? payload.text : `${payload.text}@hostile.example`,
			status,
			is_cached: j % 5 === 0,
			processed_at: at(rows.length),
		});
		rows.push({
			...base,
			ec_id: payload.text,
			email: `ec-id-${j}@hostile.example`,
			status: j % 2 === 0 ? 'Valid' : 'Unknown',
			validator_used: j % 2 === 0 ? 'ZeroBounce' : 'RevenueBase',
			processed_at: at(rows.length),
		});
		rows.push({
			...base,
			email: `error-${j}@hostile.example`,
			status: 'Error',
			validator_used: null,
			error_message: payload.text,
			processed_at: at(rows.length),
		});
	});
	const payload = (k: number) => (HOSTILE_PAYLOADS[k % HOSTILE_PAYLOADS.length] as {text: string}).text;
	// Every field hostile at once, from different payloads.
	for (let k = 0; k < 6; k++) {
		rows.push({
			ec_id: payload(k * 7 + 1),
			email: payload(k * 7 + 2),
			status: 'Error',
			validator_used: null,
			is_cached: false,
			error_message: payload(k * 7 + 3),
			processed_at: at(rows.length),
		});
	}
	const nulls = {ec_id: null, validator_used: null, is_cached: false, error_message: null, processed_at: null};
	rows.push({...nulls, email: 'all.nulls.pending@hostile.example', status: 'Pending'});
	rows.push({...nulls, email: 'all.nulls.error@hostile.example', status: 'Error'});
	rows.push({...nulls, email: 'all.nulls.valid@hostile.example', status: 'Valid'});
	rows.push({...nulls, email: '', status: 'Invalid'});
	rows.push({...nulls, email: '   ', status: 'Invalid'});
	rows.push({
		...base,
		email: 'long.traceback@hostile.example',
		status: 'Error',
		validator_used: null,
		error_message: longTraceback(),
		processed_at: at(rows.length),
	});
	rows.push({
		...base,
		email: 'long.line@hostile.example',
		status: 'Error',
		validator_used: null,
		error_message: `SMTP 554 ${'rejected '.repeat(1200)}`.slice(0, 10_000),
		processed_at: at(rows.length),
	});
	rows.push({
		...base,
		email: 'multi.line@hostile.example',
		status: 'Error',
		validator_used: null,
		error_message:
			'Batch HTTP 502 from RevenueBase\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n',
		processed_at: at(rows.length),
	});
	rows.push({
		...base,
		email: 'tabs.and.crlf@hostile.example',
		status: 'Error',
		validator_used: null,
		error_message: 'col1\tcol2\tcol3\r\nrow\tcontinues\there\n\n\nafter blank lines',
		processed_at: at(rows.length),
	});
	const wide: Array<[string, string | null, string | null]> = [
		['山田太郎@例え.日本', '顧客-００１２３', null],
		['👩‍💻🎉@emoji.example', '🔥HOT-LEAD🔥', null],
		['josé.garcía@correo.es', 'ÑANDÚ-42', null],
		['مرحبا@مثال.اختبار', 'عميل-٤٢', 'خطأ في التحقق من البريد'],
		['ｆｕｌｌｗｉｄｔｈ@ｅｘａｍｐｌｅ.ｃｏｍ', 'ＷＩＤＥ-１', '全角エラー：タイムアウト 🕐'],
		['🏳️‍🌈🏳️‍⚧️👨‍👩‍👧‍👦@flags.example', '👍🏽👍🏿', 'Validator said 🤷 and gave up'],
	];
	wide.forEach(([email, ecId, message]) => {
		rows.push({
			...base,
			email,
			ec_id: ecId,
			status: message ? 'Error' : 'Valid',
			validator_used: message ? null : 'SMTP',
			error_message: message,
			processed_at: at(rows.length),
		});
	});
	// Shapes a strict client must survive: an undocumented status, a hostile validator name, a Python-style
	// timestamp with microseconds and an offset instead of Z.
	rows.push({
		...base,
		email: 'catch.all@hostile.example',
		status: 'Catch-All',
		validator_used: 'RevenueBase',
		processed_at: at(rows.length),
	});
	rows.push({
		...base,
		email: 'odd.validator@hostile.example',
		status: 'Valid',
		validator_used: 'ZeroBounce\u001b[2J\u001b]0;pwned\u0007',
		processed_at: at(rows.length),
	});
	rows.push({
		...base,
		email: 'python.time@hostile.example',
		status: 'Valid',
		processed_at: '2026-11-12T16:09:59.123456+00:00',
	});
	return rows;
}

function hostileJob(): JobDef {
	const seed = hash32(0x5eed, 666);
	const rows = hostileRows();
	const firstRecordId = 66_601;
	const fallback = generatedSource({
		seed,
		firstRecordId,
		mix: B2B_MIX,
		domains: B2B_DOMAINS,
		ecIdRate: 0.5,
		ecId: i => `HOST-${pad(i, 3)}`,
		cachedRate: 0.2,
		processedAt: i => Date.parse('2026-11-12T16:30:00.000Z') + i * 911,
	});
	return {
		id: 666,
		uuid: seededUuid(seed),
		listName: HOSTILE_LIST_NAME,
		owner: DEMO_OWNER,
		kind: 'processed',
		size: rows.length,
		createdAt: Date.parse('2026-11-12T16:05:41.207Z'),
		chargedAt: Date.parse('2026-11-12T16:05:52.660Z'),
		startedAt: Date.parse('2026-11-12T16:05:47.031Z'),
		completedAt: Date.parse('2026-11-12T16:12:03.994Z'),
		source: {
			status: i => (i < rows.length ? statusCode((rows[i] as HostileRow).status) : fallback.status(i)),
			record: (i, size) =>
				i < rows.length ? {id: firstRecordId + i, ...(rows[i] as HostileRow)} : fallback.record(i, size),
		},
	};
}

// ----- uploads ----------------------------------------------------------------------------------------

const UPLOAD_SEED = 0x0a11;

/** FNV-1a over the UTF-16 code units, then mixed: an email's own seed, whatever job it is in. */
function textHash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	}
	return mix32(h >>> 0);
}

/** What validating an email gives: the same answer for the same address in any upload. */
function uploadedStatus(email: string): number {
	const u = unit(UPLOAD_SEED, textHash(email), SALT.status);
	if (u < 0.64) {
		return VALID;
	}
	if (u < 0.82) {
		return INVALID;
	}
	return u < 0.95 ? UNKNOWN : ERROR;
}

export interface UploadSpec {
	/** Addresses as the API keeps them: stripped, lowercased, deduplicated. */
	readonly emails: readonly string[];
	readonly listName: string;
	readonly createdAt: number;
	/** Uploading until then, when the worker picks it up. */
	readonly startsAt: number;
	/** Time to go through every record once started. */
	readonly durationMs: number;
}

function uploadedJob(id: number, firstRecordId: number, spec: UploadSpec): JobDef {
	const seed = hash32(0x5eed, id);
	const n = spec.emails.length;
	const status = (i: number) => uploadedStatus(spec.emails[i] as string);
	return {
		id,
		uuid: seededUuid(seed),
		listName: spec.listName,
		owner: DEMO_OWNER,
		kind: 'processing',
		size: n,
		createdAt: spec.createdAt,
		// Charged upfront, on upload.
		chargedAt: spec.createdAt,
		startedAt: spec.startsAt,
		completedAt: null,
		durationMs: spec.durationMs,
		source: {
			status,
			record: (i, size) => {
				const email = spec.emails[i] as string;
				const code = status(i);
				const h = textHash(email);
				const record: JobRecord = {
					id: firstRecordId + i,
					ec_id: null,
					email,
					status: RECORD_STATUSES[code] as string,
					validator_used: null,
					is_cached: false,
					error_message: null,
					// Record i turns final exactly when progress() passes it, as in the Processing job.
					processed_at: new Date(
						spec.startsAt + Math.floor(((i + 1) * spec.durationMs) / Math.max(1, size)),
					).toISOString(),
				};
				if (code === ERROR) {
					record.error_message = batchErrorMessage(seed, Math.floor(i / ERROR_BATCH));
				} else {
					record.validator_used = (VALIDATORS_FOR[code] as Weighted<string>).pick(unit(UPLOAD_SEED, h, SALT.validator));
					record.is_cached = unit(UPLOAD_SEED, h, SALT.cached) < 0.2;
				}
				return record;
			},
		},
	};
}

// ----- everything together --------------------------------------------------------------------------

export interface DemoDataOptions {
	/** Clock reading when the server started: the Processing and Uploading jobs are relative to it. */
	startMs: number;
	/** How long the Processing job takes to go through all its records. */
	processingDurationMs: number;
}

export class DemoData {
	private readonly jobs = new Map<number, DemoJob>();
	private nextJobId = 0;
	/** Above every generated job's records. */
	private nextRecordId = 1_000_001;

	constructor(options: DemoDataOptions) {
		const defs: JobDef[] = [
			enterpriseExport(),
			hostileJob(),
			tradeShowScans(options.startMs),
			webinarSignups(options.startMs, options.processingDurationMs),
			staticJob({
				id: 43,
				listName: 'Empty upload',
				size: 0,
				created: '2026-05-06T14:03:12.554Z',
				durationMs: 1_204,
				firstRecordId: 11_001,
			}),
			q1Leads(),
			staticJob({
				id: 41,
				listName: 'Partner referrals',
				size: 800,
				created: '2026-05-02T09:12:44.870Z',
				durationMs: 47_310,
				kind: 'failed',
				failedAfter: 312,
				ecIdRate: 0.4,
				ecId: i => `REF-${pad(i + 1, 4)}`,
				firstRecordId: 8_001,
			}),
			staticJob({
				id: 39,
				listName: 'Newsletter opt-ins April',
				size: 1_840,
				created: '2026-04-30T17:20:05.118Z',
				durationMs: 205_440,
				consumer: true,
				firstRecordId: 6_001,
			}),
			staticJob({
				id: 38,
				listName: 'Cold outreach batch 3',
				size: 5_000,
				created: '2026-04-22T10:02:17.306Z',
				durationMs: 611_902,
				ecIdRate: 1,
				firstRecordId: 200_001,
			}),
			staticJob({
				id: 36,
				listName: 'Cold outreach batch 2',
				size: 5_000,
				created: '2026-04-15T10:01:55.741Z',
				durationMs: 598_114,
				ecIdRate: 1,
				firstRecordId: 190_001,
			}),
			staticJob({
				id: 35,
				listName: 'Cold outreach batch 1',
				size: 4_870,
				created: '2026-04-08T09:58:31.020Z',
				durationMs: 587_263,
				ecIdRate: 1,
				firstRecordId: 180_001,
			}),
			staticJob({
				id: 31,
				listName: 'Customer re-engagement',
				size: 12_400,
				created: '2026-03-27T13:45:09.993Z',
				durationMs: 1_402_871,
				ecIdRate: 0.8,
				ecId: i => `CUST-${pad(i + 1, 6)}`,
				firstRecordId: 150_001,
			}),
			staticJob({
				id: 28,
				listName: 'Event attendees 2025',
				size: 642,
				created: '2026-03-03T08:30:00.412Z',
				durationMs: 83_005,
				consumer: true,
				firstRecordId: 4_001,
			}),
			staticJob({
				id: 24,
				listName: 'Sales Navigator export',
				size: 2_300,
				created: '2026-02-18T15:11:36.288Z',
				durationMs: 276_550,
				ecIdRate: 0.95,
				ecId: i => `SN-${(hash32(24, i) % 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`,
				firstRecordId: 1_501,
			}),
			staticJob({
				id: 19,
				listName: 'Legacy CRM cleanup',
				size: 30_000,
				created: '2026-01-29T07:00:03.150Z',
				durationMs: 3_488_129,
				mix: {valid: 0.55, invalid: 0.25, unknown: 0.12, error: 0.06, pending: 0.02},
				ecIdRate: 0.7,
				ecId: i => `SF-00Q${pad(i + 1, 7)}`,
				firstRecordId: 100_001,
			}),
			staticJob({
				id: 12,
				listName: 'Test upload',
				size: 3,
				created: '2026-01-12T11:59:40.500Z',
				durationMs: 2_310,
				firstRecordId: 1_001,
			}),
			staticJob({
				id: 7,
				listName: 'Support contacts',
				size: 96,
				created: '2026-01-05T16:22:48.061Z',
				durationMs: 14_220,
				firstRecordId: 501,
			}),
			staticJob({
				id: 99,
				listName: "Someone else's list",
				size: 50,
				created: '2026-05-07T10:00:00.000Z',
				durationMs: 9_000,
				owner: OTHER_OWNER,
				firstRecordId: 990_001,
			}),
		];
		for (const def of defs) {
			this.jobs.set(def.id, new DemoJob(def));
			this.nextJobId = Math.max(this.nextJobId, def.id + 1);
		}
	}

	/** A new job of the demo account from an upload, with the next job id and record ids. */
	addUpload(spec: UploadSpec): DemoJob {
		const job = new DemoJob(uploadedJob(this.nextJobId++, this.nextRecordId, spec));
		this.nextRecordId += spec.emails.length;
		this.jobs.set(job.id, job);
		return job;
	}

	/** Any job, whoever owns it; the server decides what the caller may see. */
	job(id: number): DemoJob | undefined {
		return this.jobs.get(id);
	}

	/** The demo account's jobs, newest first. */
	ownJobs(): DemoJob[] {
		return [...this.jobs.values()]
			.filter(job => job.owner === DEMO_OWNER)
			.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
	}

	/** Total bytes of every job's status index: the only per-record memory the demo keeps. */
	get indexBytes(): number {
		let sum = 0;
		for (const job of this.jobs.values()) {
			sum += job.indexBytes;
		}
		return sum;
	}
}
