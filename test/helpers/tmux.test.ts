// The tests that need tmux (or a shell) never skip without it: they fail, saying what to install.
import {describe, expect, it} from 'vitest';
import {requireProgram} from './tmux.js';

describe('requireProgram', () => {
	it('fails with one line naming what to install when the program is missing', () => {
		let message = '';
		try {
			requireProgram('ecore-no-such-program', 'these tests');
		} catch (error) {
			message = (error as Error).message;
		}

		expect(message).toBe(
			'ecore-no-such-program is not installed, and these tests need it: install ecore-no-such-program (apt-get install ecore-no-such-program, brew install ecore-no-such-program); .ci/run does.',
		);
		expect(message).not.toContain('\n');
	});

	it('lets a test go on when the program is there', () => {
		expect(() => {
			requireProgram('sh', 'these tests');
		}).not.toThrow();
	});
});
