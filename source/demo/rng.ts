// Seeded, stateless hashing: every generated value is a pure function of (seed, index, salt), so any
// record of a 120,000-record job can be produced on its own, in any order, and always the same.

export function mix32(x: number): number {
	// lowbias32 (Chris Wellons): a well-mixed 32-bit finaliser using only integer ops.
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

export function hash32(seed: number, index: number, salt = 0): number {
	return mix32(mix32((index ^ seed) >>> 0) ^ Math.imul(salt + 1, 0x9e3779b9) ^ seed);
}

/** Uniform in [0, 1). */
export function unit(seed: number, index: number, salt = 0): number {
	return hash32(seed, index, salt) / 4_294_967_296;
}

export function pick<T>(items: readonly T[], h: number): T {
	return items[h % items.length] as T;
}

/** A fixed weighted choice; `pick(u)` takes a uniform number in [0, 1). */
export class Weighted<T> {
	private readonly items: T[] = [];
	private readonly cumulative: number[] = [];

	constructor(entries: ReadonlyArray<readonly [T, number]>) {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let running = 0;
		for (const [item, weight] of entries) {
			running += weight / total;
			this.items.push(item);
			this.cumulative.push(running);
		}
	}

	pick(u: number): T {
		for (let i = 0; i < this.cumulative.length; i++) {
			if (u < (this.cumulative[i] as number)) {
				return this.items[i] as T;
			}
		}
		return this.items[this.items.length - 1] as T;
	}
}

/** A deterministic UUID4-shaped string. */
export function seededUuid(seed: number): string {
	let hex = '';
	for (let i = 0; i < 4; i++) {
		hex += hash32(seed, i, 77).toString(16).padStart(8, '0');
	}
	const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
