// The token screen without React: what was typed, the check with the API, and what to say about it.
import type {Key} from 'ink';
import type {ApiError} from '../api/errors.js';
import {commandFor, type CommandTable} from '../keys/keymap.js';
import {createStore, type Store} from './store.js';

export const REFUSED_MESSAGE = 'The API refused that token (401). Try again.';
export const EMPTY_MESSAGE = 'Paste or type a token first.';

export type TokenPhase = 'editing' | 'checking' | 'accepted';

export interface TokenState {
	/** What is typed (shown masked). */
	readonly value: string;
	readonly phase: TokenPhase;
	/** Why the last try failed, shown under the field. */
	readonly problem: string | undefined;
}

export type TokenAction =
	| {type: 'edit'; value: string}
	| {type: 'checking'}
	| {type: 'accepted'}
	| {type: 'problem'; message: string; clear?: boolean};

export const initialTokenState: TokenState = {value: '', phase: 'editing', problem: undefined};

export function tokenReducer(state: TokenState, action: TokenAction): TokenState {
	switch (action.type) {
		case 'edit': {
			return state.value === action.value ? state : {...state, value: action.value};
		}

		case 'checking': {
			return {...state, phase: 'checking', problem: undefined};
		}

		case 'accepted': {
			return {...state, phase: 'accepted'};
		}

		case 'problem': {
			return {...state, phase: 'editing', problem: action.message, value: action.clear ? '' : state.value};
		}
	}
}

export interface TokenNavigation {
	/** A token the API accepted: called once. */
	accepted(token: string): void;
	/** Esc or Ctrl+C. */
	cancel(): void;
}

export interface TokenDependencies {
	/** One cheap authenticated request; 'ok' or the error it failed with. */
	readonly verify: (token: string) => Promise<'ok' | ApiError>;
	readonly navigation: TokenNavigation;
}

const COMMANDS: CommandTable<'token', TokenController> = {
	submitToken: screen => screen.submit(),
	cancelToken: screen => screen.cancel(),
};

export class TokenController {
	readonly store: Store<TokenState, TokenAction> = createStore(tokenReducer, initialTokenState);
	/** Why the screen is showing, e.g. the saved token was refused while browsing. */
	readonly reason: string | undefined;
	readonly #deps: TokenDependencies;
	/** A check that finishes after Esc, or after the screen is gone, must not call back. */
	#attempt = 0;

	constructor(options: {readonly reason?: string | undefined}, deps: TokenDependencies) {
		this.reason = options.reason;
		this.#deps = deps;
	}

	get state(): TokenState {
		return this.store.getState();
	}

	start(): void {}

	pause(): void {}

	resume(): void {}

	dispose(): void {
		this.#attempt++;
	}

	setClient(): void {}

	retry(): void {}

	/** Enter and Esc come from the key map; everything else is typing, which the field takes whole. */
	readonly key = (input: string, key: Key): void => {
		const command = commandFor('token', input, key);
		if (command) {
			COMMANDS[command](this);
		}
	};

	/** The field's new text. A paste arrives as one chunk, and its line break is then text, not Enter. */
	readonly change = (next: string): void => {
		if (/[\r\n]/.test(next)) {
			this.store.dispatch({type: 'edit', value: next.replaceAll(/[\r\n]/g, '')});
			this.submit();
			return;
		}

		this.store.dispatch({type: 'edit', value: next});
	};

	submit(): void {
		if (this.state.phase !== 'editing') {
			return;
		}

		const token = this.state.value.trim();
		if (token === '') {
			this.store.dispatch({type: 'problem', message: EMPTY_MESSAGE});
			return;
		}

		const id = ++this.#attempt;
		this.store.dispatch({type: 'checking'});
		const settle = (result: 'ok' | ApiError | undefined) => {
			if (id !== this.#attempt) {
				return;
			}

			if (result === 'ok') {
				this.store.dispatch({type: 'accepted'});
				this.#deps.navigation.accepted(token);
				return;
			}

			if (result?.kind === 'auth') {
				// Retyping is the only way forward, and a masked field cannot be edited by eye.
				this.store.dispatch({
					type: 'problem',
					message: result.status === 401 ? REFUSED_MESSAGE : result.message,
					clear: true,
				});
				return;
			}

			this.store.dispatch({
				type: 'problem',
				message: result
					? `${result.message} Press Enter to try again.`
					: 'The token could not be checked. Press Enter to try again.',
			});
		};

		this.#deps.verify(token).then(settle, () => {
			settle(undefined);
		});
	}

	cancel(): void {
		this.#attempt++;
		this.#deps.navigation.cancel();
	}
}
