import {describe, expect, it} from 'vitest';
import {FindIndex} from '../../source/store/findIndex.js';
import {untrusted} from '../helpers/text.js';

const records = (...emails: string[]) =>
	emails.map((email, index) => ({email: untrusted(email), ec_id: index === 0 ? untrusted('CRM-1') : null}));

function index(pages: Record<number, string[]>) {
	const find = new FindIndex();
	for (const [page, emails] of Object.entries(pages)) {
		find.add(Number(page), records(...emails));
	}

	return find;
}

describe('FindIndex', () => {
	it('finds the records whose email or ec_id contains the query, whatever the case, one match per record', () => {
		const find = index({1: ['Ann@Gmail.com', 'bob@yahoo.com', 'gmail.gmail@gmail.com'], 2: ['dan@gmail.com']});
		find.setQuery('GMAIL');
		expect(find.matchesOn(1)).toEqual([0, 2]);
		expect(find.matchesOn(2)).toEqual([0]);
		expect(find.count).toBe(3);
		find.setQuery('crm-1');
		expect(find.matchesOn(1)).toEqual([0]);
		expect(find.matchesOn(2)).toEqual([0]);
		find.setQuery('');
		expect(find.count).toBe(0);
	});

	it('never matches across two records or from the email into the ec_id', () => {
		const find = index({1: ['a@x.com', 'b@y.com']});
		find.setQuery('comb');
		expect(find.count).toBe(0);
		find.setQuery('x.comcrm');
		expect(find.count).toBe(0);
	});

	it('searches a page that arrives after the query, and replaces a page seen again', () => {
		const find = new FindIndex();
		find.setQuery('zed');
		find.add(3, records('zed@a.com', 'amy@b.com'));
		expect(find.matchesOn(3)).toEqual([0]);
		find.add(3, records('amy@b.com', 'zed@a.com', 'zed@c.com'));
		expect(find.matchesOn(3)).toEqual([1, 2]);
		expect(find.count).toBe(2);
	});

	it('goes to the next match on any page, waiting at a page not read, wrapping at the end', () => {
		const find = index({1: ['a@x.com', 'hit@x.com'], 2: ['b@x.com'], 3: ['hit@y.com', 'c@x.com']});
		find.setQuery('hit');
		expect(find.next({page: 1, index: 1}, 1, 3)).toEqual({kind: 'match', place: {page: 3, index: 0}, wrapped: false});
		expect(find.next({page: 1, index: 1}, 1, 3, true)).toEqual({
			kind: 'match',
			place: {page: 1, index: 1},
			wrapped: false,
		});
		expect(find.next({page: 3, index: 0}, 1, 3)).toEqual({kind: 'match', place: {page: 1, index: 1}, wrapped: true});
		expect(find.next({page: 3, index: 0}, -1, 3)).toEqual({kind: 'match', place: {page: 1, index: 1}, wrapped: false});
		expect(find.next({page: 1, index: 1}, -1, 3)).toEqual({kind: 'match', place: {page: 3, index: 0}, wrapped: true});
		// Page 4 of 4 has not been read: the next match may be there.
		expect(find.next({page: 3, index: 0}, 1, 4)).toEqual({kind: 'unread', page: 4});
		find.setQuery('nobody');
		expect(find.next({page: 1, index: 0}, 1, 3)).toEqual({kind: 'none'});
	});

	it('finds the only match again from itself, wrapped', () => {
		const find = index({1: ['a@x.com', 'hit@x.com']});
		find.setQuery('hit');
		expect(find.next({page: 1, index: 1}, 1, 1)).toEqual({kind: 'match', place: {page: 1, index: 1}, wrapped: true});
	});

	it('counts the matches before a place', () => {
		const find = index({1: ['hit1', 'x', 'hit2'], 2: ['hit3', 'hit4'], 4: ['hit5']});
		find.setQuery('hit');
		expect(find.rank({page: 1, index: 0})).toBe(0);
		expect(find.rank({page: 2, index: 1})).toBe(3);
		expect(find.rank({page: 5, index: 0})).toBe(5);
	});

	it('lets the pages seen longest ago go past its bound, with their matches', () => {
		const find = new FindIndex(4);
		find.setQuery('hit');
		find.add(1, records('hit', 'hit'));
		find.add(2, records('hit', 'hit'));
		find.add(3, records('hit'));
		expect(find.has(1)).toBe(false);
		expect(find.has(2)).toBe(true);
		expect(find.count).toBe(3);
		expect(find.size).toBe(2);
	});
});
