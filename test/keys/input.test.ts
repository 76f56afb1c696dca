import {describe, expect, it} from 'vitest';
import {PLAIN_KEY, runKeys, splitKeys} from '../../source/keys/input.js';
import type {CommandOf, Mode} from '../../source/keys/keymap.js';

/** Runs a read through runKeys in a tiny model of the records screen's modes. */
function run(input: string, start: Mode = 'browse') {
	let mode: Mode = start;
	const log: string[] = [];
	runKeys(input, PLAIN_KEY, {
		mode: () => mode,
		command(command: CommandOf<Mode>) {
			log.push(command);
			if (command === 'find') {
				mode = 'find';
			} else if (command === 'acceptFind' || command === 'cancelFind') {
				mode = 'browse';
			}
		},
		type(text) {
			log.push(`type ${text}`);
		},
		ignoredPaste() {
			log.push('ignored paste');
		},
	});
	return log;
}

describe('splitKeys', () => {
	it('turns a control byte typed ahead into the Ctrl key Ink would name alone', () => {
		expect(splitKeys('a\u0015b', PLAIN_KEY)).toEqual([
			['a', PLAIN_KEY],
			['u', {...PLAIN_KEY, ctrl: true}],
			['b', PLAIN_KEY],
		]);
	});
});

describe('runKeys', () => {
	it('runs each key in the mode of its moment: / then text typed ahead goes into the field', () => {
		expect(run('/abc')).toEqual(['find', 'type abc']);
		expect(run('/ab\rn')).toEqual(['find', 'type ab', 'acceptFind', 'findNext']);
	});

	it('types nothing outside a field', () => {
		expect(run('zz')).toEqual([]);
	});

	it('takes a paste as text: after / into the field, the rest never as commands', () => {
		expect(run('/jane.doe@example.com\rqqqq')).toEqual(['find', 'type jane.doe@example.com', 'acceptFind']);
		expect(run('a line with q in it, pasted')).toEqual(['ignored paste']);
		expect(run('pasted straight into the field\rq', 'find')).toEqual([
			'type pasted straight into the field',
			'acceptFind',
		]);
	});
});
