// Figure 6's child (bundled): exports every record of a job from the API at BENCH_BASE_URL into a Writable
// that drops the bytes, and reports the time and this process's peak resident set.
import {performance} from 'node:perf_hooks';
import {Writable} from 'node:stream';
import {createClient} from '../source/api/client.js';
import {type ExportFormat, exportRecords} from '../source/export/export.js';
import {peakRss, sendResult} from './childOutput.js';

const [format, concurrency, jobId] = [
	process.env['BENCH_FORMAT'] as ExportFormat,
	Number(process.env['BENCH_CONCURRENCY']),
	Number(process.env['BENCH_JOB']),
];
const client = createClient({baseUrl: process.env['BENCH_BASE_URL'], token: process.env['BENCH_TOKEN'] ?? ''});

let bytes = 0;
const output = new Writable({
	write(chunk: Buffer | string, _encoding, callback) {
		bytes += chunk.length;
		callback();
	},
});

// VmHWM is the kernel's exact peak; the 10 ms samples are the fallback where there is no /proc.
let sampled = process.memoryUsage().rss;
const sampler = setInterval(() => {
	sampled = Math.max(sampled, process.memoryUsage().rss);
}, 10);
const started = performance.now();
const result = await exportRecords({client, jobId, status: 'All', format, output, concurrency});
const elapsedMs = performance.now() - started;
clearInterval(sampler);
sendResult({records: result.records, elapsedMs, bytes, peak: await peakRss(), sampled});
