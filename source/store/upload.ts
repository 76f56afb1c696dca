// State of the re-validation confirmation: a pure reducer with a typed action union. The one rule that
// matters most is here, where no effect can get around it: an upload is sent only on the `sending`
// action, which this reducer accepts only from a phase that offers sending, and which leaves that phase
// at once. The controller sends its POST only when the reducer accepted the action, so a second `y`
// (repeated, typed ahead, pasted) finds the phase already `sending` and sends nothing.
import type {Job} from '../api/types.js';
import type {Untrusted} from '../text/untrusted.js';
import type {GatherProgress, PreparedEmails, UploadSource} from './revalidate.js';

/** The modes the confirmation reads keys in: each offers only the keys that work in its phase. */
export type UploadMode =
	'confirm' | 'confirmName' | 'confirmWait' | 'confirmFailed' | 'confirmRejected' | 'confirmUnknown';

/** One email the API refused (400), with its words. */
export interface Rejection {
	/** The address as it was sent. */
	readonly email: Untrusted;
	readonly problems: readonly Untrusted[];
}

export type UploadPhase =
	/** Reading the records' emails (a filter can span many pages). */
	| {readonly kind: 'gathering'; readonly progress: GatherProgress | null}
	/** The count, cost and name are on screen: `y` sends. */
	| {readonly kind: 'ready'}
	/** The POST is on its way: sent once, never again from here. */
	| {readonly kind: 'sending'; readonly emails: number}
	/** 400: the API named addresses it refuses; nothing was created or charged. */
	| {
			readonly kind: 'rejected';
			readonly message: string;
			/** The first few, to show. */
			readonly shown: readonly Rejection[];
			/** Every refused address as sent, to leave out on `o`. */
			readonly emails: readonly string[];
	  }
	/** Nothing was created (402, 429, a connection that never opened…, or the records could not be read). */
	| {
			readonly kind: 'failed';
			readonly message: string;
			/** 402: what the upload needed and what the wallet holds, when the API said. */
			readonly credits?: {readonly required: number | undefined; readonly balance: number | undefined};
	  }
	/** No clear answer came: looking in the job list for the job it may have made. */
	| {readonly kind: 'checking'; readonly message: string}
	/** What the look found (or why it could not look); sending again is offered, never done. */
	| {
			readonly kind: 'unknown';
			readonly message: string;
			readonly found: readonly Job[] | null;
			readonly lookError: string | null;
	  }
	| {readonly kind: 'created'; readonly jobId: number};

export interface UploadState {
	readonly jobId: number;
	readonly source: UploadSource;
	/** The job's name, once known. */
	readonly jobName: Untrusted | null;
	readonly phase: UploadPhase;
	/** The emails gathered (null until they are). */
	readonly prepared: PreparedEmails | null;
	/** Addresses the API refused in an earlier try, left out with `o`. */
	readonly leftOut: readonly string[];
	/** The new list's name as typed (a default until Tab edits it). */
	readonly listName: string;
	/** While the name is edited: what it was before (Esc puts it back). Null: no field has focus. */
	readonly nameBefore: string | null;
	readonly notice: string | null;
	/** Uploads sent from this confirmation. */
	readonly posts: number;
}

export type UploadAction =
	| {type: 'gathering'}
	| {type: 'progress'; progress: GatherProgress}
	| {type: 'gathered'; prepared: PreparedEmails; jobName: Untrusted | null; defaultName: string}
	| {type: 'gatherFailed'; message: string}
	| {type: 'editName'}
	| {type: 'setName'; name: string}
	| {type: 'finishName'}
	| {type: 'cancelName'}
	| {type: 'sending'}
	| {type: 'created'; jobId: number}
	| {type: 'rejected'; message: string; shown: readonly Rejection[]; emails: readonly string[]}
	| {type: 'failed'; message: string; credits?: {required: number | undefined; balance: number | undefined}}
	/** The API refused the token: nothing was sent; ready again, for `y` once a new token is in. */
	| {type: 'refused'; notice: string}
	| {type: 'checking'; message: string}
	| {type: 'lookedUp'; found: readonly Job[]}
	| {type: 'lookFailed'; error: string}
	| {type: 'leaveOut'}
	| {type: 'notice'; text: string | null};

export function initialUploadState(options: {
	jobId: number;
	source: UploadSource;
	jobName?: Untrusted | null;
}): UploadState {
	return {
		jobId: options.jobId,
		source: options.source,
		jobName: options.jobName ?? null,
		phase: {kind: 'gathering', progress: null},
		prepared: null,
		leftOut: [],
		listName: '',
		nameBefore: null,
		notice: null,
		posts: 0,
	};
}

