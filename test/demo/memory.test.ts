import v8 from 'node:v8';
import vm from 'node:vm';
import {describe, expect, it} from 'vitest';
import {demoFetch, serveDemoPerFile} from '../helpers/server.js';

// A reliable heap reading needs a full GC; expose it for this file only.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

describe('memory of the big job', () => {
	const server = serveDemoPerFile();

	it('keeps well under a megabyte of per-record data for every job together', () => {
		expect(server().dataBytes).toBeLessThan(1 * MB);
	});

	it('serves pages from anywhere in 120,000 records without retaining them', async () => {
		const s = server();
		await (await demoFetch(s, 'email-validation/jobs/7001/records/?page_size=1000')).text();
		const before = heapAfterGc();
		for (const page of [1, 60, 120]) {
			for (const status of ['', '&status=Valid', '&status=Pending']) {
				const response = await demoFetch(s, `email-validation/jobs/7001/records/?page_size=1000&page=${page}${status}`);
				expect(response.status === 200 || response.status === 404).toBe(true);
				await response.text();
			}
		}
		expect(heapAfterGc() - before).toBeLessThan(4 * MB);
	});

	it('streams the 120,000-record JSON download without building it in memory', async () => {
		const s = server();
		const before = heapAfterGc();
		let peak = 0;
		let bytes = 0;
		const response = await demoFetch(s, 'email-validation/jobs/7001/download/?format=json');
		const reader = response.body!.getReader();
		for (let chunk = 0; ; chunk++) {
			const {done, value} = await reader.read();
			if (done) {
				break;
			}
			bytes += value.byteLength;
			if (chunk % 50 === 0) {
				peak = Math.max(peak, heapAfterGc() - before);
			}
		}
		// The body is ≈ 27 MB; holding it (or 120,000 record objects) would show here.
		expect(bytes).toBeGreaterThan(20 * MB);
		expect(peak).toBeLessThan(8 * MB);
	});
});
