// The re-validation confirmation without React: gathering the emails (with progress), the name field,
// the one upload, and what each answer leads to. It owns the screen's store (upload.ts's reducer); keys
// come in through `key`, and each command of the key map runs through one table.
//
// Money: the POST is sent in `#send` only, only after the reducer accepted `sending` (so once per
// confirmation, whatever keys follow), never retried (the client sends it once), and after an answer that
// leaves the outcome unknown the job list is looked at before sending again is even offered.
import type {Key} from 'ink';
import {describeError, InsufficientCreditsError, RejectedEmailsError, type ApiError} from '../api/errors.js';
import type {ApiClient} from '../api/types.js';
import {formatCount} from '../format.js';
import {runKeys} from '../keys/input.js';
import {type CommandTable} from '../keys/keymap.js';
import {untrusted, type Untrusted} from '../text/untrusted.js';
import {editField, type FieldEdit} from './field.js';
import {systemClock, type Clock} from './ports.js';
import {
	CREDITS_PER_EMAIL,
	defaultListName,
	findUploadedJobs,
	gatherEmails,
	MAX_LIST_NAME_LENGTH,
	sentListName,
	type UploadSource,
} from './revalidate.js';
import {createStore, type Store} from './store.js';
import {
	emailsToSend,
	initialUploadState,
	uploadMode,
	uploadReducer,
	type Rejection,
	type UploadAction,
	type UploadMode,
	type UploadState,
} from './upload.js';

/** What the confirmation asks of the app around it. */
export interface UploadNavigation {
	/** 201: the new job, to open (and follow) in place of the confirmation. `notice` says what was done. */
	created(jobId: number, notice: string): void;
	/** Enter on a job the look in the job list found. */
	open(jobId: number): void;
	/** Esc: back to where `R` was pressed. */
	close(): void;
	/** Quits the app; `lastLine` is said on the terminal once it is given back (what an upload did). */
	quit(lastLine?: string): void;
	/** The API refused the token: the app asks for a new one, then calls `setClient` and `retry`. */
	authError(error: ApiError): void;
}

export interface UploadOptions {
	readonly jobId: number;
	readonly source: UploadSource;
	/** The job's name, when the screen that opened the confirmation had it (else it is asked for). */
	readonly jobName?: Untrusted | null | undefined;
}

export interface UploadDependencies {
	readonly client: ApiClient;
	readonly navigation: UploadNavigation;
	readonly clock?: Clock | undefined;
}

/** Rejected addresses shown after a 400; the rest are counted. */
const REJECTIONS_SHOWN = 5;
/** The gathering's progress line is redrawn at most this often. */
const PROGRESS_EVERY_MS = 100;
/**
 * How long q waits for the answer of an upload on its way before quitting without it. Most answers come
 * within a second; the upload's own timeout (a minute) is longer than anyone waits to quit.
 */
export const QUIT_WAIT_MS = 5000;

/** The new job, said the same way on screen and as the last line after quitting. */
function createdNotice(jobId: number, count: number): string {
	return `Job ${jobId} created: ${formatCount(count)} email${count === 1 ? '' : 's'} sent once, ${formatCount(count * CREDITS_PER_EMAIL)} credits charged (refunded for any not Valid).`;
}

/** `HH:MM:SS`, local time, as the job list's dates are read. */
function clockTime(ms: number): string {
	return new Date(ms).toTimeString().slice(0, 8);
}

const COMMANDS: CommandTable<UploadMode, UploadController> = {
	confirmUpload: screen => screen.confirm(),
	confirmNotNow: screen => screen.notNow(),
	editListName: screen => screen.editName(),
	finishListName: screen => screen.finishName(),
	cancelListName: screen => screen.cancelName(),
	deleteChar: screen => screen.editNameField({type: 'deleteChar'}),
	deleteWord: screen => screen.editNameField({type: 'deleteWord'}),
	clearField: screen => screen.editNameField({type: 'clear'}),
	leaveOutRejected: screen => screen.leaveOut(),
	sendAgain: screen => screen.sendAgain(),
	openFoundJob: screen => screen.openFound(),
	lookAgain: screen => screen.lookAgain(),
	gatherAgain: screen => screen.gather(),
	cancelUpload: screen => screen.cancel(),
	quit: screen => screen.quit(),
};