/** What `y` sends now: the gathered emails without those left out. */
export function emailsToSend(state: Pick<UploadState, 'prepared' | 'leftOut'>): readonly string[] {
	const emails = state.prepared?.emails ?? [];
	if (state.leftOut.length === 0) {
		return emails;
	}

	const out = new Set(state.leftOut);
	return emails.filter(email => !out.has(email));
}

/** Whether the phase offers sending: the confirmation (`y`), or after an unanswered upload (`s`). */
export function canSend(state: UploadState): boolean {
	return (
		state.nameBefore === null &&
		(state.phase.kind === 'ready' || state.phase.kind === 'unknown') &&
		emailsToSend(state).length > 0
	);
}

export function uploadMode(state: UploadState): UploadMode {
	if (state.nameBefore !== null) {
		return 'confirmName';
	}

	switch (state.phase.kind) {
		case 'ready': {
			return emailsToSend(state).length > 0 ? 'confirm' : 'confirmFailed';
		}

		case 'gathering':
		case 'sending':
		case 'checking':
		case 'created': {
			return 'confirmWait';
		}

		case 'rejected': {
			return 'confirmRejected';
		}

		case 'failed': {
			return 'confirmFailed';
		}

		case 'unknown': {
			return 'confirmUnknown';
		}
	}
}

export function uploadReducer(state: UploadState, action: UploadAction): UploadState {
	switch (action.type) {
		case 'gathering': {
			// Only before anything is on its way: gathering again never follows a send that has no answer yet.
			if (state.phase.kind === 'sending' || state.phase.kind === 'checking' || state.phase.kind === 'created') {
				return state;
			}

			return {...state, phase: {kind: 'gathering', progress: null}, notice: null};
		}

		case 'progress': {
			return state.phase.kind === 'gathering'
				? {...state, phase: {kind: 'gathering', progress: action.progress}}
				: state;
		}

		case 'gathered': {
			if (state.phase.kind !== 'gathering') {
				return state;
			}

			// Gathered again (r after a failure): the list is new, and so is what the API refused of the old one;
			// a name already there (typed or not) stays.
			return {
				...state,
				phase: {kind: 'ready'},
				prepared: action.prepared,
				jobName: action.jobName ?? state.jobName,
				leftOut: [],
				listName: state.listName === '' ? action.defaultName : state.listName,
			};
		}

		case 'gatherFailed': {
			return state.phase.kind === 'gathering' ? {...state, phase: {kind: 'failed', message: action.message}} : state;
		}

		case 'editName': {
			return state.phase.kind === 'ready' && state.nameBefore === null
				? {...state, nameBefore: state.listName, notice: null}
				: state;
		}

		case 'setName': {
			return state.nameBefore === null || action.name === state.listName ? state : {...state, listName: action.name};
		}

		case 'finishName': {
			return state.nameBefore === null ? state : {...state, nameBefore: null};
		}

		case 'cancelName': {
			return state.nameBefore === null ? state : {...state, listName: state.nameBefore, nameBefore: null};
		}

		case 'sending': {
			if (!canSend(state)) {
				return state;
			}

			return {
				...state,
				phase: {kind: 'sending', emails: emailsToSend(state).length},
				posts: state.posts + 1,
				notice: null,
			};
		}

		case 'created': {
			return state.phase.kind === 'sending' ? {...state, phase: {kind: 'created', jobId: action.jobId}} : state;
		}

		case 'rejected': {
			return state.phase.kind === 'sending'
				? {...state, phase: {kind: 'rejected', message: action.message, shown: action.shown, emails: action.emails}}
				: state;
		}

		case 'failed': {
			if (state.phase.kind !== 'sending') {
				return state;
			}

			return {
				...state,
				phase: action.credits
					? {kind: 'failed', message: action.message, credits: action.credits}
					: {kind: 'failed', message: action.message},
			};
		}

		case 'refused': {
			return state.phase.kind === 'sending' ? {...state, phase: {kind: 'ready'}, notice: action.notice} : state;
		}

		case 'checking': {
			return state.phase.kind === 'sending' || state.phase.kind === 'unknown'
				? {...state, phase: {kind: 'checking', message: action.message}, notice: null}
				: state;
		}

		case 'lookedUp': {
			return state.phase.kind === 'checking'
				? {...state, phase: {kind: 'unknown', message: state.phase.message, found: action.found, lookError: null}}
				: state;
		}

		case 'lookFailed': {
			return state.phase.kind === 'checking'
				? {...state, phase: {kind: 'unknown', message: state.phase.message, found: null, lookError: action.error}}
				: state;
		}

		case 'leaveOut': {
			if (state.phase.kind !== 'rejected') {
				return state;
			}

			return {...state, phase: {kind: 'ready'}, leftOut: [...state.leftOut, ...state.phase.emails], notice: null};
		}

		case 'notice': {
			return state.notice === action.text ? state : {...state, notice: action.text};
		}
	}
}
