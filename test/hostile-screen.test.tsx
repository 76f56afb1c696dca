// Servers that speak the documented API differently from the demo, met on the screen: the app rendered with
// the harness against a loopback server that answers as the test says (helpers/hostile-server.ts).
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../source/app.js';
import {createClient} from '../source/api/client.js';
import {sendFirst} from '../source/store/first.js';
import {createTheme} from '../source/terminal/theme.js';
import {HOSTILE_TOKEN, startHostileServer, type HostileServer} from './helpers/hostile-server.js';
import {KEYS, renderAt, type Rendered} from './helpers/render.js';
import {wireJob, wirePage, wireRecord} from './safety/bodies.js';

let server: HostileServer;
let view: Rendered | undefined;

beforeAll(async () => {
	server = await startHostileServer();
});

afterEach(() => {
	view?.unmount();
	view = undefined;
});

afterAll(async () => {
	await server.close();
});

const JOB = 42;
// DRF's own page size for the records, used whatever page_size asks: its PageNumberPagination takes a
// page_size parameter only when page_size_query_param is set, which it is not by default.
const SERVER_PAGE = 100;
const RECORDS = Array.from({length: 3 * SERVER_PAGE}, (_, index) => wireRecord(1000 + index));

/** Job 42's 300 records, `size(asked)` of them a page. */
function answerRecords(size: (asked: number) => number): void {
	server.answer(request => {
		if (request.path === `email-validation/jobs/${JOB}/`) {
			return {body: {...wireJob(JOB, {total_records: RECORDS.length}), records: RECORDS.slice(0, 100)}};
		}

		if (request.path !== `email-validation/jobs/${JOB}/records/`) {
			return undefined;
		}

		const page = Number(request.query.get('page') ?? '1');
		const each = size(Number(request.query.get('page_size') ?? '100'));
		const results = RECORDS.slice((page - 1) * each, page * each);
		const total = Math.ceil(RECORDS.length / each);
		return {body: wirePage(results, {count: RECORDS.length, total_pages: total, current_page: page})};
	});
}

async function openJob(pageSize: number): Promise<Rendered> {
	const client = createClient({baseUrl: server.baseUrl, token: HOSTILE_TOKEN});
	const first = sendFirst(client, {kind: 'records', jobId: JOB, filter: 'All', page: 1, pageSize});
	view = await renderAt(
		<App
			client={client}
			jobId={JOB}
			pageSize={pageSize}
			filter="All"
			page={1}
			theme={createTheme({})}
			first={first}
			onQuit={() => undefined}
		/>,
		100,
		24,
	);
	return view;
}

describe('a server that caps page_size (DRF’s max_page_size = 100)', () => {
	// The find reads pages of 1,000 and places each record at (page - 1) × 1,000 + row: pages of 100 put
	// records 100–299 past the end, and the find said "No record matches" for record 1150, which is there.
	it('the find says why it stopped, rather than only that nothing matches', async () => {
		answerRecords(asked => Math.min(asked, 100));
		const screen = await openJob(100);
		await screen.waitFor('›1000');
		await screen.press('/');
		screen.write('user1150@');
		await screen.press(KEYS.enter);
		// The find's own framing of a reading that stopped: what it read did not match, and why it stopped.
		const frame = await screen.waitFor(/No record matches/);
		expect(frame.replaceAll('\n', ' ')).toMatch(/in what the find read: .*keeps its own page size/);
	});
});

describe('a server that keeps its own page size (DRF without page_size_query_param)', () => {
	// The first page was cut from the job summary's inline records at the page size asked for (records
	// 1000–1049 as "page 1 of 6"), the next came from the server at its own (1100–1199, "page 2 of 3"):
	// records 1050–1099 were never shown, and nothing said so.
	it('--page-size 50: the first page and the next are the server’s pages, with nothing between them', async () => {
		answerRecords(() => SERVER_PAGE);
		const screen = await openJob(50);
		expect(await screen.waitFor('›1000')).toContain('page 1 of 3');
		await screen.press(KEYS.right);
		expect(await screen.waitFor('page 2 of 3')).toContain('›1100');
	});
});
