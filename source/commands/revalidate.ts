// `ecore-records revalidate <job-id>`: the emails of a filter's records uploaded again as a new job, for
// scripts. It shares with the confirmation on screen what is sent (store/revalidate.ts: the same count
// after the API's normalisation, the same cost, the same default name) and the money rules: nothing is
// spent unasked (--yes, or a y typed at a terminal), the upload is sent once and never retried, and
// after an upload without an answer the job list is looked at and reported, never sent again.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import {commandLineSentence, describeError, RejectedEmailsError, type ApiError} from '../api/errors.js';
import type {ApiClient, JobDetail, RecordFilter} from '../api/types.js';
import {connectWithToken} from '../connection.js';
import {CommandFailure, EXIT, exitCodeFor} from '../exit.js';
import {createProgressReporter} from '../export/progress.js';
import {onTerminationSignals} from '../export/signals.js';
import {formatCount} from '../format.js';
import {
	CREDITS_PER_EMAIL,
	defaultListName,
	describeFoundJob,
	describeSource,
	filterSource,
	findUploadedJobs,
	gatherEmails,
	type PreparedEmails,
} from '../store/revalidate.js';
import {sanitize} from '../text/sanitize.js';
import {untrusted} from '../text/untrusted.js';
import {writeLine} from '../terminal/say.js';
import {readLine} from './login.js';

/** Refused addresses named after a 400; the rest are counted. */
const REJECTIONS_SHOWN = 5;

export interface RevalidateOptions {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly status: RecordFilter;
	/** --list-name, already checked to hold more than spaces. */
	readonly listName: string | undefined;
	readonly dryRun: boolean;
	readonly yes: boolean;
	readonly stdin: NodeJS.ReadableStream & {readonly isTTY?: boolean};
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream & {readonly isTTY?: boolean};
	readonly signal?: AbortSignal | undefined;
	readonly now?: () => number;
}

/** The refusal when nobody can be asked: a usage mistake, checked before anything is read or sent. */
export const NEEDS_YES =
	'revalidate spends credits: add --yes to upload without being asked (or --dry-run to see the count and cost)';

const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;

function summary(prepared: PreparedEmails, what: string, listName: string): string {
	const notes = [`from ${plural(prepared.records, 'record')}`];
	if (prepared.duplicates > 0) {
		notes.push(`${plural(prepared.duplicates, 'duplicate')} merged as the API would`);
	}

	if (prepared.invalid > 0) {
		notes.push(`${plural(prepared.invalid, 'address', 'addresses')} the API would refuse left out`);
	}

	const count = prepared.emails.length;
	return (
		`${what}: ${plural(count, 'email')} to upload (${notes.join('; ')}); ` +
		`cost ${plural(count * CREDITS_PER_EMAIL, 'credit')} at the API's default price, charged upfront and ` +
		`refunded for every email that does not come back Valid; list name “${sanitize(untrusted(listName))}”.`
	);
}

/** The sentence for an upload that failed, with what a 400 or a 402 named. */
function failureText(error: ApiError, emails: readonly string[]): string {
	if (error instanceof RejectedEmailsError) {
		const named = error.rejected.flatMap(each => {
			const email = emails[each.index];
			return email === undefined
				? []
				: [`${sanitize(untrusted(email))} (${each.messages.map(m => sanitize(m)).join(' ')})`];
		});
		const shown = named.slice(0, REJECTIONS_SHOWN).join(', ');
		const more = named.length > REJECTIONS_SHOWN ? ` and ${formatCount(named.length - REJECTIONS_SHOWN)} more` : '';
		return `${error.message} Refused: ${shown}${more}.`;
	}

	return commandLineSentence(error);
}

/** A Ctrl-C at the question ends the wait for an answer (the terminal's line is not read any more). */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) {
		return promise;
	}

	signal.throwIfAborted();
	let stop: (() => void) | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_resolve, reject) => {
				stop = () => {
					reject(signal.reason);
				};

				signal.addEventListener('abort', stop, {once: true});
			}),
		]);
	} finally {
		if (stop) {
			signal.removeEventListener('abort', stop);
		}
	}
}

