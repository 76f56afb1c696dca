import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {BINDINGS, commandFor, footerHints, type Mode} from '../../source/keys/keymap.js';
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
		const modes: Mode[] = ['picker', 'browse', 'filter', 'find', 'breakdown', 'help'];
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
});
