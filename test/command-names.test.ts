// Every command a message or the README tells a person to run exists: a renamed or never-built command
// ("ecore-records jobs") is caught here, not by the person who types it.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {COMMAND_WORDS} from '../source/args.js';

const root = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
	return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			return files(full);
		}

		return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
	});
}

describe('command names in the program text and the README', () => {
	const sources = [...files(path.join(root, 'source')), path.join(root, 'README.md')];

	it.each(sources.map(file => [path.relative(root, file), file]))(
		'%s names only commands that exist',
		(_name, file) => {
			const text = fs.readFileSync(file, 'utf8');
			const named = [...text.matchAll(/(?<![\w/-])(?:ecore-records|\$\{PROJECT_NAME\}) ([a-z][a-z-]*)/g)].map(
				match => match[1],
			);
			const known: readonly string[] = COMMAND_WORDS;
			expect(named.filter(word => !known.includes(word!))).toEqual([]);
		},
	);
});
