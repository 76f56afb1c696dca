// Random input of every kind a terminal can send (keys, escape sequences, Ctrl keys, a stray ESC,
// pastes in one write, bracketed paste markers, mouse reports) into the real app: it never crashes or
// quits, and every settled frame fits the terminal, keeps its columns and leaks no control bytes.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {dropUnnamedCtrlKeys} from '../../source/terminal/inkStdin.js';
import {KEYS} from '../helpers/render.js';
import {
	addLeaked,
	alignmentProblems,
	BASE_SEED,
	caseIndices,
	chaosCase,
	describeLeaks,
	findLeaks,
	layoutProblems,
	leakedBytes,
	type Mounted,
	mountApp,
	parseFrame,
	printSummary,
	quiet,
	type Random,
	randomFor,
	reproduce,
	tally,
	scale,
	sleep,
	watchProcess,
} from './harness.js';

const CATEGORY = 'key fuzz';
const QUIT_CATEGORY = 'quit keys';
const SESSIONS = scale(4, 20);
let inkCrashKeys = 0;
const CHUNKS_PER_SESSION = scale(90, 400);

let server: DemoServer;
const watcher = watchProcess();

beforeAll(async () => {
	server = await startDemoServer();
});

afterAll(async () => {
	watcher.stop();
	await server.close();
	printSummary(CATEGORY, QUIT_CATEGORY);
	process.stdout.write(
		`chaos: ${inkCrashKeys} fuzz writes held keys that crash bare Ink 6.8 (survived through terminal/inkStdin)\n`,
	);
});

// q and Ctrl+C quit: they are left out here and tested on their own below. A Ctrl+C can also come
// as a kitty keyboard report (CSI 99;5u), so those never use c or q.
const withoutQuit = (text: string) => text.replaceAll(/[q\u0003]/g, '');
const PRINTABLE = withoutQuit(Array.from({length: 95}, (_, index) => String.fromCodePoint(32 + index)).join(''));
const KEY_NAMES = 'jkhlgGrdfs?[]JK123456 \r\t';
const SEQUENCES = [
	...Object.values(KEYS).filter(key => key !== KEYS.ctrlC),
	'\u001b[1~',
	'\u001b[4~',
	'\u001b[7~',
	'\u001b[8~',
	'\u001bOH',
	'\u001bOF',
	'\u001bOA',
	'\u001bOB',
	'\u001bOC',
	'\u001bOD',
	'\u001b[2~',
	'\u001b[3~',
	'\u001b[Z',
	'\u001b[1;5C',
	'\u001b[1;5D',
	'\u001b[1;2A',
	'\u001b[1;3B',
	'\u001b[[A',
	'\u001b[[5~',
	'\u001bOP',
	'\u001bOQ',
	'\u001bOR',
	'\u001bOS',
	'\u001b[15~',
	'\u001b[24~',
	'\u001b[I',
	'\u001b[O',
	'\u001bj',
	'\u001bk',
	'\u001b\u001b[A',
	'\u001b[<0;12;5M',
	'\u001b[<0;12;5m',
	'\u001b[<64;3;3M',
	'\u001b[M !!',
	'\u001b[97;5u',
	'\u001b[106u',
	'\u001b[13u',
	'\u001b[27u',
	'\u001b[57399u',
	'\u001b[6n',
	'\u001b[?1049h',
];

function ctrlKey(random: Random): string {
	// C0 controls and DEL, without Ctrl+C.
	const code = random.pick([
		0, 1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31, 127,
	]);
	return String.fromCodePoint(code);
}

function pasteText(random: Random): string {
	const roll = random.next();
	if (roll < 0.3) {
		return withoutQuit(random.pick(HOSTILE_PAYLOADS).text).slice(0, random.int(1, 3000));
	}

	const length = roll < 0.8 ? random.int(2, 60) : random.int(200, 4000);
	const alphabet = roll < 0.5 ? KEY_NAMES : PRINTABLE + '\n\r\t€日本👩‍💻';
	let text = '';
	while (text.length < length) {
		text += random.pick([...alphabet]);
	}

	return withoutQuit(text);
}

/**
 * One write to stdin: what a terminal sends for a key, a burst of keys, or a paste. `inkCrash` marks
 * writes holding a key that crashes bare Ink 6.8 (Ctrl+F1 and friends): the app gets through them via
 * terminal/inkStdin, as the real CLI does.
 */
export function fuzzChunk(random: Random): {name: string; data: string; inkCrash: boolean} {
	const chunk = anyChunk(random);
	return {...chunk, inkCrash: dropUnnamedCtrlKeys(chunk.data) !== chunk.data};
}

function anyChunk(random: Random): {name: string; data: string} {
	const roll = random.next();
	if (roll < 0.35) {
		const key = random.pick([...KEY_NAMES, ...PRINTABLE]);
		return {name: JSON.stringify(key), data: key};
	}

	if (roll < 0.55) {
		const sequence = random.pick(SEQUENCES);
		return {name: JSON.stringify(sequence), data: sequence};
	}

	if (roll < 0.65) {
		const key = ctrlKey(random);
		return {name: `ctrl ${key.codePointAt(0)}`, data: key};
	}

	if (roll < 0.72) {
		return {name: 'ESC', data: '\u001b'};
	}

	if (roll < 0.82) {
		const text = pasteText(random);
		return {name: `paste ${text.length}`, data: text};
	}

	if (roll < 0.9) {
		const text = pasteText(random);
		const open = random.chance(0.8) ? '\u001b[200~' : '';
		const close = random.chance(0.8) ? '\u001b[201~' : '';
		return {name: `bracketed paste ${text.length}`, data: `${open}${text}${close}`};
	}

	// Keys typed ahead of a stalled link, all in one read.
	let burst = '';
	const count = random.int(2, 12);
	for (let index = 0; index < count; index++) {
		burst += random.chance(0.7) ? random.pick([...KEY_NAMES]) : random.pick(SEQUENCES);
	}

	return {name: `burst ${JSON.stringify(burst)}`, data: burst};
}

