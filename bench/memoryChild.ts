// Figure 5's child (bundled, run with --expose-gc): the app on a fake 120×40 terminal, against the API at
// BENCH_BASE_URL (another process, as the real service is) or, without it, a demo API in this process as
// `--demo` runs it. Pages through job 7001 and reports the resident set after a GC.
import {createClient} from '../source/api/client.js';
import {startDemoServer} from '../source/demo/server.js';
import {peakRss, sendResult, settledRss} from './childOutput.js';
import {KEYS, mountApp, sleep} from './harness.js';

const JOB = 7001;
/** First record id of pages 1…n, from the parent (asking here would load pages the app never showed). */
const ids = JSON.parse(process.env['BENCH_IDS'] ?? '[]') as Array<number | null>;
const pages = ids.length - 2;

const loaded = settledRss();
const remote = process.env['BENCH_BASE_URL'];
const server = remote ? undefined : await startDemoServer();
const client = createClient(
	server ? {baseUrl: server.baseUrl, token: server.token} : {baseUrl: remote, token: process.env['BENCH_TOKEN'] ?? ''},
);
const app = mountApp({client, jobId: JOB, pageSize: 100, columns: 120, rows: 40});
await app.waitForText(`›${ids[1]}`);
await app.settle(100);
const firstFrame = settledRss();
for (let page = 2; page <= pages + 1; page++) {
	// Past Ink's 30 fps throttle: a fast reader, or a held key, pages about this often.
	await sleep(35);
	const {from} = app.press(KEYS.right);
	await app.waitForText(`›${ids[page]}`, from);
}

await app.settle(100);
const afterPaging = settledRss();
app.unmount();
client.abortAll();
await server?.close();
sendResult({pages, loaded, firstFrame, afterPaging, peak: await peakRss()});
