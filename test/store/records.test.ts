import {describe, expect, it} from 'vitest';
import type {JobRecord, RecordsPage} from '../../source/api/types.js';
import {
	recordsReducer,
	initialRecordsState,
	knownTotalPages,
	scrollFor,
	type RecordsState,
} from '../../source/store/records.js';
import {brand} from '../helpers/text.js';

function record(id: number): JobRecord {
	return brand({
		id,
		ec_id: null,
		email: `user${id}@example.com`,
		status: 'Valid',
		validator_used: 'ZeroBounce',
		is_cached: false,
		error_message: null,
		processed_at: '2026-05-06T11:42:31.412Z',
	});
}

function page(current: number, size: number, totalPages = 3): RecordsPage {
	return {
		count: totalPages * size,
		total_pages: totalPages,
		current_page: current,
		next: null,
		previous: null,
		results: Array.from({length: size}, (_, index) => record(current * 1000 + index)),
	};
}

const start = () => initialRecordsState({jobId: 42, pageSize: 10, filter: 'All', page: 1});

function loaded(state: RecordsState, id: number, current: number, size = 10, filter: 'All' | 'Error' = 'All') {
	const requested = recordsReducer(state, {type: 'requested', id, filter, page: current});
	return recordsReducer(requested, {type: 'loaded', id, filter, page: current, data: page(current, size)});
}

describe('recordsReducer', () => {
	it('keeps the last good page on screen while the next one loads', () => {
		const first = loaded(start(), 1, 1);
		const loading = recordsReducer(first, {type: 'requested', id: 2, filter: 'All', page: 2});
		expect(loading.loading).toBe(true);
		expect(loading.shown?.page).toBe(1);
		expect(loading.requested.page).toBe(2);
	});

	it('drops answers that are not for the latest request', () => {
		const first = loaded(start(), 1, 1);
		const two = recordsReducer(first, {type: 'requested', id: 2, filter: 'All', page: 2});
		const three = recordsReducer(two, {type: 'requested', id: 3, filter: 'All', page: 3});
		const late = recordsReducer(three, {type: 'loaded', id: 2, filter: 'All', page: 2, data: page(2, 10)});
		expect(late).toBe(three);
		const lateError = recordsReducer(three, {
			type: 'failed',
			id: 2,
			error: {kind: 'server', message: 'x', retryable: true},
		});
		expect(lateError).toBe(three);
		const current = recordsReducer(three, {type: 'loaded', id: 3, filter: 'All', page: 3, data: page(3, 10)});
		expect(current.shown?.page).toBe(3);
		expect(current.loading).toBe(false);
	});

	it('reverts the request to what is on screen when it fails, and keeps the page', () => {
		const first = loaded(start(), 1, 1);
		const asked = recordsReducer(first, {type: 'requested', id: 2, filter: 'All', page: 2});
		const failed = recordsReducer(asked, {
			type: 'failed',
			id: 2,
			error: {kind: 'server', message: 'The server failed.', retryable: true},
		});
		expect(failed.shown?.page).toBe(1);
		expect(failed.requested).toEqual({filter: 'All', page: 1});
		expect(failed.error?.message).toBe('The server failed.');
		const retried = loaded(failed, 3, 2);
		expect(retried.error).toBeNull();
	});

	it('moves the selection within the page and never outside it', () => {
		let state = loaded(start(), 1, 1, 5);
		state = recordsReducer(state, {type: 'move', delta: -1, viewportRows: 3});
		expect(state.selection).toBe(0);
		for (let index = 0; index < 10; index++) {
			state = recordsReducer(state, {type: 'move', delta: 1, viewportRows: 3});
		}

		expect(state.selection).toBe(4);
		expect(state.scrollTop).toBe(2);
		expect(state.selection - state.scrollTop).toBeLessThan(3);
	});

	it('keeps the row index when paging and clamps it to a shorter last page', () => {
		let state = loaded(start(), 1, 1, 10);
		state = recordsReducer(state, {type: 'move', delta: 7, viewportRows: 20});
		state = loaded(state, 2, 2, 3);
		expect(state.selection).toBe(2);
	});

	it('starts at the top of a new filter', () => {
		let state = loaded(start(), 1, 1, 10);
		state = recordsReducer(state, {type: 'move', delta: 7, viewportRows: 20});
		state = loaded(state, 2, 1, 10, 'Error');
		expect(state.selection).toBe(0);
		expect(state.shown?.filter).toBe('Error');
	});

	it('does nothing on moves in an empty page', () => {
		const state = loaded(start(), 1, 1, 0);
		expect(recordsReducer(state, {type: 'move', delta: 1, viewportRows: 5})).toBe(state);
	});

	it('knows the page count only for the filter on screen', () => {
		const state = loaded(start(), 1, 1);
		expect(knownTotalPages(state)).toBe(3);
		const switching = recordsReducer(state, {type: 'requested', id: 2, filter: 'Error', page: 1});
		expect(knownTotalPages(switching)).toBeUndefined();
	});
});

