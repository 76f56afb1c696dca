import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {ApiError} from '../../source/api/errors.js';
import type {ApiClient, JobRecord} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {
	breakdownViewReducer,
	GROUPINGS,
	groupRecords,
	initialBreakdownViewState,
	loadBreakdown,
	nextGrouping,
	selectedGrouping,
	variantsOf,
	visibleGroups,
	NO_MESSAGE_LABEL,
	NO_VALIDATOR_LABEL,
	type Breakdown,
	type BreakdownProgress,
	type Group,
	type Grouping,
} from '../../source/store/breakdown.js';
import {errorRecord, readFilter} from '../helpers/records.js';
import {observedClient} from '../helpers/client.js';
import {withDemoServer} from '../helpers/server.js';
import {untilTrue} from '../helpers/until.js';
import {plain, rawText} from '../helpers/text.js';
import {patternOf} from '../../source/store/patterns.js';
import {sameText} from '../../source/text/untrusted.js';

let server: DemoServer;
beforeAll(async () => {
	server = await startDemoServer();
});
afterEach(() => {
	server.setFaults({latencyMs: 0, jitterMs: 0, failEvery: 0, malformed: null});
	server.resetStats();
});
afterAll(async () => {
	await server.close();
});

const clientFor = (target: DemoServer, limit = 0): ApiClient =>
	createClient({baseUrl: target.baseUrl, token: target.token, retry: {limit, backoffBaseMs: 5}});

/** Every Error record, one page after the other: the reference the breakdown is compared with. */
const errorRecords = async (client: ApiClient, jobId: number) => readFilter(client, jobId, 'Error');

/** Counts by the grouping's raw field, written apart from the code under test. */
function referenceCounts(records: readonly JobRecord[], grouping: Grouping): Map<string, number> {
	const counts = new Map<string, number>();
	for (const record of plain(records)) {
		const label =
			grouping === 'message'
				? (record.error_message ?? NO_MESSAGE_LABEL)
				: grouping === 'validator'
					? (record.validator_used ?? NO_VALIDATOR_LABEL)
					: record.is_cached
						? 'cached'
						: 'not cached';
		counts.set(label, (counts.get(label) ?? 0) + 1);
	}

	return counts;
}

function expectSorted(groups: readonly Group[]): void {
	for (let index = 1; index < groups.length; index++) {
		const before = groups[index - 1]!;
		const after = groups[index]!;
		expect(before.count > after.count || (before.count === after.count && before.label <= after.label)).toBe(true);
	}
}

/** Counts by pattern key (patterns.ts has its own tests; this checks the grouping around it). */
function referencePatternCounts(records: readonly JobRecord[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const record of plain(records)) {
		const key = record.error_message === null ? 'null' : JSON.stringify(patternOf(record.error_message).key);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}

	return counts;
}

function expectToMatchRecords(breakdown: Breakdown, records: readonly JobRecord[]): void {
	expect(breakdown.total).toBe(records.length);
	for (const grouping of GROUPINGS) {
		const groups = breakdown.groups[grouping];
		expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(records.length);
		if (grouping === 'pattern') {
			expect(new Map(groups.map(group => [group.key, group.count]))).toEqual(referencePatternCounts(records));
		} else {
			expect(new Map(groups.map(group => [group.label, group.count]))).toEqual(referenceCounts(records, grouping));
		}

		expectSorted(groups);
	}

	// Every pattern's variants are message groups that add up to it.
	for (const pattern of breakdown.groups.pattern) {
		const variants = variantsOf(breakdown, pattern);
		expect(variants.reduce((sum, group) => sum + group.count, 0)).toBe(pattern.count);
	}
}

const record = errorRecord;

