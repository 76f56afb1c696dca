import type {Key} from 'ink';
import {describe, expect, expectTypeOf, it} from 'vitest';
import {
	BINDINGS,
	commandFor,
	footerHints,
	type CommandOf,
	type CommandTable,
	type Mode,
} from '../../source/keys/keymap.js';
import {PLAIN_KEY} from '../../source/keys/input.js';

const none: Key = PLAIN_KEY;

describe('key map', () => {
	it('maps the documented keys', () => {
		expect(commandFor('browse', '', {...none, rightArrow: true})).toBe('nextPage');
		expect(commandFor('browse', 'l', none)).toBe('nextPage');
		expect(commandFor('browse', '', {...none, pageDown: true})).toBe('nextPage');
		expect(commandFor('browse', 'h', none)).toBe('prevPage');
		expect(commandFor('browse', 'G', none)).toBe('lastPage');
		expect(commandFor('browse', '', {...none, home: true})).toBe('firstPage');
		expect(commandFor('browse', '3', none)).toBe('filterInvalid');
		expect(commandFor('browse', '5', none)).toBe('filterError');
		expect(commandFor('browse', '6', none)).toBe('filterAll');
		expect(commandFor('browse', 'c', {...none, ctrl: true})).toBe('quit');
		expect(commandFor('browse', 'c', none)).toBeUndefined();
		expect(commandFor('filter', '', {...none, escape: true})).toBe('closeFilter');
		expect(commandFor('help', '?', none)).toBe('closeHelp');
	});

	it('has no key that means two commands in one mode', () => {
		const modes: Mode[] = ['picker', 'browse', 'filter', 'find', 'breakdown', 'token', 'help'];
		for (const mode of modes) {
			const seen = new Map<string, string>();
			for (const binding of BINDINGS.filter(b => b.modes.includes(mode))) {
				for (const spec of binding.keys) {
					const id = JSON.stringify(spec);
					expect(seen.get(id), `${mode}: ${id}`).toBeUndefined();
					seen.set(id, binding.command);
				}
			}
		}
	});

	it('binds no tmux or screen prefix and no pane-navigation key', () => {
		for (const binding of BINDINGS) {
			for (const spec of binding.keys) {
				if (spec.ctrl && 'input' in spec) {
					expect(['a', 'b', 'h', 'j', 'k', 'l']).not.toContain(spec.input);
				}
			}
		}
	});

	it('builds the footer from the map', () => {
		expect(footerHints('browse').map(hint => hint.text)).toEqual(
			expect.arrayContaining(['select', 'page', 'filter', 'reload', 'help', 'quit']),
		);
	});

	it('derives each mode’s commands from the map, and a command table must have exactly those (tsc checks)', () => {
		expectTypeOf<CommandOf<'help'>>().toEqualTypeOf<'helpNext' | 'helpPrevious' | 'closeHelp' | 'quit'>();
		expectTypeOf<CommandOf<'token'>>().toEqualTypeOf<
			'submitToken' | 'cancelToken' | 'deleteChar' | 'deleteWord' | 'clearField'
		>();
		expectTypeOf<CommandOf<'filter' | 'find'>>().toEqualTypeOf<CommandOf<'filter'> | CommandOf<'find'>>();
		const run = () => undefined;
		// @ts-expect-error cancelToken has a key in the token mode, so the table needs an entry for it
		const missing: CommandTable<'token', unknown> = {submitToken: run};
		const extra: CommandTable<'token', unknown> = {
			submitToken: run,
			cancelToken: run,
			deleteChar: run,
			deleteWord: run,
			clearField: run,
			// @ts-expect-error quit has no key in the token mode, so an entry for it is a mistake
			quit: run,
		};
		const complete: CommandTable<'token', unknown> = {
			submitToken: run,
			cancelToken: run,
			deleteChar: run,
			deleteWord: run,
			clearField: run,
		};
		expect([missing, extra, complete].map(table => Object.keys(table).length)).toEqual([1, 6, 5]);
	});

	it('gives the token screen its keys from the map: Enter checks, Esc and Ctrl+C quit', () => {
		expect(commandFor('token', '', {...none, return: true})).toBe('submitToken');
		expect(commandFor('token', '', {...none, escape: true})).toBe('cancelToken');
		expect(commandFor('token', 'c', {...none, ctrl: true})).toBe('cancelToken');
		expect(commandFor('token', 'q', none)).toBeUndefined();
	});
});
