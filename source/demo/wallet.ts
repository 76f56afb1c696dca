// The demo account's credits (credit-costs.md): an upload is charged upfront, and the refund for its
// non-Valid records lands in one transaction when its job completes. Refunds are settled when the
// balance is read, on the data clock, so an injected clock moves them too.

/** What the demo token's wallet starts with: enough for any upload the demo's jobs can produce. */
export const DEMO_BALANCE = 100_000;

export class Wallet {
	#balance: number;
	#refunds: Array<{readonly at: number; readonly amount: number}> = [];

	constructor(balance = DEMO_BALANCE) {
		this.#balance = balance;
	}

	/** The balance at `now`, with every refund due by then. */
	balance(now: number): number {
		const due = this.#refunds.filter(refund => refund.at <= now);
		if (due.length > 0) {
			this.#refunds = this.#refunds.filter(refund => refund.at > now);
			for (const refund of due) {
				this.#balance += refund.amount;
			}
		}
		return this.#balance;
	}

	/** Sets what is there at `now`; refunds due later still arrive on top. */
	set(balance: number, now: number): void {
		this.balance(now);
		this.#balance = balance;
	}

	charge(amount: number): void {
		this.#balance -= amount;
	}

	refundAt(at: number, amount: number): void {
		if (amount > 0) {
			this.#refunds.push({at, amount});
		}
	}
}