export class UploadController {
	readonly store: Store<UploadState, UploadAction>;
	readonly jobId: number;
	readonly #deps: UploadDependencies;
	readonly #clock: Clock;
	#client: ApiClient;
	#gatherAbort: AbortController | undefined;
	#lookAbort: AbortController | undefined;
	/** The emails and name of the upload in flight or last sent, and when: what a look in the job list looks for. */
	#sent: {emails: readonly string[]; listName: string; at: number} | undefined;
	#started = false;
	/** While q waits for the upload's answer: stops the wait. */
	#quitting: (() => void) | undefined;
	#quit = false;
	#disposed = false;

	constructor(options: UploadOptions, deps: UploadDependencies) {
		this.jobId = options.jobId;
		this.#deps = deps;
		this.#clock = deps.clock ?? systemClock;
		this.#client = deps.client;
		this.store = createStore(
			uploadReducer,
			initialUploadState({jobId: options.jobId, source: options.source, jobName: options.jobName ?? null}),
		);
	}

	get state(): UploadState {
		return this.store.getState();
	}

	get mode(): UploadMode {
		return uploadMode(this.state);
	}

	// ----- lifecycle -------------------------------------------------------------------------------

	start(): void {
		if (!this.#started) {
			this.#started = true;
			this.gather();
		}
	}

	pause(): void {}

	resume(): void {}

	/** Gone: the gathering and a look stop. An upload already sent is not called back (it cannot be). */
	dispose(): void {
		this.#disposed = true;
		this.#gatherAbort?.abort();
		this.#lookAbort?.abort();
	}

	setClient(client: ApiClient): void {
		this.#client = client;
		if (this.state.phase.kind === 'ready' && this.state.posts > 0) {
			this.#notice('A new token is in use. Nothing was sent with it yet: y sends it.');
		}
	}

	/** After a new token: what failed for the token is done again, except sending (that waits for y). */
	retry(): void {
		if (this.state.phase.kind === 'failed' && this.state.prepared === null) {
			this.gather();
		}
	}

	// ----- keys --------------------------------------------------------------------------------------

	/**
	 * One read from the terminal. Each key press runs the command it means in the mode of that moment, so
	 * a second `y` in the same read finds the upload already sending and means nothing. A paste is never
	 * a command: it is typed into the name field when that has focus, and ignored anywhere else.
	 */
	readonly key = (input: string, key: Key): void => {
		if (this.#disposed) {
			return;
		}

		runKeys(input, key, {
			mode: () => this.mode,
			command: command => {
				COMMANDS[command](this);
			},
			type: text => {
				this.editNameField({type: 'type', text});
			},
			ignoredPaste: () => {
				this.#notice('Pasted text ignored: nothing is sent by a paste. Tab edits the name.');
			},
		});
	};

	// ----- commands --------------------------------------------------------------------------------

	/** Reads the records' emails (again): the count and the cost come from what it finds. */
	gather(): void {
		this.#gatherAbort?.abort();
		const before = this.state;
		this.#dispatch({type: 'gathering'});
		if (this.state === before && before.phase.kind !== 'gathering') {
			return;
		}

		const abort = new AbortController();
		this.#gatherAbort = abort;
		const {source} = this.state;
		const client = this.#client;
		let last = 0;
		const name: Promise<Untrusted | null> =
			this.state.jobName === null
				? client.getJob(this.jobId, {signal: abort.signal}).then(
						job => job.list_name,
						// The name is only for the default list name: without it, "Job 42" does.
						() => null,
					)
				: Promise.resolve(this.state.jobName);
		void (async () => {
			try {
				const prepared = await gatherEmails({
					client,
					jobId: this.jobId,
					source,
					signal: abort.signal,
					onProgress: progress => {
						const now = this.#clock.now();
						if (now - last >= PROGRESS_EVERY_MS || progress.waitMs !== undefined || progress.done === progress.total) {
							last = now;
							this.#dispatch({type: 'progress', progress});
						}
					},
				});
				const jobName = await name;
				if (abort.signal.aborted) {
					return;
				}

				const defaultName = defaultListName({id: this.jobId, name: jobName}, source, this.#clock.now());
				this.#dispatch({type: 'gathered', prepared, jobName, defaultName});
			} catch (error_) {
				if (abort.signal.aborted) {
					return;
				}

				const error = describeError(error_, {resource: 'records', jobId: this.jobId});
				this.#dispatch({type: 'gatherFailed', message: `Could not read the records: ${error.message}`});
				if (error.kind === 'auth') {
					this.#deps.navigation.authError(error);
				}
			} finally {
				if (this.#gatherAbort === abort) {
					this.#gatherAbort = undefined;
				}
			}
		})();
	}

	/** `y`: sends the upload, once. */
	confirm(): void {
		this.#send();
	}

	/** `y` while nothing can be sent: before the count and the cost are on screen, or once it has gone. */
	notNow(): void {
		const {kind} = this.state.phase;
		this.#notice(
			kind === 'gathering'
				? 'Nothing sent: y works once the count and the cost are on screen.'
				: 'Sent once already; nothing more is sent. Its answer shows here.',
		);
	}