describe('help pages', () => {
	it('turns the help page and starts at the first each time the help opens', () => {
		const help = recordsReducer(start(), {type: 'mode', mode: 'help'});
		const turned = recordsReducer(recordsReducer(help, {type: 'helpPage', delta: 1}), {type: 'helpPage', delta: 1});
		expect(turned.helpPage).toBe(2);
		const closed = recordsReducer(turned, {type: 'mode', mode: 'browse'});
		expect(recordsReducer(closed, {type: 'mode', mode: 'help'}).helpPage).toBe(0);
	});
});

describe('scrollFor', () => {
	it('stays put while the selection is in view, and jumps by half a window when it leaves', () => {
		expect(scrollFor(0, 0, 5, 20)).toBe(0);
		expect(scrollFor(3, 2, 5, 20)).toBe(2);
		expect(scrollFor(5, 0, 5, 20)).toBe(2);
		expect(scrollFor(1, 2, 5, 20)).toBe(0);
		expect(scrollFor(19, 0, 5, 20)).toBe(15);
		expect(scrollFor(2, 10, 5, 3)).toBe(0);
	});
});

describe('cached pages', () => {
	it('shows a cached page at once, with no request before it', () => {
		const first = loaded(start(), 1, 1);
		const cached = recordsReducer(first, {type: 'loaded', id: 2, filter: 'All', page: 2, data: page(2, 10)});
		expect(cached.shown?.page).toBe(2);
		const late = recordsReducer(cached, {type: 'loaded', id: 1, filter: 'All', page: 1, data: page(1, 10)});
		expect(late.shown?.page).toBe(2);
	});
});

describe('find and paging by moving', () => {
	it('edits the query as a field, cut at the length of the longest email', () => {
		const typed = recordsReducer(start(), {type: 'editFind', edit: {type: 'type', text: 'jane doe'}});
		expect(typed.find).toBe('jane doe');
		expect(recordsReducer(typed, {type: 'editFind', edit: {type: 'deleteWord'}}).find).toBe('jane ');
		const long = recordsReducer(typed, {type: 'editFind', edit: {type: 'type', text: 'x'.repeat(1000)}});
		expect(long.find).toHaveLength(254);
		expect(recordsReducer(long, {type: 'editFind', edit: {type: 'type', text: 'y'}})).toBe(long);
	});

	it('selects the row a page was opened for, the last one included, and keeps it in view', () => {
		const first = loaded(start(), 1, 1);
		const down = recordsReducer(first, {
			type: 'loaded',
			id: 2,
			filter: 'All',
			page: 2,
			data: page(2, 10),
			select: {row: 0, viewportRows: 4},
		});
		expect(down.selection).toBe(0);
		expect(down.scrollTop).toBe(0);
		const up = recordsReducer(down, {
			type: 'loaded',
			id: 3,
			filter: 'All',
			page: 1,
			data: page(1, 10),
			select: {row: 'last', viewportRows: 4},
		});
		expect(up.selection).toBe(9);
		expect(up.scrollTop).toBe(6);
	});
});