describe('groupRecords', () => {
	it('groups by message, validator and cached, largest first then by label, with placeholders for null', () => {
		const records = [
			record(1, {error_message: 'b'}),
			record(2, {error_message: 'a'}),
			record(3, {error_message: null}),
			record(4, {error_message: 'b', validator_used: 'SMTP', is_cached: true}),
			record(5, {error_message: 'c'}),
			record(6, {error_message: 'a'}),
		];
		const breakdown = groupRecords(records);
		expect(breakdown.total).toBe(6);
		expect(breakdown.truncated).toBe(false);
		expect(breakdown.groups.message.map(group => [group.label, group.count])).toEqual([
			['a', 2],
			['b', 2],
			[NO_MESSAGE_LABEL, 1],
			['c', 1],
		]);
		expect(breakdown.groups.message[1]!.records.map(each => each.id)).toEqual([1, 4]);
		expect(breakdown.groups.validator.map(group => [group.label, group.count])).toEqual([
			[NO_VALIDATOR_LABEL, 5],
			['SMTP', 1],
		]);
		expect(breakdown.groups.cached.map(group => [group.label, group.count])).toEqual([
			['not cached', 5],
			['cached', 1],
		]);
	});

	it('keeps a real message that reads like a placeholder apart from a missing one', () => {
		const breakdown = groupRecords([record(1, {error_message: null}), record(2, {error_message: NO_MESSAGE_LABEL})]);
		expect(breakdown.groups.message).toHaveLength(2);
		expect(new Set(breakdown.groups.message.map(group => group.key)).size).toBe(2);
		expect(breakdown.groups.message.map(group => group.label)).toEqual([NO_MESSAGE_LABEL, NO_MESSAGE_LABEL]);
	});

	it('counts every record but keeps at most maxRecordsKept, the same ones in every grouping', () => {
		const records = Array.from({length: 10}, (_, index) =>
			record(index + 1, {error_message: index % 2 === 0 ? 'even' : 'odd', is_cached: index % 3 === 0}),
		);
		const breakdown = groupRecords(records, {maxRecordsKept: 4});
		expect(breakdown.truncated).toBe(true);
		expect(breakdown.total).toBe(10);
		for (const grouping of GROUPINGS) {
			const groups = breakdown.groups[grouping];
			expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(10);
			const kept = groups.flatMap(group => group.records.map(each => each.id)).sort((a, b) => a - b);
			expect(kept).toEqual([1, 2, 3, 4]);
		}

		expect(groupRecords(records, {maxRecordsKept: 10}).truncated).toBe(false);
	});

	it('has no groups for no records', () => {
		expect(groupRecords([])).toEqual({
			total: 0,
			truncated: false,
			groups: {message: [], pattern: [], validator: [], cached: []},
		});
	});

	it('cycles message → pattern → validator → cached → message', () => {
		expect(nextGrouping('message')).toBe('pattern');
		expect(nextGrouping('pattern')).toBe('validator');
		expect(nextGrouping('validator')).toBe('cached');
		expect(nextGrouping('cached')).toBe('message');
	});

	it('groups messages that differ only in their variable parts by pattern, and lists them as its variants', () => {
		const records = [
			record(1, {error_message: 'SMTP connection refused by mx.acme.com:25'}),
			record(2, {error_message: 'SMTP connection refused by aspmx.l.google.com:25'}),
			record(3, {error_message: 'SMTP connection refused by mx.acme.com:25'}),
			record(4, {error_message: 'ZeroBounce API timeout after 30s'}),
			record(5, {error_message: 'ZeroBounce API timeout after 45s'}),
			record(6, {error_message: null}),
			record(7, {error_message: 'SMTP connection refused by mail.example.org:587'}),
		];
		const breakdown = groupRecords(records);
		expect(breakdown.groups.message).toHaveLength(6);
		expect(breakdown.groups.pattern.map(group => [rawText(group.label), group.count])).toEqual([
			['SMTP connection refused by {host}:{port}', 4],
			['ZeroBounce API timeout after {duration}', 2],
			[NO_MESSAGE_LABEL, 1],
		]);
		const [smtp, timeout, none] = breakdown.groups.pattern as [Group, Group, Group];
		expect(smtp.records.map(each => each.id)).toEqual([1, 2, 3, 7]);
		expect(variantsOf(breakdown, smtp).map(group => [rawText(group.label), group.count])).toEqual([
			['SMTP connection refused by mx.acme.com:25', 2],
			['SMTP connection refused by aspmx.l.google.com:25', 1],
			['SMTP connection refused by mail.example.org:587', 1],
		]);
		expect(variantsOf(breakdown, timeout)).toHaveLength(2);
		// The records without a message are their own pattern, whose one variant is the message grouping's.
		expect(variantsOf(breakdown, none).map(group => group.key)).toEqual(['null']);
	});

	it('keeps a real message that reads like the placeholder apart from a missing one by pattern too', () => {
		const breakdown = groupRecords([record(1, {error_message: null}), record(2, {error_message: NO_MESSAGE_LABEL})]);
		expect(breakdown.groups.pattern).toHaveLength(2);
		for (const pattern of breakdown.groups.pattern) {
			expect(variantsOf(breakdown, pattern).map(group => group.records[0]!.id)).toEqual(
				pattern.records.map(each => each.id),
			);
		}
	});
});

