// Re-validation: the emails of some records of a job (a status filter, a breakdown group, a find) sent
// again as a new job (upload-emails.md). What is decided here is shared by the confirmation on screen
// and `ecore-records revalidate`: which records, which emails after the API's own normalisation (so
// the count and the cost shown are what is charged), the new list's default name, and how to look for
// a job that an upload without an answer may have created. Nothing here sends the upload.
import {abortedError, describeError, isApiError} from '../api/errors.js';
import {pagesOf, type ThrottleWait} from '../api/pages.js';
import {
	JOBS_PAGE_SIZE,
	RECORDS_PAGE_SIZE,
	type ApiClient,
	type Job,
	type JobRecord,
	type RecordFilter,
} from '../api/types.js';
import {formatCount} from '../format.js';
import {emailProblem, normalisedEmail, drfTrimmed} from '../text/email.js';
import {sanitize} from '../text/sanitize.js';
import {rawText, sameText, timeOf, type SafeText, type Untrusted} from '../text/untrusted.js';
import {BREAKDOWN_STATUS, groupOf, type Grouping} from './breakdown.js';
import {withoutPlaceholders} from './patterns.js';
import {matchesFind} from './records.js';

/**
 * Credits per email: the API's default price (credit-costs.md, "1 credit per email (default)"). No
 * endpoint tells an account's own price, so the cost shown is at this price, and says so.
 */
export const CREDITS_PER_EMAIL = 1;

/** DRF's usual bound on a name field; the API's own is not documented. Longer names are cut to it. */
export const MAX_LIST_NAME_LENGTH = 255;

/** A breakdown group, as far as re-validating it needs: which records are in it, and those in hand. */
export interface GroupSelection {
	readonly grouping: Grouping;
	readonly key: string;
	readonly label: Untrusted;
	/** Records in the group (exact). */
	readonly count: number;
	/** The group's records kept by the breakdown: all of them unless it hit its cap. */
	readonly records: readonly JobRecord[];
}

/** Which records of a job are re-validated. */
export interface UploadSource {
	/** The status filter read from the API (a breakdown group's records are Error records). */
	readonly status: RecordFilter;
	/** Only the records of this breakdown group. */
	readonly group?: GroupSelection | undefined;
	/** Only the records whose email or ec_id contains this text (the find, case-insensitive). */
	readonly find?: string | undefined;
}

export function filterSource(status: RecordFilter): UploadSource {
	return {status};
}

/**
 * A breakdown group's records (Error records), narrowed to a find's matches, and to `filter` when the
 * group's records are shown under another status filter than All.
 */
export function groupSource(group: GroupSelection, find?: string, filter: RecordFilter = 'All'): UploadSource {
	return {status: filter === 'All' ? BREAKDOWN_STATUS : filter, group, find: find === '' ? undefined : find};
}

function selects(source: UploadSource, record: JobRecord): boolean {
	// Records read from the API are of the status asked for already; a group's records in hand may not be.
	if (source.status !== 'All' && !sameText(record.status, source.status)) {
		return false;
	}

	if (source.group && groupOf(record, source.group.grouping).key !== source.group.key) {
		return false;
	}

	return source.find === undefined || matchesFind(record, source.find);
}

/** What the records are, for a sentence and the list name: "Error", "Error · SMTP connection refused…", "“acme”". */
export function describeSource(source: UploadSource, maxLabel = 80, use: 'shown' | 'name' = 'shown'): SafeText {
	const parts: string[] = [source.status];
	if (source.group) {
		const shown = sanitize(source.group.label);
		// A name is read and kept: `{duration}` means something on the breakdown's screen, not in a job list.
		const label = use === 'name' && source.group.grouping === 'pattern' ? withoutPlaceholders(shown) : shown;
		parts.push([...label].length > maxLabel ? `${[...label].slice(0, maxLabel - 1).join('')}…` : label);
	}

	if (source.find !== undefined) {
		parts.push(`“${sanitize(source.find)}”`);
	}

	// Built from sanitised parts and our own words only.
	return parts.join(' · ') as SafeText;
}

// ----- the emails --------------------------------------------------------------------------------------

