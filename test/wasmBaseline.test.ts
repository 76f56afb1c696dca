// The V8 flags of wasmBaseline.ts are set only on the Node majors known to take them: an unknown flag makes
// V8 print an error on stdout, which would reach the screen and every piped page.
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {keepWasmOnBaseline} from '../source/wasmBaseline.js';
import {CLI} from './helpers/build.js';

describe('keepWasmOnBaseline', () => {
	it('leaves V8 alone on a Node it does not know', () => {
		expect(keepWasmOnBaseline('26.0.0')).toBe(false);
		expect(keepWasmOnBaseline('18.20.4')).toBe(false);
		expect(keepWasmOnBaseline('')).toBe(false);
	});

	it('sets the flags on the Node running the tests, and the CLI says nothing about them', () => {
		expect(keepWasmOnBaseline(process.versions.node)).toBe(true);
		const run = spawnSync(process.execPath, [CLI, '--version'], {encoding: 'utf8'});
		expect(run.status).toBe(0);
		expect(`${run.stdout}${run.stderr}`).not.toMatch(/flag/i);
	});
});