describe('breakdownViewReducer', () => {
	const loaded = (breakdown: Breakdown) => {
		const started = breakdownViewReducer(initialBreakdownViewState, {type: 'started', id: 1});
		return breakdownViewReducer(started, {type: 'loaded', id: 1, breakdown});
	};

	it('drops answers of a load that is not the latest', () => {
		const first = breakdownViewReducer(initialBreakdownViewState, {type: 'started', id: 1});
		const second = breakdownViewReducer(first, {type: 'started', id: 2});
		const stale = breakdownViewReducer(second, {type: 'loaded', id: 1, breakdown: groupRecords([record(1)])});
		expect(stale.load.kind).toBe('loading');
		const failed = breakdownViewReducer(second, {
			type: 'failed',
			id: 1,
			error: {kind: 'server', message: 'x', retryable: true},
		});
		expect(failed.load.kind).toBe('loading');
		const progress = breakdownViewReducer(second, {type: 'progress', id: 1, progress: {done: 1, total: 2}});
		expect(progress).toBe(second);
	});

	it('moves within the groups, scrolls to keep the selection in view, and starts over on a new grouping', () => {
		const records = Array.from({length: 8}, (_, index) => record(index + 1, {error_message: `m${index}`}));
		let state = loaded(groupRecords(records));
		state = breakdownViewReducer(state, {type: 'move', delta: -1, viewportRows: 3});
		expect(state.selection).toBe(0);
		for (let index = 0; index < 5; index++) {
			state = breakdownViewReducer(state, {type: 'move', delta: 1, viewportRows: 3});
		}

		expect(state.selection).toBe(5);
		expect(state.scrollTop).toBe(3);
		state = breakdownViewReducer(state, {type: 'move', delta: 100, viewportRows: 3});
		expect(state.selection).toBe(7);
		expect(state.scrollTop).toBe(5);
		state = breakdownViewReducer(state, {type: 'cycleGrouping'});
		expect(state).toMatchObject({grouping: 'pattern', selection: 0, scrollTop: 0});
	});

	it('opens a pattern on its variants under a row for the whole pattern, and goes back to where it was', () => {
		const records = [
			record(1, {error_message: 'queue full'}),
			record(2, {error_message: 'SMTP connection refused by mx.acme.com:25'}),
			record(3, {error_message: 'SMTP connection refused by mx.beta.com:25'}),
			record(4, {error_message: 'SMTP connection refused by mx.beta.com:25'}),
		];
		let state = breakdownViewReducer(loaded(groupRecords(records)), {type: 'cycleGrouping'});
		expect(visibleGroups(state).map(group => group.count)).toEqual([3, 1]);
		const pattern = visibleGroups(state)[0]!;
		state = breakdownViewReducer(state, {type: 'move', delta: 1, viewportRows: 10});
		state = breakdownViewReducer(state, {type: 'move', delta: -1, viewportRows: 10});
		state = breakdownViewReducer(state, {type: 'drill', pattern});
		expect(state.selection).toBe(0);
		expect(visibleGroups(state).map(group => [rawText(group.label), group.count])).toEqual([
			['SMTP connection refused by {host}:{port}', 3],
			['SMTP connection refused by mx.beta.com:25', 2],
			['SMTP connection refused by mx.acme.com:25', 1],
		]);
		expect(selectedGrouping(state)).toBe('pattern');
		state = breakdownViewReducer(state, {type: 'move', delta: 2, viewportRows: 10});
		expect(selectedGrouping(state)).toBe('message');

		// A reload keeps the opened pattern, with the new counts.
		state = breakdownViewReducer(state, {type: 'started', id: 2});
		state = breakdownViewReducer(state, {
			type: 'loaded',
			id: 2,
			breakdown: groupRecords([...records, record(5, {error_message: 'SMTP connection refused by mx.gamma.com:25'})]),
		});
		expect(state.drill?.pattern.count).toBe(4);
		expect(visibleGroups(state)).toHaveLength(4);
		expect(state.selection).toBe(2);

		state = breakdownViewReducer(state, {type: 'undrill'});
		expect(state).toMatchObject({drill: null, selection: 0, grouping: 'pattern'});

		// A pattern gone after a reload: back to the patterns.
		state = breakdownViewReducer(state, {type: 'drill', pattern: visibleGroups(state)[0]!});
		state = breakdownViewReducer(state, {type: 'started', id: 3});
		state = breakdownViewReducer(state, {type: 'loaded', id: 3, breakdown: groupRecords([record(1)])});
		expect(state.drill).toBeNull();
		expect(visibleGroups(state)).toHaveLength(1);
	});

	it('keeps the selection within the groups a reload brings', () => {
		const many = groupRecords(Array.from({length: 5}, (_, index) => record(index + 1, {error_message: `m${index}`})));
		let state = loaded(many);
		state = breakdownViewReducer(state, {type: 'move', delta: 4, viewportRows: 10});
		state = breakdownViewReducer(state, {type: 'started', id: 2});
		state = breakdownViewReducer(state, {type: 'loaded', id: 2, breakdown: groupRecords([record(1)])});
		expect(state.selection).toBe(0);
	});
});