/** An address the API would refuse, left out before anything is sent. */
export interface LeftOut {
	readonly email: Untrusted;
	/** DRF's words for why. */
	readonly problem: string;
}

export interface PreparedEmails {
	/** What is sent: each address as the API keeps it (trimmed, lower case), once, in the order first seen. */
	readonly emails: readonly string[];
	/** Records read. */
	readonly records: number;
	/** Records whose address was already in the list once normalised (the API would have merged them). */
	readonly duplicates: number;
	/** Records whose address the API would refuse: left out, so the upload is not refused as a whole. */
	readonly invalid: number;
	/** The first few of those, to show. */
	readonly invalidSamples: readonly LeftOut[];
}

const INVALID_SAMPLES = 5;

/** Collects the emails of records as they are read, normalised and checked as the API will. */
export class EmailCollector {
	readonly #seen = new Set<string>();
	readonly #emails: string[] = [];
	readonly #invalid: LeftOut[] = [];
	#records = 0;
	#duplicates = 0;
	#invalidCount = 0;

	add(email: Untrusted): void {
		this.#records++;
		const raw = rawText(email);
		const problem = emailProblem(raw);
		if (problem !== undefined) {
			this.#invalidCount++;
			if (this.#invalid.length < INVALID_SAMPLES) {
				this.#invalid.push({email, problem});
			}

			return;
		}

		const normal = normalisedEmail(raw);
		if (this.#seen.has(normal)) {
			this.#duplicates++;
			return;
		}

		this.#seen.add(normal);
		this.#emails.push(normal);
	}

