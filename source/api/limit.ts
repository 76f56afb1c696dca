// How many requests a long read (an export, the error breakdown) keeps in flight, when the API throttles.
// Like TCP's congestion window: the limit halves when the API answers 429 and grows back by one after a
// run of clean answers; after a 429 nobody sends anything until the wait the API asked for is over.
// Permits go to the lowest page first, so the page the reader waits for is never stuck behind later ones.

import {abortedError, isApiError} from './errors.js';

export interface LimitOptions {
	/** The most requests in flight, and where the limit starts. */
	max: number;
	/** Clean answers in a row after which the limit grows by one (up to `max`). */
	growAfter?: number;
	/** Told when a pause starts (the wait, in ms) or ends (undefined). */
	onPause?: (waitMs: number | undefined) => void;
	now?: () => number;
}

/** Which period of the limit a request started in: a 429 halves the limit once per period, not once per request. */
export type Epoch = number;

interface Waiter {
	readonly priority: number;
	readonly resolve: (epoch: Epoch) => void;
	readonly reject: (reason: unknown) => void;
}

export const DEFAULT_GROW_AFTER = 8;

export class AdaptiveLimit {
	readonly max: number;
	readonly #growAfter: number;
	readonly #onPause: ((waitMs: number | undefined) => void) | undefined;
	readonly #now: () => number;
	#limit: number;
	#inFlight = 0;
	#clean = 0;
	#epoch: Epoch = 0;
	#resumeAt = 0;
	#paused = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#closed: unknown;
	readonly #waiters: Waiter[] = [];

	constructor(options: LimitOptions) {
		this.max = options.max;
		this.#limit = options.max;
		this.#growAfter = options.growAfter ?? DEFAULT_GROW_AFTER;
		this.#onPause = options.onPause;
		this.#now = options.now ?? (() => Date.now());
	}

	/** Requests allowed in flight now. */
	get current(): number {
		return this.#limit;
	}

	get inFlight(): number {
		return this.#inFlight;
	}

	/**
	 * Resolves when a request may be sent (lowest `priority` first), with the epoch to hand back to
	 * `throttled`. Rejects when `signal` aborts (with its ApiError reason, or an aborted one) or the limit is closed.
	 */
	acquire(priority: number, signal?: AbortSignal): Promise<Epoch> {
		return new Promise((resolve, reject) => {
			if (this.#closed !== undefined) {
				reject(this.#closed);
				return;
			}

			if (signal?.aborted) {
				reject(reasonOf(signal));
				return;
			}

			const onAbort = () => {
				this.#remove(waiter);
				reject(reasonOf(signal!));
			};

			const waiter: Waiter = {
				priority,
				resolve: epoch => {
					signal?.removeEventListener('abort', onAbort);
					resolve(epoch);
				},
				reject: reason => {
					signal?.removeEventListener('abort', onAbort);
					reject(reason);
				},
			};
			signal?.addEventListener('abort', onAbort, {once: true});
			const at = this.#waiters.findIndex(other => other.priority > priority);
			this.#waiters.splice(at === -1 ? this.#waiters.length : at, 0, waiter);
			this.#pump();
		});
	}

	/** The request answered (or failed for any reason but a 429): its permit is free again. */
	release(clean: boolean): void {
		this.#inFlight--;
		if (clean) {
			this.#clean++;
			if (this.#clean >= this.#growAfter && this.#limit < this.max) {
				this.#limit++;
				this.#clean = 0;
			}
		}

		this.#pump();
	}

	/**
	 * The request started in `epoch` was answered 429: its permit is free, the limit halves (once for all
	 * the requests of one period), and nothing is sent until `waitMs` from now.
	 */
	throttled(epoch: Epoch, waitMs: number): void {
		this.#inFlight--;
		this.#clean = 0;
		if (epoch === this.#epoch) {
			this.#limit = Math.max(1, Math.floor(this.#limit / 2));
			this.#epoch++;
		}

		const resumeAt = this.#now() + waitMs;
		if (resumeAt > this.#resumeAt) {
			this.#resumeAt = resumeAt;
			this.#paused = true;
			this.#onPause?.(waitMs);
		}

		this.#pump();
	}

	/** Rejects every waiter with `reason` and every later acquire; clears the timer. */
	close(reason: unknown): void {
		this.#closed = reason;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
	}

	#remove(waiter: Waiter): void {
		const at = this.#waiters.indexOf(waiter);
		if (at !== -1) this.#waiters.splice(at, 1);
	}

	#pump(): void {
		if (this.#closed !== undefined || this.#waiters.length === 0) return;
		const wait = this.#resumeAt - this.#now();
		if (wait > 0) {
			clearTimeout(this.#timer);
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				this.#pump();
			}, wait);
			return;
		}

		if (this.#paused) {
			this.#paused = false;
			this.#onPause?.(undefined);
		}

		while (this.#inFlight < this.#limit && this.#waiters.length > 0) {
			this.#inFlight++;
			this.#waiters.shift()!.resolve(this.#epoch);
		}
	}
}

function reasonOf(signal: AbortSignal): unknown {
	const reason: unknown = signal.reason;
	return isApiError(reason) ? reason : abortedError();
}
