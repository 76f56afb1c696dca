// The error breakdown's controller without React, against the demo server on loopback.
import {afterEach, describe, expect, it} from 'vitest';
import type {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import type {Group, Grouping} from '../../source/store/breakdown.js';
import {BreakdownController} from '../../source/store/breakdownController.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {KEY, until} from './until.js';

const server = serveDemoPerFile();
const controllers: BreakdownController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
});

function make(jobId: number, token = server().token) {
	const events = {
		chosen: [] as Array<[Group, Grouping]>,
		revalidated: [] as Array<[Group, Grouping]>,
		closed: 0,
		quits: 0,
		authErrors: [] as ApiError[],
	};
	const controller = new BreakdownController(
		{jobId},
		{
			client: createClient({baseUrl: server().baseUrl, token, retry: {limit: 0}}),
			viewportRows: () => 5,
			navigation: {
				choose: (group, grouping) => events.chosen.push([group, grouping]),
				revalidate: (group, grouping) => events.revalidated.push([group, grouping]),
				close: () => events.closed++,
				quit: () => events.quits++,
				authError: error => events.authErrors.push(error),
			},
		},
	);
	controllers.push(controller);
	return {controller, events, store: controller.store};
}

describe('the error breakdown controller', () => {
	it('fetches and groups the Error records with progress, then moves, regroups and chooses', async () => {
		const {controller, store, events} = make(7001);
		controller.start();
		const progress = await until(store, s => s.load.kind === 'loading' && s.load.progress !== null, 'progress');
		expect(progress.load.kind === 'loading' && progress.load.progress?.total).toBeGreaterThan(0);
		const ready = await until(store, s => s.load.kind === 'ready', 'the groups');
		const groups = ready.load.kind === 'ready' ? ready.load.breakdown.groups : undefined;
		expect(groups?.message[0]?.label).toBe('ZeroBounce API timeout after 30s');
		controller.key('jjjjjjj', KEY.plain);
		expect(controller.state.selection).toBe(7);
		// The window of five rows followed the selection.
		expect(controller.state.scrollTop).toBeGreaterThan(0);
		controller.key('', KEY.enter);
		expect(events.chosen.map(([group, grouping]) => [group.label, grouping])).toEqual([
			[groups?.message[7]?.label, 'message'],
		]);
		controller.key('g', KEY.plain);
		expect(controller.state).toMatchObject({grouping: 'pattern', selection: 0});
		// R: the selected pattern, as a whole, for the app to re-validate.
		controller.key('R', KEY.plain);
		expect(events.revalidated.map(([group, grouping]) => [group.key, grouping])).toEqual([
			[groups?.pattern[0]?.key, 'pattern'],
		]);
	});

	it('says what failed and r fetches again; a refused token goes to the app and retry recovers', async () => {
		server().setFaults({failEvery: 1, failStatus: 500});
		const {controller, store} = make(42);
		controller.start();
		await until(store, s => s.load.kind === 'error');
		server().setFaults(NO_FAULTS);
		controller.key('r', KEY.plain);
		const ready = await until(store, s => s.load.kind === 'ready');
		expect(ready.load.kind === 'ready' && ready.load.breakdown.total).toBe(0);

		const refused = make(7001, 'not-the-token-0000');
		refused.controller.start();
		await until(refused.store, s => s.load.kind === 'error');
		expect(refused.events.authErrors.map(error => error.kind)).toEqual(['auth']);
		refused.controller.setClient(createClient({baseUrl: server().baseUrl, token: server().token}));
		refused.controller.retry();
		await until(refused.store, s => s.load.kind === 'ready');
	});

	it('Esc, e and b close; ? opens help, where Esc closes it; q quits', () => {
		const {controller, events} = make(42);
		controller.key('', KEY.escape);
		controller.key('e', KEY.plain);
		controller.key('b', KEY.plain);
		expect(events.closed).toBe(3);
		controller.key('?', KEY.plain);
		expect(controller.state.helpVisible).toBe(true);
		controller.key('b', KEY.plain);
		expect(events.closed).toBe(3);
		controller.key('', KEY.escape);
		expect(controller.state.helpVisible).toBe(false);
		controller.key('q', KEY.plain);
		expect(events.quits).toBe(1);
	});
});