	/** `s`, after an upload without an answer and a look in the job list: sends it again, once. */
	sendAgain(): void {
		this.#send();
	}

	editName(): void {
		this.#dispatch({type: 'editName'});
	}

	editNameField(edit: FieldEdit): void {
		this.#dispatch({type: 'setName', name: editField(this.state.listName, edit, MAX_LIST_NAME_LENGTH)});
	}

	finishName(): void {
		this.#dispatch({type: 'finishName'});
	}

	cancelName(): void {
		this.#dispatch({type: 'cancelName'});
	}

	/** `o` after a 400: the addresses the API refused are left out; `y` then sends the rest. */
	leaveOut(): void {
		this.#dispatch({type: 'leaveOut'});
		const left = this.state.leftOut.length;
		if (this.state.phase.kind === 'ready') {
			this.#notice(
				`${formatCount(left)} address${left === 1 ? '' : 'es'} the API refused left out. Nothing was sent yet: y sends the rest.`,
			);
		}
	}

	/** Enter after a look: the job it found (the newest, if several). */
	openFound(): void {
		const {phase} = this.state;
		const job = phase.kind === 'unknown' ? phase.found?.[0] : undefined;
		if (job) {
			this.#deps.navigation.open(job.id);
		} else {
			this.#notice('No job was found to open.');
		}
	}

	/** `r` after an unanswered upload: looks in the job list again. */
	lookAgain(): void {
		this.#look();
	}

	/** Esc: back, unless an upload is on its way (it cannot be called back; its answer will show here). */
	cancel(): void {
		const {kind} = this.state.phase;
		if (kind === 'sending' || kind === 'checking') {
			this.#notice('The upload has been sent and cannot be called back: its answer will show here.');
			return;
		}

		// Closed for good here, not only when the app disposes of it: a key read after Esc sends nothing.
		this.dispose();
		this.#deps.navigation.close();
	}

	/**
	 * q or Ctrl+C: one press quits. Credits may have been spent, so the person must not be left unsure what
	 * was sent: while an upload (or the look for its job) is on its way, the app quits as soon as the
	 * answer comes, for at most QUIT_WAIT_MS (a second press quits at once), and the last line on the
	 * terminal says what it did — the new job, the refusal, or that no answer came and how to check.
	 */
	quit(): void {
		const {kind} = this.state.phase;
		if (this.#quitting === undefined && (kind === 'sending' || kind === 'checking')) {
			this.#notice(
				`Quitting as soon as the upload's answer comes (at most ${QUIT_WAIT_MS / 1000} s), to say what it did. q again quits now.`,
			);
			this.#quitting = this.#clock.every(QUIT_WAIT_MS, () => {
				this.#quitNow();
			});
			return;
		}

		this.#quitNow();
	}

	// ----- internals ---------------------------------------------------------------------------------

	#dispatch(action: UploadAction): void {
		this.store.dispatch(action);
	}

	#quitNow(): void {
		if (this.#quit) {
			return;
		}

		this.#quit = true;
		this.#quitting?.();
		this.#quitting = undefined;
		const line = this.#lastLine();
		this.dispose();
		this.#deps.navigation.quit(line);
	}

	/** Waiting to quit and the answer has come (the look for the job after no answer included): quits. */
	#quitIfAnswered(): void {
		const {kind} = this.state.phase;
		if (this.#quitting !== undefined && kind !== 'sending' && kind !== 'checking') {
			this.#quitNow();
		}
	}

	/** What the last upload did, for the terminal after quitting; nothing when none was sent. */
	#lastLine(): string | undefined {
		const sent = this.#sent;
		if (!sent) {
			return undefined;
		}

		const count = sent.emails.length;
		const what = `The upload of ${formatCount(count)} email${count === 1 ? '' : 's'} as “${sent.listName}”`;
		const check = `Look in the job list before sending it again: ecore-records, then / and the name.`;
		const {phase} = this.state;
		switch (phase.kind) {
			case 'created': {
				return createdNotice(phase.jobId, count);
			}

			case 'rejected': {
				return `${what} was refused (400); nothing was created or charged. ${phase.message}`;
			}

			case 'failed': {
				return `${what} failed; no job was created. ${phase.message}`;
			}

			case 'ready': {
				// Back to the confirmation after sending: only a refused token (401 or 403) does that.
				return `${what} was not taken: the API refused the token; nothing was created or charged.`;
			}

			case 'unknown': {
				if (phase.found && phase.found.length > 0) {
					const jobs = phase.found.map(job => `job ${job.id}`).join(', ');
					return `${what} got no clear answer; the job list has ${jobs} of that name made since it was sent: most likely it.`;
				}

				const looked =
					phase.lookError === null
						? 'no job of that name was in the job list since it was sent: most likely it did not arrive'
						: `the job list could not be read (${phase.lookError})`;
				return `${what} got no clear answer, and ${looked}. ${check}`;
			}

			case 'sending':
			case 'checking': {
				return `${what} was sent at ${clockTime(sent.at)} and no clear answer had come when you quit: it may have made a job and charged up to ${formatCount(count * CREDITS_PER_EMAIL)} credits. ${check}`;
			}

			case 'gathering': {
				return undefined;
			}
		}
	}

	#notice(text: string): void {
		this.#dispatch({type: 'notice', text});
	}

	#send(): void {
		if (this.#disposed) {
			return;
		}

		const before = this.state;
		const emails = emailsToSend(before);
		const listName = sentListName(before.listName);
		if (listName === undefined && before.nameBefore === null && before.phase.kind === 'ready') {
			this.#notice('The list name is empty: Tab, then type one.');
			return;
		}

		this.#dispatch({type: 'sending'});
		// Not accepted (already sending, nothing to send, a field focused): nothing goes out.
		if (this.state === before || this.state.phase.kind !== 'sending' || listName === undefined) {
			return;
		}

		const at = this.#clock.now();
		this.#sent = {emails, listName, at};
		const client = this.#client;
		// No signal: once it has gone out, leaving the screen does not take it back, and its answer still counts.
		client.uploadEmails({emails, list_name: listName}).then(
			created => {
				this.#dispatch({type: 'created', jobId: created.job_id});
				// Quit already (the wait ran out): the last line has been said.
				if (this.#quit) {
					return;
				}

				if (this.#quitting !== undefined) {
					this.#quitNow();
					return;
				}

				this.#deps.navigation.created(created.job_id, createdNotice(created.job_id, emails.length));
			},
			(error_: unknown) => {
				this.#answered(describeError(error_), emails);
				this.#quitIfAnswered();
			},
		);
	}

	#answered(error: ApiError, emails: readonly string[]): void {
		if (error instanceof RejectedEmailsError) {
			const refused = error.rejected.flatMap(each => {
				const email = emails[each.index];
				return email === undefined ? [] : [{email, problems: each.messages}];
			});
			// The addresses came from the API's records: shown as API text.
			const shown: Rejection[] = refused
				.slice(0, REJECTIONS_SHOWN)
				.map(each => ({email: untrusted(each.email), problems: each.problems}));
			this.#dispatch({type: 'rejected', message: error.message, shown, emails: refused.map(each => each.email)});
			return;
		}

		if (error instanceof InsufficientCreditsError) {
			this.#dispatch({
				type: 'failed',
				message: error.message,
				credits: {required: error.required, balance: error.balance},
			});
			return;
		}

		switch (error.kind) {
			case 'auth': {
				this.#dispatch({
					type: 'refused',
					notice: 'The API refused the token: nothing was sent or charged. With a new token, y sends it.',
				});
				if (this.#quit || this.#quitting !== undefined) {
					this.#quitNow();
					return;
				}

				this.#deps.navigation.authError(error);
				return;
			}

			case 'outcome-unknown': {
				this.#dispatch({type: 'checking', message: error.message});
				this.#look();
				return;
			}

			default: {
				this.#dispatch({type: 'failed', message: error.message});
			}
		}
	}

	/** Looks in the job list for the job an upload without an answer may have made. Never sends. */
	#look(): void {
		const sent = this.#sent;
		if (!sent) {
			return;
		}

		if (this.state.phase.kind === 'unknown') {
			this.#dispatch({type: 'checking', message: this.state.phase.message});
		}

		this.#lookAbort?.abort();
		const abort = new AbortController();
		this.#lookAbort = abort;
		findUploadedJobs({client: this.#client, listName: sent.listName, sentAt: sent.at, signal: abort.signal}).then(
			found => {
				if (!abort.signal.aborted) {
					this.#dispatch({type: 'lookedUp', found});
					this.#quitIfAnswered();
				}
			},
			(error_: unknown) => {
				if (!abort.signal.aborted) {
					const error = describeError(error_, {resource: 'jobs'});
					this.#dispatch({type: 'lookFailed', error: error.message});
					this.#quitIfAnswered();
				}
			},
		);
	}
}