	result(): PreparedEmails {
		return {
			emails: [...this.#emails],
			records: this.#records,
			duplicates: this.#duplicates,
			invalid: this.#invalidCount,
			invalidSamples: [...this.#invalid],
		};
	}
}

export function prepareEmails(emails: Iterable<Untrusted>): PreparedEmails {
	const collector = new EmailCollector();
	for (const email of emails) {
		collector.add(email);
	}

	return collector.result();
}

export interface GatherProgress {
	/** Records of the filter read so far. */
	readonly done: number;
	/** Records of the filter, as the latest page said (never below `done`); undefined before the first page. */
	readonly total: number | undefined;
	/** The API asked to slow down: reading waits this long (then a progress without it). */
	readonly waitMs?: number | undefined;
	/** Pages read, and how many the filter has as the latest page said (none before the first page). */
	readonly page?: number | undefined;
	readonly pages?: number | undefined;
}

export interface GatherOptions {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly source: UploadSource;
	readonly signal?: AbortSignal | undefined;
	readonly onProgress?: ((progress: GatherProgress) => void) | undefined;
	/** Pages in flight at the most (api/pages.ts's default otherwise). */
	readonly concurrency?: number | undefined;
}

/**
 * The emails of the source's records. A breakdown group whose records are all in hand needs no request;
 * anything else is read page by page through api/pages.ts (a few pages in flight, fewer while the API
 * throttles, every record once and in order). Rejects with an ApiError.
 */
export async function gatherEmails(options: GatherOptions): Promise<PreparedEmails> {
	const {client, jobId, source, signal, onProgress} = options;
	if (signal?.aborted) {
		throw abortedError();
	}

	const collector = new EmailCollector();
	const inHand = source.group && source.group.records.length >= source.group.count ? source.group.records : undefined;
	if (inHand) {
		for (const record of inHand) {
			if (selects(source, record)) {
				collector.add(record.email);
			}
		}

		onProgress?.({done: inHand.length, total: inHand.length});
		return collector.result();
	}

	let read = 0;
	// Unknown until page 1 has answered.
	let total: number | undefined;
	let pagesRead = 0;
	const pageSize = RECORDS_PAGE_SIZE.max;
	const where = () =>
		pagesRead === 0 ? {} : {page: pagesRead, pages: Math.max(pagesRead, Math.ceil((total ?? read) / pageSize))};
	const pages = pagesOf({
		client,
		jobId,
		status: source.status,
		signal,
		pageSize,
		concurrency: options.concurrency,
		onWait: (wait: ThrottleWait | undefined) => {
			onProgress?.({done: read, total, waitMs: wait?.waitMs, ...where()});
		},
	});
	try {
		for await (const page of pages) {
			for (const record of page.results) {
				if (selects(source, record)) {
					collector.add(record.email);
				}
			}

			read += page.results.length;
			total = Math.max(page.count, read);
			pagesRead++;
			onProgress?.({done: read, total, ...where()});
		}
	} catch (error) {
		if (signal?.aborted) {
			throw abortedError();
		}

		// Page 1 past the end: the filter is empty (on later pages pagesOf takes it as the filter shrinking).
		if (!(isApiError(error) && error.kind === 'invalid-page')) {
			throw describeError(error, {resource: 'records', jobId});
		}
	}

	return collector.result();
}

// ----- the new list's name -------------------------------------------------------------------------------

const pad2 = (value: number) => String(value).padStart(2, '0');

/** The local date, `2026-12-01`. */
export function isoDate(ms: number): string {
	const date = new Date(ms);
	return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
}

/** Cut to the API's bound on a name, never half a character. */
export function boundedListName(name: string): string {
	const characters = [...name];
	return characters.length <= MAX_LIST_NAME_LENGTH ? name : characters.slice(0, MAX_LIST_NAME_LENGTH).join('');
}

/**
 * The new job's name: the job's name, what was re-validated and the date, e.g. `Q1 Leads — Error —
 * 2026-12-01`. Made of sanitised text, so a hostile job name is sent back as the visible text it was
 * shown as, never as the control characters it held.
 */
export function defaultListName(
	job: {readonly id: number; readonly name: Untrusted | null},
	source: UploadSource,
	now: number,
): string {
	const name = job.name === null ? '' : drfTrimmed(sanitize(job.name));
	const base = name === '' ? `Job ${job.id}` : name;
	// The date and what was re-validated are kept whole; a long job name gives way.
	const tail = ` — ${describeSource(source, 60, 'name')} — ${isoDate(now)}`;
	const room = Math.max(10, MAX_LIST_NAME_LENGTH - [...tail].length);
	const cut = [...base].length > room ? `${[...base].slice(0, room - 1).join('')}…` : base;
	return boundedListName(`${cut}${tail}`);
}

/** The list name as the API will keep it (a DRF CharField trims it), or undefined when nothing is left. */
export function sentListName(typed: string): string | undefined {
	const name = drfTrimmed(typed);
	return name === '' ? undefined : boundedListName(name);
}

// ----- after an upload without an answer -------------------------------------------------------------------

/**
 * How far back a job counts as the one an unanswered upload may have made: its own time since sending,
 * plus this much for the API's clock being behind ours.
 */
export const LOOK_BACK_MS = 10 * 60 * 1000;

export interface LookOptions {
	readonly client: ApiClient;
	/** The list name the upload was sent with (as sent). */
	readonly listName: string;
	/** When the upload was sent, on our clock. */
	readonly sentAt: number;
	readonly signal?: AbortSignal | undefined;
}

/**
 * Jobs that an upload without an answer may have created: those on the first page of the job list
 * (newest first, as many as the API gives at once) with the same list name, created since shortly
 * before it was sent. Rejects with an ApiError when the job list cannot be read.
 */
export async function findUploadedJobs(options: LookOptions): Promise<Job[]> {
	const {client, listName, sentAt, signal} = options;
	const page = await client.listJobs({page: 1, page_size: JOBS_PAGE_SIZE.max}, {signal});
	return page.results.filter(job => {
		const created = timeOf(job.created_at);
		return sameText(job.list_name, listName) && created !== undefined && created.getTime() >= sentAt - LOOK_BACK_MS;
	});
}

/** One line about a job found that way: `job 7003 (Uploading, 6,187 records, created 14:02:11)`. */
export function describeFoundJob(job: Job): string {
	const created = timeOf(job.created_at);
	const at = created ? `${pad2(created.getHours())}:${pad2(created.getMinutes())}:${pad2(created.getSeconds())}` : '?';
	return `job ${job.id} (${sanitize(job.status)}, ${formatCount(job.total_records)} records, created ${at})`;
}