describe('loadBreakdown against the demo server', () => {
	it('job 7001: counts per message, validator and cached equal what the server holds', async () => {
		const client = clientFor(server);
		const records = await errorRecords(client, 7001);
		expect(records.length).toBeGreaterThan(5000);
		const progress: BreakdownProgress[] = [];
		const breakdown = await loadBreakdown({client, jobId: 7001, onProgress: each => progress.push(each)});
		expectToMatchRecords(breakdown, records);
		expect(breakdown.truncated).toBe(false);
		// A few messages dominate: the point of the breakdown.
		expect(breakdown.groups.message[0]!.label).toBe('ZeroBounce API timeout after 30s');
		expect(breakdown.groups.message[0]!.count).toBeGreaterThan(records.length / 5);
		// Many messages, few causes: the pattern grouping has far fewer groups than the message grouping.
		expect(breakdown.groups.pattern.length).toBeLessThan(breakdown.groups.message.length);
		for (const group of breakdown.groups.message) {
			expect(group.records).toHaveLength(group.count);
			expect(group.records.every(each => (each.error_message ?? NO_MESSAGE_LABEL) === group.label)).toBe(true);
		}

		expect(progress.map(each => each.done)).toEqual([...progress.map(each => each.done)].sort((a, b) => a - b));
		expect(progress.at(-1)).toEqual({done: records.length, total: records.length});
		const pages = server.requests.filter(
			request => request.path.endsWith('/7001/records/') && request.query['page_size'] === '1000',
		);
		expect(pages.every(request => request.query['status'] === 'Error')).toBe(true);
	});

	it('job 666: hostile messages are grouped raw and exactly, the null message under its placeholder', async () => {
		const client = clientFor(server);
		const records = await errorRecords(client, 666);
		const breakdown = await loadBreakdown({client, jobId: 666, pageSize: 7});
		expectToMatchRecords(breakdown, records);
		expect(breakdown.groups.message.some(group => rawText(group.label).includes('\u001b'))).toBe(true);
		expect(breakdown.groups.message.some(group => sameText(group.label, NO_MESSAGE_LABEL))).toBe(true);
	});

	it('job 19 in small pages: the same numbers, records kept only up to the cap', async () => {
		const client = clientFor(server);
		const records = await errorRecords(client, 19);
		const breakdown = await loadBreakdown({client, jobId: 19, pageSize: 37, concurrency: 3, maxRecordsKept: 500});
		expectToMatchRecords(breakdown, records);
		expect(breakdown.truncated).toBe(true);
		const kept = breakdown.groups.cached.flatMap(group => group.records.map(each => each.id)).sort((a, b) => a - b);
		expect(kept).toEqual(records.slice(0, 500).map(each => each.id));
	});

	it('job 42 has no Error records: nothing to group', async () => {
		const breakdown = await loadBreakdown({client: clientFor(server), jobId: 42});
		expect(breakdown).toEqual({
			total: 0,
			truncated: false,
			groups: {message: [], pattern: [], validator: [], cached: []},
		});
	});

	it('keeps at most `concurrency` requests in flight and uses them', async () => {
		server.setFaults({latencyMs: 15});
		const {client, stats} = observedClient(clientFor(server));
		const breakdown = await loadBreakdown({client, jobId: 19, pageSize: 100, concurrency: 3});
		expect(stats.maxInFlight).toBe(3);
		expect(stats.pages.sort((a, b) => a - b)).toEqual(
			Array.from({length: Math.ceil(breakdown.total / 100)}, (_, index) => index + 1),
		);

		stats.maxInFlight = 0;
		await loadBreakdown({client, jobId: 19, pageSize: 100});
		expect(stats.maxInFlight).toBe(4);
	});

	it('rejects when the signal aborts, without waiting for answers, and sends no request after that', async () => {
		const controller = new AbortController();
		// Counted where requests start, in this process: the server's log also lags behind under load. Once
		// page 1 has said how many pages there are, no answer comes within the test: only the abort can
		// end the load.
		const {client, stats} = observedClient(clientFor(server), () => {
			server.setFaults({latencyMs: 60_000});
		});
		const loading = loadBreakdown({client, jobId: 7001, pageSize: 100, signal: controller.signal});
		await untilTrue(() => stats.pages.length > 1, 'several page requests in flight');
		controller.abort();
		const error = await loading.then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).kind).toBe('aborted');
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		// Every request has ended (none could by an answer); a new one would have started as they did.
		await untilTrue(() => stats.inFlight === 0, 'the aborted requests to end');
		const sent = stats.pages.length;
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(stats.pages).toHaveLength(sent);
		expect(stats.answered).toBe(1);
	});

	it('sends nothing for a signal that is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(
			loadBreakdown({client: clientFor(server), jobId: 7001, signal: controller.signal}),
		).rejects.toMatchObject({
			kind: 'aborted',
		});
		expect(server.requests).toHaveLength(0);
	});

	it('stops with what exists when the job shrinks mid-way', async () => {
		await withDemoServer(undefined, async target => {
			const real = clientFor(target);
			let shrunk = false;
			const client: ApiClient = {
				...real,
				baseUrl: real.baseUrl,
				async getRecords(jobId, query, options) {
					const page = await real.getRecords(jobId, query, options);
					if (!shrunk) {
						shrunk = true;
						target.setJobSize(19, 12_000);
					}

					return page;
				},
			};
			const breakdown = await loadBreakdown({client, jobId: 19, pageSize: 50, concurrency: 2});
			const records = await errorRecords(real, 19);
			expect(records.length).toBeLessThan(1500);
			expectToMatchRecords(breakdown, records);
			expect(target.requests.some(request => request.status === 404)).toBe(true);
		});
	});

	it('passes API errors on as ApiError with a sentence', async () => {
		server.setFaults({failEvery: 2, failStatus: 500});
		const error = await loadBreakdown({client: clientFor(server), jobId: 7001, pageSize: 500}).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).kind).toBe('server');
		server.setFaults({failEvery: 0});
		await expect(loadBreakdown({client: clientFor(server), jobId: 99})).rejects.toMatchObject({kind: 'not-found'});
	});
});
