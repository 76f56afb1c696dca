import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ApiClient} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {NO_VALIDATOR_LABEL, type Group, type Grouping} from '../../source/store/breakdown.js';
import {createTheme} from '../../source/terminal/theme.js';
import {BreakdownController} from '../../source/store/breakdownController.js';
import {BreakdownScreen, breakdownRows, formatShare, shareBar} from '../../source/ui/BreakdownScreen.js';
import {KeyInput} from '../../source/ui/KeyInput.js';
import {formatCount} from '../../source/format.js';
import {readFilter} from '../helpers/records.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {observedClient} from '../helpers/client.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {untilTrue} from '../helpers/until.js';
import {until} from '../store/until.js';
import {plain} from '../helpers/text.js';
import {sameText} from '../../source/text/untrusted.js';

const server = serveDemoPerFile();
let view: Rendered | undefined;

const controllers: BreakdownController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	view?.unmount();
	view = undefined;
	server().setFaults(NO_FAULTS);
	server().resetStats();
});

const lines = (frame: string) => frame.split('\n');
const selectedRow = (frame: string) => lines(frame).find(line => line.startsWith('›'));

/** Error records per message, fetched page by page apart from the code under test. */
async function messageCounts(
	client: ApiClient,
	jobId: number,
): Promise<{total: number; counts: Array<[string, number]>}> {
	const records = await readFilter(client, jobId, 'Error');

	const counts = new Map<string, number>();
	for (const record of plain(records)) {
		counts.set(record.error_message ?? '', (counts.get(record.error_message ?? '') ?? 0) + 1);
	}

	return {total: records.length, counts: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))};
}

async function open(options: {jobId?: number; columns?: number; rows?: number; env?: NodeJS.ProcessEnv} = {}) {
	const columns = options.columns ?? 80;
	const rows = options.rows ?? 24;
	const events = {
		chosen: [] as Array<{group: Group; grouping: Grouping}>,
		revalidated: [] as Array<{group: Group; grouping: Grouping}>,
		closed: 0,
		quits: 0,
	};
	const {client, stats} = observedClient(
		createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}}),
	);
	const size = {columns, rows};
	const controller = new BreakdownController(
		{jobId: options.jobId ?? 7001},
		{
			client,
			viewportRows: () => breakdownRows(size),
			navigation: {
				choose: (group, grouping) => events.chosen.push({group, grouping}),
				revalidate: (group, grouping) => events.revalidated.push({group, grouping}),
				close: () => {
					events.closed++;
				},
				quit: () => {
					events.quits++;
				},
				authError: () => undefined,
			},
		},
	);
	controllers.push(controller);
	controller.start();
	// The app gives a screen one row less than the terminal, as the browser keeps its own frame.
	view = await renderAt(
		<>
			<KeyInput onKey={controller.key} />
			<BreakdownScreen controller={controller} size={size} theme={createTheme(options.env ?? {})} />
		</>,
		columns,
		rows,
	);
	return {view, events, client, stats, controller};
}

function expectWithin(frame: string, columns: number, rows: number): void {
	expect(lines(frame).length).toBeLessThanOrEqual(rows);
	for (const line of lines(frame)) {
		expect(stringWidth(line)).toBeLessThanOrEqual(columns);
	}
}

describe('shareBar and formatShare', () => {
	it('fills in eighths, shows a sliver for anything above zero, and is always as wide as asked', () => {
		expect(shareBar(0, 4)).toBe('    ');
		expect(shareBar(0.001, 4)).toBe('▏   ');
		expect(shareBar(0.5, 4)).toBe('██  ');
		expect(shareBar(1, 4)).toBe('████');
		expect(shareBar(0.3, 10)).toBe('███       ');
		expect(shareBar(0.5, 0)).toBe('');
		expect(formatShare(1, 3)).toBe('33.3%');
		expect(formatShare(1, 5000)).toBe('<0.1%');
		expect(formatShare(0, 0)).toBe('—');
	});
});

