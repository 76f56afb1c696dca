// Every test file runs in its own empty working directory, so a key that exports (x) or any other
// relative write lands in a temporary folder, never in the repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll} from 'vitest';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-test-cwd-'));
const previous = process.cwd();
process.chdir(directory);

afterAll(() => {
	process.chdir(previous);
	fs.rmSync(directory, {recursive: true, force: true});
});