export async function runRevalidate(options: RevalidateOptions): Promise<number> {
	const {client, jobId, status, stdout, stderr, signal} = options;
	const now = options.now ?? Date.now;
	const source = filterSource(status);
	// At a terminal, a line on stderr redrawn in place as the pages are read (nothing when stderr is not one).
	const progress = createProgressReporter(stderr, {jobId, status, verb: 'Reading'});
	let job: JobDetail;
	let prepared: PreparedEmails;
	try {
		[job, prepared] = await Promise.all([
			client.getJob(jobId, {signal}),
			gatherEmails({
				client,
				jobId,
				source,
				signal,
				onProgress: each => {
					progress.update(each);
				},
			}),
		]);
	} finally {
		progress.finish();
	}

	const listName = options.listName ?? defaultListName({id: job.id, name: job.list_name}, source, now());
	const count = prepared.emails.length;
	const what = `Job ${jobId}${job.list_name === null ? '' : ` “${sanitize(job.list_name)}”`}, ${describeSource(source)} records`;
	if (options.dryRun) {
		// Plain figures on stdout for a script; the sentence on stderr for a person.
		stdout.write(`emails\t${count}\ncredits\t${count * CREDITS_PER_EMAIL}\n`);
		writeLine(stderr, summary(prepared, what, listName));
		return EXIT.ok;
	}

	if (count === 0) {
		throw new CommandFailure(`${what}: no email to upload; nothing was sent.`, EXIT.failure);
	}

	writeLine(stderr, summary(prepared, what, listName));
	if (!options.yes) {
		writeLine(stderr, `Upload ${plural(count, 'email')} for ${plural(count * CREDITS_PER_EMAIL, 'credit')}? [y/N]`);
		let answer: string;
		try {
			answer = await untilAborted(readLine(options.stdin), signal);
		} finally {
			// A Ctrl-C leaves the line unread: stop reading, or the open terminal would keep the program alive.
			options.stdin.pause();
			(options.stdin as {unref?: () => void}).unref?.();
		}

		if (!/^\s*y(es)?\s*$/i.test(answer)) {
			writeLine(stderr, 'Nothing was sent.');
			return EXIT.failure;
		}
	}

	const sentAt = now();
	try {
		// No signal: once it has gone out, a Ctrl-C does not take it back; its answer is still reported.
		const created = await client.uploadEmails({emails: prepared.emails, list_name: listName});
		writeLine(
			stderr,
			`Job ${created.job_id} created: ${plural(count, 'email')} sent once; ${plural(count * CREDITS_PER_EMAIL, 'credit')} charged upfront, refunded for any not Valid.`,
		);
		// Plain, so `$(ecore-records revalidate …)` is the id.
		stdout.write(`${created.job_id}\n`);
		return EXIT.ok;
	} catch (error_) {
		const error = describeError(error_, {resource: 'upload'});
		if (error.kind !== 'outcome-unknown') {
			throw new CommandFailure(failureText(error, prepared.emails), exitCodeFor(error.kind));
		}

		// Never sent again from here: what the job list shows is reported, and the person decides.
		let found: string;
		try {
			const jobs = await findUploadedJobs({client, listName, sentAt});
			found =
				jobs.length === 0
					? `No job named “${sanitize(untrusted(listName))}” in the job list since it was sent: it most likely did not arrive.`
					: `In the job list, named “${sanitize(untrusted(listName))}”: ${jobs.map(each => describeFoundJob(each)).join('; ')}.`;
		} catch (lookError) {
			found = `The job list could not be read to look for it (${describeError(lookError, {resource: 'jobs'}).message}).`;
		}

		throw new CommandFailure(`${error.message} ${found}`, EXIT.failure);
	}
}

export async function revalidateCommand(options: RunOptions & {readonly jobId: number}): Promise<number> {
	const {revalidate} = options.flags;
	if (!revalidate.dryRun && !revalidate.yes && !process.stdin.isTTY) {
		throw new CommandFailure(NEEDS_YES, EXIT.usage);
	}

	return connectWithToken(options.flags, async client => {
		const controller = new AbortController();
		const stopListening = onTerminationSignals(reason => {
			controller.abort(reason);
		});
		try {
			return await runRevalidate({
				client,
				jobId: options.jobId,
				status: options.status,
				listName: revalidate.listName,
				dryRun: revalidate.dryRun,
				yes: revalidate.yes,
				stdin: process.stdin,
				stdout: process.stdout,
				stderr: process.stderr,
				signal: controller.signal,
			});
		} finally {
			stopListening();
		}
	});
}
