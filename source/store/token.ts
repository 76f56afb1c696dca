// The token screen without React: what was typed, the check with the API, and what to say about it.
import type {Key} from 'ink';
import {refusedByApi, type ApiError} from '../api/errors.js';
import {runKeys} from '../keys/input.js';
import type {CommandTable} from '../keys/keymap.js';
import {editField, type FieldEdit} from './field.js';
import {createStore, type Store} from './store.js';

export const REFUSED_MESSAGE = 'The API refused that token. Paste it again, or another.';
export const UNSENDABLE_MESSAGE = 'A token has no spaces or special characters. Paste it again.';
export const EMPTY_MESSAGE = 'Paste or type a token first.';
/** Longer than any token: a stray paste of a file stops here. */
export const MAX_TOKEN_LENGTH = 1024;

export type TokenPhase = 'editing' | 'checking' | 'accepted';

export interface TokenState {
	/** What is typed (shown masked). */
	readonly value: string;
	readonly phase: TokenPhase;
	/** Why the last try failed, shown under the field. */
	readonly problem: string | undefined;
}

export type TokenAction =
	| {type: 'edit'; edit: FieldEdit}
	| {type: 'checking'}
	| {type: 'accepted'}
	| {type: 'problem'; message: string; clear?: boolean};

export const initialTokenState: TokenState = {value: '', phase: 'editing', problem: undefined};

export function tokenReducer(state: TokenState, action: TokenAction): TokenState {
	switch (action.type) {
		case 'edit': {
			// While a token is being checked, the field shows the token being checked.
			if (state.phase !== 'editing') {
				return state;
			}

			const value = editField(state.value, action.edit, MAX_TOKEN_LENGTH);
			return state.value === value ? state : {...state, value};
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
	deleteChar: screen => screen.edit({type: 'deleteChar'}),
	deleteWord: screen => screen.edit({type: 'deleteWord'}),
	clearField: screen => screen.edit({type: 'clear'}),
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

	/**
	 * Enter, Esc and the editing keys come from the key map; everything else is typed into the field. The
	 * value is in the store before the next key is read, so Enter right after typing checks what was typed.
	 * A paste arrives as one read, and its line break is Enter.
	 */
	readonly key = (input: string, key: Key): void => {
		runKeys(input, key, {
			mode: () => 'token',
			command: command => {
				COMMANDS[command](this);
			},
			type: text => {
				this.edit({type: 'type', text});
			},
		});
	};

	edit(edit: FieldEdit): void {
		this.store.dispatch({type: 'edit', edit});
	}

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
				// Retyping is the only way forward, and a masked field cannot be edited by eye. The screen
				// says so in its own words: the client's sentence sends a person to `ecore-records login`,
				// which is where they are.
				this.store.dispatch({
					type: 'problem',
					message: refusedByApi(result) ? REFUSED_MESSAGE : UNSENDABLE_MESSAGE,
					clear: true,
				});
				return;
			}

			this.store.dispatch({
				type: 'problem',
				// The sentence says what happened; the screen says which key helps, only where one can.
				message: result
					? result.retryable
						? `${result.message} Press Enter to try again.`
						: result.message
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
