import React from 'react';
import {it} from 'vitest';
import {render} from 'ink-testing-library';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {startDemoServer} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {sleep, parseFrame} from './harness.js';

it('explore', async () => {
	const servers = await Promise.all([0, 1, 2, 3].map(() => startDemoServer()));
	let bad = 0;
	let total = 0;
	const deadline = Date.now() + 60_000;
	await Promise.all(servers.map(async server => {
		while (Date.now() < deadline) {
			const client = createClient({baseUrl: server.baseUrl, token: server.token});
			const inst = render(<App client={client} jobId={42} pageSize={10} filter="All" page={1} theme={createTheme({NO_COLOR: '1'})} onQuit={() => {}} />);
			const stdin = inst.stdin as any;
			let reads = 0;
			let readables = 0;
			const origRead = stdin.read.bind(stdin);
			stdin.read = () => { const d = origRead(); if (d !== null) reads++; return d; };
			const origEmit = stdin.emit.bind(stdin);
			stdin.emit = (ev: string, ...a: any[]) => { if (ev === 'readable') readables += stdin.listenerCount('readable') > 0 ? 1 : 0; return origEmit(ev, ...a); };
			await sleep(300);
			while (!(inst.lastFrame() ?? '').includes('Record 9881')) await sleep(10);
			await sleep(Number(process.env.WAITMS));
			let pos = 0;
			reads = 0; readables = 0;
			for (let i = 0; i < 12; i++) {
				const down = Math.random() < 0.5;
				stdin.write(down ? 'j' : 'k');
				pos = Math.max(0, Math.min(9, pos + (down ? 1 : -1)));
				await sleep(1 + Math.floor(Math.random() * 5));
			}
			const t0 = Date.now();
			let sel = -1;
			while (Date.now() - t0 < 5000) {
				sel = parseFrame(inst.lastFrame() ?? '').rows.findIndex(r => r.selected);
				if (sel === pos) break;
				await sleep(10);
			}
			if (Date.now() - t0 > 300) console.log('SLOW', Date.now() - t0, sel, pos);
			total++;
			if (sel !== pos) { bad++; console.log('MISMATCH', sel, pos, 'reads', reads, 'readables with listener', readables); }
			inst.unmount();
			inst.cleanup();
		}
	}));
	console.log('bad', bad, 'of', total);
	await Promise.all(servers.map(s => s.close()));
}, 200000);
