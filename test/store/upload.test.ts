// The confirmation's reducer, pure: sending is accepted once from a phase that offers it and leaves it at
// once, whatever comes after; every failure leaves a phase with its own keys.
import {describe, expect, it} from 'vitest';
import {filterSource, prepareEmails} from '../../source/store/revalidate.js';
import {
	canSend,
	emailsToSend,
	initialUploadState,
	uploadMode,
	uploadReducer,
	type UploadAction,
	type UploadState,
} from '../../source/store/upload.js';
import {brand, untrusted} from '../helpers/text.js';

const prepared = prepareEmails(['a@x.com', 'B@x.com', 'c@x.com', 'a@X.com'].map(untrusted));

function run(state: UploadState, ...actions: UploadAction[]): UploadState {
	return actions.reduce(uploadReducer, state);
}

const start = () => initialUploadState({jobId: 42, source: filterSource('Error')});
const ready = () =>
	run(start(), {
		type: 'gathered',
		prepared,
		jobName: untrusted('Q1 Leads'),
		defaultName: 'Q1 Leads — Error — 2026-12-01',
	});

describe('the confirmation’s reducer', () => {
	it('gathers, then offers the count and the default name with no field focused', () => {
		let state = start();
		expect(uploadMode(state)).toBe('confirmWait');
		expect(canSend(state)).toBe(false);
		state = run(state, {type: 'progress', progress: {done: 1, total: 4}});
		expect(state.phase).toEqual({kind: 'gathering', progress: {done: 1, total: 4}});
		state = run(state, {type: 'gathered', prepared, jobName: untrusted('Q1 Leads'), defaultName: 'Q1 — Error'});
		expect(state).toMatchObject({phase: {kind: 'ready'}, listName: 'Q1 — Error', nameBefore: null});
		expect(uploadMode(state)).toBe('confirm');
		expect(emailsToSend(state)).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
	});

	it('accepts sending once: a second `sending` (another y) changes nothing', () => {
		const sending = run(ready(), {type: 'sending'});
		expect(sending.phase).toEqual({kind: 'sending', emails: 3});
		expect(sending.posts).toBe(1);
		expect(uploadMode(sending)).toBe('confirmWait');
		expect(uploadReducer(sending, {type: 'sending'})).toBe(sending);
		const created = run(sending, {type: 'created', jobId: 7003});
		expect(created.phase).toEqual({kind: 'created', jobId: 7003});
		expect(uploadReducer(created, {type: 'sending'})).toBe(created);
		// Nor does anything send while gathering, or with the name being edited.
		expect(uploadReducer(start(), {type: 'sending'})).toEqual(start());
		const editing = run(ready(), {type: 'editName'});
		expect(uploadMode(editing)).toBe('confirmName');
		expect(uploadReducer(editing, {type: 'sending'})).toBe(editing);
	});

	it('edits the name only after Tab; Esc puts back what was there, Enter keeps what is typed', () => {
		let state = run(ready(), {type: 'setName', name: 'ignored'});
		expect(state.listName).toBe('Q1 Leads — Error — 2026-12-01');
		state = run(state, {type: 'editName'}, {type: 'setName', name: 'Retry'}, {type: 'cancelName'});
		expect(state).toMatchObject({listName: 'Q1 Leads — Error — 2026-12-01', nameBefore: null});
		state = run(state, {type: 'editName'}, {type: 'setName', name: 'Retry'}, {type: 'finishName'});
		expect(state).toMatchObject({listName: 'Retry', nameBefore: null});
		expect(canSend(state)).toBe(true);
	});

	it('400: shows what the API refused; `o` leaves those out and asks again (a second, explicit confirmation)', () => {
		let state = run(
			ready(),
			{type: 'sending'},
			{
				type: 'rejected',
				message: 'The API rejected 1 of the 3 emails',
				shown: [{email: untrusted('b@x.com'), problems: [untrusted('Enter a valid email address.')]}],
				emails: ['b@x.com'],
			},
		);
		expect(uploadMode(state)).toBe('confirmRejected');
		expect(uploadReducer(state, {type: 'sending'})).toBe(state);
		state = run(state, {type: 'leaveOut'});
		expect(state.phase.kind).toBe('ready');
		expect(emailsToSend(state)).toEqual(['a@x.com', 'c@x.com']);
		state = run(state, {type: 'sending'});
		expect(state).toMatchObject({phase: {kind: 'sending', emails: 2}, posts: 2});
	});

	it('402 and other refusals: nothing to do but go back or start over; the credits are kept for the screen', () => {
		const state = run(
			ready(),
			{type: 'sending'},
			{
				type: 'failed',
				message: 'Not enough credits',
				credits: {required: 3, balance: 1},
			},
		);
		expect(state.phase).toEqual({kind: 'failed', message: 'Not enough credits', credits: {required: 3, balance: 1}});
		expect(uploadMode(state)).toBe('confirmFailed');
		expect(uploadReducer(state, {type: 'sending'})).toBe(state);
		// r gathers again, keeping the name.
		const again = run(state, {type: 'gathering'});
		expect(again.phase.kind).toBe('gathering');
		expect(again.listName).toBe(state.listName);
	});

	it('401: ready again with a notice, not sent again by itself', () => {
		const state = run(ready(), {type: 'sending'}, {type: 'refused', notice: 'The API refused the token.'});
		expect(state).toMatchObject({phase: {kind: 'ready'}, notice: 'The API refused the token.', posts: 1});
	});

	it('no answer: looks in the job list, says what it found, and only then offers to send again', () => {
		let state = run(ready(), {type: 'sending'}, {type: 'checking', message: 'No answer.'});
		expect(uploadMode(state)).toBe('confirmWait');
		expect(uploadReducer(state, {type: 'sending'})).toBe(state);
		// Nothing gathers again over a send without an answer.
		expect(uploadReducer(state, {type: 'gathering'})).toBe(state);
		const job = brand({id: 7003} as never);
		state = run(state, {type: 'lookedUp', found: [job]});
		expect(state.phase).toEqual({kind: 'unknown', message: 'No answer.', found: [job], lookError: null});
		expect(uploadMode(state)).toBe('confirmUnknown');
		const failedLook = run(
			ready(),
			{type: 'sending'},
			{type: 'checking', message: 'x'},
			{type: 'lookFailed', error: 'down'},
		);
		expect(failedLook.phase).toMatchObject({kind: 'unknown', found: null, lookError: 'down'});
		state = run(state, {type: 'sending'});
		expect(state).toMatchObject({phase: {kind: 'sending'}, posts: 2});
	});

	it('with nothing to send, offers no y', () => {
		const state = run(start(), {
			type: 'gathered',
			prepared: prepareEmails([]),
			jobName: null,
			defaultName: 'Job 42 — Error',
		});
		expect(uploadMode(state)).toBe('confirmFailed');
		expect(uploadReducer(state, {type: 'sending'})).toBe(state);
	});
});