describe('error breakdown screen', () => {
	it('shows progress while fetching, then the groups largest first, within the terminal', async () => {
		server().setFaults({latencyMs: 80});
		const {view, client} = await open({columns: 80, rows: 24});
		await view.waitFor('Fetching Error records…');
		const progress = await view.waitFor(/Fetching Error records… [\d,]+ \/ [\d,]+ .*%/);
		expect(progress).toContain('Why records failed — job 7001');
		server().setFaults({latencyMs: 0});
		const frame = await view.waitFor('Share');
		const reference = await messageCounts(client, 7001);
		expect(frame).toContain(`Why records failed — job 7001 · ${formatCount(reference.total)} Error records`);
		expect(frame).toContain('[error message]');
		const rows = lines(frame).slice(3, -1);
		for (const [index, [message, count]] of reference.counts.slice(0, rows.length).entries()) {
			const row = rows[index]!;
			expect(row.slice(1)).toMatch(new RegExp(`^ *${formatCount(count)}  `));
			expect(row).toContain(message.slice(0, 30));
		}

		expect(selectedRow(frame)).toContain('ZeroBounce API timeout after 30s');
		expect(frame).toContain('Enter show records');
		expect(frame).toContain('q quit');
		expectWithin(frame, 80, 23);
		for (const each of view.frames) {
			expectWithin(each, 80, 23);
		}
	});

	it('selects with ↑↓/j/k, also several keys in one read, and scrolls the list', async () => {
		const {view, client} = await open({columns: 100, rows: 12});
		const reference = await messageCounts(client, 7001);
		await view.waitFor('Share');
		expect(view.frame()).toContain(`1–7 of ${reference.counts.length}`);
		await view.press('j');
		await view.waitFor(frame => selectedRow(frame)?.includes(reference.counts[1]![0]) ?? false);
		await view.press('jjj');
		await view.waitFor(frame => selectedRow(frame)?.includes(reference.counts[4]![0].slice(0, 40)) ?? false);
		await view.press(KEYS.up, 'k');
		await view.waitFor(frame => selectedRow(frame)?.includes(reference.counts[2]![0].slice(0, 40)) ?? false);
		await view.press('j'.repeat(12));
		// The window jumps by half its height when the selection leaves it.
		const frame = await view.waitFor('10–16 of');
		expect(selectedRow(frame)).toContain(reference.counts[14]![0].slice(0, 40));
		expectWithin(frame, 100, 11);
	});

	it('cycles the grouping with g and Tab: message → pattern → validator → cached → message', async () => {
		const {view} = await open();
		await view.waitFor('[error message]');
		await view.waitFor('Share');
		await view.press('g');
		let frame = await view.waitFor('[pattern]');
		expect(selectedRow(frame)).toContain('ZeroBounce API timeout after {duration}');
		await view.press('g');
		frame = await view.waitFor('[validator]');
		expect(selectedRow(frame)).toContain(NO_VALIDATOR_LABEL);
		expect(selectedRow(frame)).toContain('100.0%');
		await view.press(KEYS.tab);
		frame = await view.waitFor('[cached]');
		expect(selectedRow(frame)).toContain('not cached');
		await view.press('g');
		frame = await view.waitFor('[error message]');
		expect(selectedRow(frame)).toContain('ZeroBounce API timeout after 30s');
	});

	it('Enter chooses the selected group with its grouping; Esc, e and b close; q and Ctrl+C quit', async () => {
		const {view, events, client} = await open();
		const reference = await messageCounts(client, 7001);
		await view.waitFor('Share');
		await view.press('j');
		await view.waitFor(frame => selectedRow(frame)?.includes(reference.counts[1]![0]) ?? false);
		await view.press(KEYS.enter);
		expect(events.chosen).toHaveLength(1);
		const [{group, grouping}] = events.chosen as [{group: Group; grouping: Grouping}];
		expect(grouping).toBe('message');
		expect(group.label).toBe(reference.counts[1]![0]);
		expect(group.count).toBe(reference.counts[1]![1]);
		expect(group.records).toHaveLength(group.count);
		expect(
			group.records.every(record => record.error_message === group.label && sameText(record.status, 'Error')),
		).toBe(true);

		await view.press('g', 'g', KEYS.enter);
		expect(events.chosen.at(-1)?.grouping).toBe('validator');
		expect(events.chosen.at(-1)?.group.count).toBe(reference.total);

		await view.press(KEYS.escape);
		await view.press('e');
		await view.press('b');
		expect(events.closed).toBe(3);
		await view.press('q');
		await view.press(KEYS.ctrlC);
		expect(events.quits).toBe(2);
	});

	it('Enter on a pattern lists its variants under a row for the whole pattern; Enter there chooses; b goes back', async () => {
		const {view, events, controller} = await open({columns: 100});
		await view.waitFor('Share');
		await view.press('g');
		await view.waitFor('[pattern]');
		// The SMTP refusals: one pattern, a variant per host and port.
		const patterns = controller.state.load.kind === 'ready' ? controller.state.load.breakdown.groups.pattern : [];
		const smtp = patterns.findIndex(group => plain(group.label) === 'SMTP connection refused by {host}:{port}');
		expect(smtp).toBeGreaterThanOrEqual(0);
		await view.press(...Array.from({length: smtp}, () => 'j'));
		await view.press(KEYS.enter);
		let frame = await view.waitFor('Variants of a pattern');
		expect(frame).toContain('Pattern SMTP connection refused by {host}:{port}');
		expect(selectedRow(frame)).toMatch(/100\.0%.*\(all \d+ variants\)/);
		const rows = lines(frame).filter(
			line => line.includes('SMTP connection refused by ') && !line.startsWith('Pattern'),
		);
		expect(rows.length).toBeGreaterThan(3);
		expect(rows.every(line => !line.includes('{host}'))).toBe(true);
		expect(events.chosen).toHaveLength(0);

		// Enter on the first row: every record of the pattern.
		await view.press(KEYS.enter);
		expect(events.chosen.at(-1)?.grouping).toBe('pattern');
		expect(events.chosen.at(-1)?.group.count).toBe(patterns[smtp]!.count);
		// Enter on a variant: its records, as the message grouping holds them.
		await view.press('j', KEYS.enter);
		const variant = events.chosen.at(-1)!;
		expect(variant.grouping).toBe('message');
		expect(plain(variant.group.label)).toMatch(/^SMTP connection refused by \S+:\d+$/);
		expect(variant.group.records.every(record => record.error_message === variant.group.label)).toBe(true);

		// b: back to the patterns, on the pattern it opened.
		await view.press('b');
		frame = await view.waitFor('[pattern]');
		expect(selectedRow(frame)).toContain('SMTP connection refused by {host}:{port}');
		expect(events.closed).toBe(0);
	});

	it('says so for a job without Error records (job 42), and Enter chooses nothing', async () => {
		const {view, events} = await open({jobId: 42});
		const frame = await view.waitFor('No Error records in this job.');
		expect(frame).toContain('job 42');
		await view.press(KEYS.enter, 'j', 'g');
		expect(events.chosen).toHaveLength(0);
		expect(view.frame()).toContain('No Error records in this job.');
	});

	it('shows a failure on one line with r to reload, and r recovers', async () => {
		server().setFaults({failEvery: 1, failStatus: 500});
		const {view} = await open();
		const frame = await view.waitFor('r reload');
		const errorLines = lines(frame).filter(line => line.startsWith('✖'));
		expect(errorLines).toHaveLength(1);
		expect(errorLines[0]).toContain('server error');
		expectWithin(frame, 80, 23);
		server().setFaults({failEvery: 0});
		await view.press('r');
		await view.waitFor('Share');
		expect(view.frame()).not.toContain('✖');
	});

	// The footer offers only the keys that work: after a failure that asking again cannot mend (a job that is
	// not there, a token refused) no `r`, and with no groups on screen no key that needs one.
	it('offers no r after a failure that asking again cannot mend, and no key that needs a group', async () => {
		const {view} = await open({jobId: 424_242});
		const frame = await view.waitFor('✖');
		expect(frame).not.toContain('r reload');
		const footer = lines(frame).at(-1) ?? '';
		expect(footer).toContain('b back');
		expect(footer).toContain('q quit');
		for (const dead of ['show records', 'group by', 're-validate', 'select']) {
			expect(footer).not.toContain(dead);
		}

		view.unmount();
		server().setFaults({failEvery: 1, failStatus: 503});
		const retryable = (await open()).view;
		const failed = await retryable.waitFor('✖');
		expect(lines(failed).at(-1)).toContain('r reload');
	});

	it('offers no r once a refresh behind the groups fails for good (403)', async () => {
		const {view} = await open();
		expect(await view.waitFor('Share')).toContain('r reload');
		server().setFaults({failEvery: 1, failStatus: 403});
		await view.press('r');
		const frame = await view.waitFor('not updated');
		expect(frame).toContain('Share');
		expect(frame).not.toContain('r reload');
		expect(frame).not.toContain('r to retry');
	});

	it('aborts its requests when it goes away', async () => {
		server().setFaults({latencyMs: 100});
		const {view, controller, stats} = await open({jobId: 19});
		await view.waitFor(/Fetching Error records… [\d,]+/);
		// The screen goes away when it is popped off the stack: its controller is disposed.
		controller.dispose();
		view.unmount();
		const sent = stats.pages.length;
		expect(stats.inFlight).toBeGreaterThan(0);
		// Had they not been aborted, their answers would ask for more pages as they came in.
		await untilTrue(() => stats.inFlight === 0, 'the requests in flight to end');
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(stats.pages).toHaveLength(sent);
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
	});

	it('shows hostile messages (job 666) as visible escapes and emits no control character', async () => {
		const {view} = await open({jobId: 666, env: {NO_COLOR: '1'}, columns: 120, rows: 30});
		const frame = await view.waitFor('Share');
		expect(frame).toContain('\\x1b');
		for (let index = 0; index < 50; index++) {
			await view.press('j');
		}

		await view.press('g', 'g', '?', '?', 'r');
		await view.waitFor('Share');
		for (const text of view.frames) {
			expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
			expectWithin(text, 120, 29);
		}
	});

	it('keeps within tiny and narrow terminals', async () => {
		for (const [columns, rows] of [
			[40, 8],
			[20, 4],
			[60, 3],
		] as const) {
			const {view, controller} = await open({columns, rows});
			await until(controller.store, state => state.load.kind !== 'loading', 'the breakdown loaded');
			await view.idle();
			await view.press('jjj', 'g');
			for (const text of view.frames) {
				expectWithin(text, columns, rows - 1);
			}

			view.unmount();
		}
	});
});
