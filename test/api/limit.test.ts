// The adaptive limit on requests in flight (api/limit.ts), on its own: no network, no timing asserted.
import {describe, expect, it} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {AdaptiveLimit} from '../../source/api/limit.js';

describe('AdaptiveLimit', () => {
	it('halves once for all the 429s of one period, then grows back by one after a run of clean answers', async () => {
		const limit = new AdaptiveLimit({max: 4, growAfter: 3});
		const epochs = await Promise.all([1, 2, 3, 4].map(async page => limit.acquire(page)));
		expect(limit.inFlight).toBe(4);
		// Four requests of the same period refused: one halving, not four.
		for (const epoch of epochs) limit.throttled(epoch, 0);
		expect(limit.current).toBe(2);

		// A 429 of the next period halves again, down to one at the least.
		limit.throttled(await limit.acquire(5), 0);
		expect(limit.current).toBe(1);
		limit.throttled(await limit.acquire(6), 0);
		expect(limit.current).toBe(1);

		for (let clean = 0; clean < 3; clean++) {
			await limit.acquire(7 + clean);
			limit.release(true);
		}

		expect(limit.current).toBe(2);
		for (let clean = 0; clean < 6; clean++) {
			await limit.acquire(10 + clean);
			limit.release(true);
		}

		expect(limit.current).toBe(4);
		// Never above the most it started with.
		for (let clean = 0; clean < 6; clean++) {
			await limit.acquire(20 + clean);
			limit.release(true);
		}

		expect(limit.current).toBe(4);
	});

	it('grows back after 8 clean answers by default', async () => {
		const limit = new AdaptiveLimit({max: 4});
		limit.throttled(await limit.acquire(1), 0);
		expect(limit.current).toBe(2);
		for (let clean = 0; clean < 7; clean++) {
			await limit.acquire(2 + clean);
			limit.release(true);
		}

		expect(limit.current).toBe(2);
		await limit.acquire(9);
		limit.release(true);
		expect(limit.current).toBe(3);
	});

	it('gives a free permit to the lowest page waiting, not the first to ask', async () => {
		const limit = new AdaptiveLimit({max: 1});
		await limit.acquire(1);
		const order: number[] = [];
		const waiting = [9, 2, 5].map(async page => limit.acquire(page).then(() => order.push(page)));
		limit.release(true);
		await Promise.resolve();
		await new Promise(resolve => setImmediate(resolve));
		expect(order).toEqual([2]);
		limit.release(true);
		limit.release(true);
		await Promise.all(waiting);
		expect(order).toEqual([2, 5, 9]);
	});

	it('sends nothing while paused, and says when the pause starts and ends', async () => {
		const events: string[] = [];
		const limit = new AdaptiveLimit({
			max: 2,
			onPause: waitMs => events.push(waitMs === undefined ? 'resumed' : `paused ${waitMs}`),
		});
		const epoch = await limit.acquire(1);
		limit.throttled(epoch, 30);
		const next = limit.acquire(2).then(() => events.push('sent'));
		await next;
		expect(events).toEqual(['paused 30', 'resumed', 'sent']);
	});

	it('rejects a waiter whose signal aborts, with the signal’s ApiError, and every one when closed', async () => {
		const limit = new AdaptiveLimit({max: 1});
		await limit.acquire(1);
		const controller = new AbortController();
		const aborted = limit.acquire(2, controller.signal);
		const reason = new ApiError('aborted', 'Stopped.');
		controller.abort(reason);
		await expect(aborted).rejects.toBe(reason);
		const closed = limit.acquire(3);
		limit.close(new ApiError('aborted', 'Done.'));
		await expect(closed).rejects.toMatchObject({kind: 'aborted', message: 'Done.'});
		await expect(limit.acquire(4)).rejects.toMatchObject({message: 'Done.'});
	});
});