function checkFrame(mounted: Mounted, context: string): void {
	const frame = mounted.r.frame();
	const {columns, rows} = mounted.r.size;
	const why = `${context}\n${frame}`;
	const leaks = findLeaks(frame);
	addLeaked(CATEGORY, leakedBytes(frame, leaks));
	expect(leaks, `${why}\n${describeLeaks(frame, leaks)}`).toEqual([]);
	expect(mounted.quits(), why).toBe(0);
	expect(layoutProblems(frame, columns, rows), why).toEqual([]);
	expect(alignmentProblems(frame), why).toEqual([]);
	const parsed = parseFrame(frame);
	expect(parsed.rows.filter(row => row.selected).length, why).toBeLessThanOrEqual(1);
	if (parsed.page !== undefined && parsed.totalPages !== undefined) {
		expect(parsed.page, why).toBeGreaterThanOrEqual(1);
		expect(parsed.page, why).toBeLessThanOrEqual(Math.max(1, parsed.totalPages));
	}
}

async function fuzzSession(index: number): Promise<void> {
	const random = randomFor(CATEGORY, index);
	const jobId = random.pick([42, 666, 666, 7001]);
	const [columns, rows] = random.pick([
		[80, 24],
		[100, 30],
		[130, 40],
		[60, 16],
	] as const);
	server.setFaults({latencyMs: random.int(0, 15), jitterMs: random.int(0, 20)});
	const mounted = await mountApp({server, jobId, pageSize: random.pick([5, 10, 25, 100]), columns, rows});
	const log: string[] = [];
	const recent: string[] = [];
	const counts = tally(CATEGORY);
	let unchecked = 0;
	const checked = () => {
		counts.survived += unchecked;
		unchecked = 0;
	};

	try {
		let sinceCheck = 0;
		for (let chunk = 0; chunk < CHUNKS_PER_SESSION; chunk++) {
			const {name, data, inkCrash} = fuzzChunk(random);
			log.push(name);
			counts.tried++;
			unchecked++;
			inkCrashKeys += inkCrash ? 1 : 0;
			recent.push(data);
			recent.splice(0, recent.length - 3);
			mounted.r.write(data);
			// A stray ESC only counts as Esc once Ink's short flush timer runs: sometimes let it.

			await (random.chance(0.5) ? sleep(random.int(0, 8)) : Promise.resolve());
			if (++sinceCheck >= random.int(5, 30)) {
				sinceCheck = 0;

				await quiet(mounted);
				checkFrame(
					mounted,
					`session ${index}, job ${jobId}, ${columns}×${rows}, after ${log.length} chunks; last: ${log.slice(-8).join(' ')}`,
				);
				checked();
			}
		}

		// Back to browsing: the table must show again, with one selected row when the page has any.
		await mounted.r.press('\u001b', '\u001b');
		await quiet(mounted);
		const frame = mounted.r.frame();
		if (frame.includes('Keys —') || frame.includes('Status filter')) {
			mounted.r.write('?');
		}

		await quiet(mounted);
		checkFrame(mounted, `session ${index}, job ${jobId}, at the end; last: ${log.slice(-8).join(' ')}`);
		checked();
	} catch (error) {
		if (error instanceof Error) {
			error.message = `${reproduce(CATEGORY, index)}\nlast writes: ${recent.map(data => JSON.stringify(data.slice(0, 120))).join(' then ')}\n${error.message}`;
		}

		throw error;
	} finally {
		mounted.unmount();
	}
}

describe(`key fuzz: ${SESSIONS} sessions of ${CHUNKS_PER_SESSION} random writes (seed ${BASE_SEED}); a case is one write`, () => {
	it(
		'never crashes, never quits, and every settled frame holds its invariants',
		async () => {
			for (const index of caseIndices(SESSIONS)) {
				await fuzzSession(index);
			}

			expect(watcher.errors).toEqual([]);
		},
		scale(60_000, 1_200_000),
	);
});

describe('the quit keys, left out of the fuzz', () => {
	const modes = [
		{name: 'browsing', keys: [] as string[]},
		{name: 'the filter list', keys: ['f']},
		{name: 'the help', keys: ['?']},
	];
	const quitKeys = [
		{name: 'q', data: 'q'},
		{name: 'Ctrl+C', data: KEYS.ctrlC},
	];

	it.each(modes.flatMap(mode => quitKeys.map(key => [`${key.name} in ${mode.name}`, mode, key] as const)))(
		'%s quits once',
		async (_name, mode, key) => {
			await chaosCase(QUIT_CATEGORY, async () => {
				const mounted = await mountApp({server, jobId: 42, columns: 100, rows: 30});
				try {
					await mounted.r.waitFor('Record 9881');
					await mounted.r.press(...mode.keys);
					expect(mounted.quits()).toBe(0);
					mounted.r.write(key.data);
					await mounted.r.idle();
					expect(mounted.quits()).toBe(1);
				} finally {
					mounted.unmount();
				}
			});
		},
	);

	it('q typed ahead in one read with other keys quits once, after the keys before it', async () => {
		await chaosCase(QUIT_CATEGORY, async () => {
			const mounted = await mountApp({server, jobId: 42, columns: 100, rows: 30});
			try {
				await mounted.r.waitFor('Record 9881');
				mounted.r.write('jjq');
				await mounted.r.idle();
				expect(mounted.quits()).toBe(1);
			} finally {
				mounted.unmount();
			}
		});
	});
});
