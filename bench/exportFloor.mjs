// Figure 8's floor: the least a Node program can do and still make the small export. It reads page 1 of
// the filter with fetch, then the pages page 1 announced, all at once, and writes each record as one line
// of ndjson to the file, in order. No checks, no retries, no progress: what Node itself costs (start-up,
// undici, JSON) for the export the app makes. Plain JavaScript, so it is run as it is, like the app's bundle.
// It keeps WebAssembly on its baseline compiler as the app does (source/wasmBaseline.ts): without that, Node
// waits at exit for an optimised build of fetch's HTTP parser that nothing runs. `--node-defaults` leaves
// Node as it is, to show what that wait costs.
import {closeSync, openSync, writeSync} from 'node:fs';
import process from 'node:process';
import v8 from 'node:v8';

const [jobId, status, output, defaults] = process.argv.slice(2);
if (defaults !== '--node-defaults') {
	v8.setFlagsFromString('--liftoff-only');
	v8.setFlagsFromString('--wasm-tiering-budget=2000000000');
}

const base = process.env.ECORE_BASE_URL.replace(/\/?$/, '/');
const headers = {Authorization: `Token ${process.env.ECORE_API_TOKEN}`, Accept: 'application/json'};
const page = async number => {
	const url = `${base}email-validation/jobs/${jobId}/records/?status=${status}&page_size=1000&page=${number}`;
	const response = await globalThis.fetch(url, {headers});
	if (!response.ok) throw new Error(`page ${number}: ${response.status}`);
	return response.json();
};

const first = await page(1);
const rest = Array.from({length: first.total_pages - 1}, (_, index) => page(index + 2));
const file = openSync(output, 'w');
for (const next of [Promise.resolve(first), ...rest]) {
	const {results} = await next;
	if (results.length > 0) writeSync(file, `${results.map(record => JSON.stringify(record)).join('\n')}\n`);
}
closeSync(file);
