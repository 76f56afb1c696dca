import {describe, expect, it} from 'vitest';
import {FindIndex} from '../../source/store/findIndex.js';
import {untrusted} from '../helpers/text.js';

const records = (...emails: string[]) =>
	emails.map((email, index) => ({email: untrusted(email), ec_id: index === 0 ? untrusted('CRM-1') : null}));

/** An index of chunks of `size` records, each given as its emails. */
function index(size: number, chunks: Record<number, string[]>) {
	const find = new FindIndex(size);
	for (const [chunk, emails] of Object.entries(chunks)) {
		find.addChunk(Number(chunk), records(...emails));
	}

	return find;
}

/** Record indexes of the matches, in order, found by walking `next` from the start. */
function matches(find: FindIndex, total: number): number[] {
	const found: number[] = [];
	let from = -1;
	for (;;) {
		const next = find.next(from, 1, total);
		if (next.kind !== 'match' || next.wrapped) {
			return found;
		}

		found.push(next.at);
		from = next.at;
	}
}

describe('FindIndex', () => {
	it('finds the records whose email or ec_id contains the query, whatever the case, one match per record', () => {
		const find = index(3, {1: ['Ann@Gmail.com', 'bob@yahoo.com', 'gmail.gmail@gmail.com'], 2: ['dan@gmail.com']});
		find.setQuery('GMAIL');
		expect(matches(find, 4)).toEqual([0, 2, 3]);
		expect(find.count).toBe(3);
		find.setQuery('crm-1');
		expect(matches(find, 4)).toEqual([0, 3]);
		find.setQuery('');
		expect(find.count).toBe(0);
	});

	it('never matches across two records or from the email into the ec_id', () => {
		const find = index(10, {1: ['a@x.com', 'b@y.com']});
		find.setQuery('comb');
		expect(find.count).toBe(0);
		find.setQuery('x.comcrm');
		expect(find.count).toBe(0);
	});

	it('searches a chunk that arrives after the query, and replaces a chunk read again', () => {
		const find = new FindIndex(3);
		find.setQuery('zed');
		find.addChunk(2, records('zed@a.com', 'amy@b.com'));
		expect(find.rank(100)).toBe(1);
		find.addChunk(2, records('amy@b.com', 'zed@a.com', 'zed@c.com'));
		expect(find.count).toBe(2);
		expect(find.next(0, 1, 6)).toEqual({kind: 'unread', at: 1});
		expect(find.next(2, 1, 6)).toEqual({kind: 'match', at: 4, wrapped: false});
	});

	it('goes to the next match anywhere, waiting at records not read, wrapping at the end', () => {
		// Chunks of 2: records 0–5, matches at 1 and 4.
		const find = index(2, {1: ['a@x.com', 'hit@x.com'], 2: ['b@x.com', 'c@x.com'], 3: ['hit@y.com', 'd@x.com']});
		find.setQuery('hit');
		expect(find.next(1, 1, 6)).toEqual({kind: 'match', at: 4, wrapped: false});
		expect(find.next(1, 1, 6, true)).toEqual({kind: 'match', at: 1, wrapped: false});
		expect(find.next(4, 1, 6)).toEqual({kind: 'match', at: 1, wrapped: true});
		expect(find.next(4, -1, 6)).toEqual({kind: 'match', at: 1, wrapped: false});
		expect(find.next(1, -1, 6)).toEqual({kind: 'match', at: 4, wrapped: true});
		// Records 6 and 7 (chunk 4) have not been read: the next match may be there, either way round.
		expect(find.next(4, 1, 8)).toEqual({kind: 'unread', at: 6});
		expect(find.next(1, -1, 8)).toEqual({kind: 'unread', at: 7});
		// A find that stopped jumps among what it read.
		expect(find.next(4, 1, 8, false, true)).toEqual({kind: 'match', at: 1, wrapped: true});
		find.setQuery('nobody');
		expect(find.next(0, 1, 6)).toEqual({kind: 'none'});
	});

	it('finds the only match again from itself, wrapped', () => {
		const find = index(2, {1: ['a@x.com', 'hit@x.com']});
		find.setQuery('hit');
		expect(find.next(1, 1, 2)).toEqual({kind: 'match', at: 1, wrapped: true});
		expect(find.next(1, -1, 2)).toEqual({kind: 'match', at: 1, wrapped: true});
	});

	it('counts the matches before a record', () => {
		const find = index(3, {1: ['hit1', 'x', 'hit2'], 2: ['hit3', 'hit4'], 4: ['hit5']});
		find.setQuery('hit');
		expect(find.rank(0)).toBe(0);
		expect(find.rank(4)).toBe(3);
		expect(find.rank(12)).toBe(5);
	});

	it('takes the page on screen as it is, over the chunk read before, whatever its size', () => {
		// Chunks of 4; a page of 3 from record 3 overlaps chunks 1 and 2.
		const find = index(4, {1: ['hit', 'x', 'x', 'hit'], 2: ['hit', 'x', 'x', 'x']});
		find.setQuery('hit');
		expect(find.count).toBe(3);
		// Records 3 and 4 no longer match; record 5 now does.
		find.setShown(3, records('x', 'x', 'hit'));
		expect(matches(find, 8)).toEqual([0, 5]);
		expect(find.rank(3)).toBe(1);
		expect(find.searched(8)).toBe(8);
		// On its own, a page on screen is searched at once, and counts as read.
		const alone = new FindIndex(1000);
		alone.setQuery('hit');
		alone.setShown(5, records('x', 'hit'));
		expect(alone.count).toBe(1);
		expect(alone.searched(20)).toBe(2);
		expect(alone.next(5, 1, 7, true)).toEqual({kind: 'match', at: 6, wrapped: false});
		expect(alone.next(6, 1, 7)).toEqual({kind: 'unread', at: 0});
	});

	it('lets the chunks read longest ago go past its bound, with their matches', () => {
		const find = new FindIndex(2, 4);
		find.setQuery('hit');
		find.addChunk(1, records('hit', 'hit'));
		find.addChunk(2, records('hit', 'hit'));
		find.addChunk(3, records('hit'));
		expect(find.has(1)).toBe(false);
		expect(find.has(2)).toBe(true);
		expect(find.count).toBe(3);
		expect(find.size).toBe(2);
	});

	it("cuts a chunk longer than the page size asked for to it, so it never takes the next chunk's places", () => {
		const find = index(2, {1: ['a', 'b', 'hit', 'hit'], 2: ['x', 'hit']});
		find.setQuery('hit');
		expect(matches(find, 4)).toEqual([3]);
		expect(find.count).toBe(1);
	});

	it('walks past a huge filter in steps of what it holds, not record by record', () => {
		// A hostile count: a trillion records, two chunks read.
		const find = index(1000, {1: ['hit'], 3: ['x']});
		find.setQuery('hit');
		expect(find.next(0, 1, 1e12)).toEqual({kind: 'unread', at: 1000});
		expect(find.next(0, -1, 1e12)).toEqual({kind: 'unread', at: 1e12 - 1});
		expect(find.searched(1e12)).toBe(2000);
	});
});
