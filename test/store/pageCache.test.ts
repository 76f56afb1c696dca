import {describe, expect, it} from 'vitest';
import type {RecordsPage} from '../../source/api/types.js';
import {PageCache} from '../../source/store/pageCache.js';
import {brand} from '../helpers/text.js';

const page = (size: number): RecordsPage => ({
	count: size,
	total_pages: 1,
	current_page: 1,
	next: null,
	previous: null,
	results: Array.from({length: size}, (_, id) =>
		brand({
			id,
			ec_id: null,
			email: 'a@b.c',
			status: 'Valid',
			validator_used: null,
			is_cached: false,
			error_message: null,
			processed_at: null,
		}),
	),
});

describe('PageCache', () => {
	it('is bounded by records, evicting the least recently used page', () => {
		const cache = new PageCache(250);
		cache.set('a', page(100));
		cache.set('b', page(100));
		cache.get('a');
		cache.set('c', page(100));
		expect(cache.has('a')).toBe(true);
		expect(cache.has('b')).toBe(false);
		expect(cache.has('c')).toBe(true);
		expect(cache.records).toBe(200);
	});

	it('keeps a page larger than the bound until the next one arrives', () => {
		const cache = new PageCache(50);
		cache.set('big', page(1000));
		expect(cache.has('big')).toBe(true);
		cache.set('small', page(10));
		expect(cache.has('big')).toBe(false);
		expect(cache.records).toBe(10);
	});

	it('forgets one filter', () => {
		const cache = new PageCache();
		cache.set(PageCache.key('Error', 100, 1), page(3));
		cache.set(PageCache.key('All', 100, 1), page(3));
		cache.clear('Error');
		expect(cache.has(PageCache.key('Error', 100, 1))).toBe(false);
		expect(cache.has(PageCache.key('All', 100, 1))).toBe(true);
	});
});
