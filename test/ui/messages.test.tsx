// What a failed request leaves on screen: the sentence and only the keys that work there.
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {renderAt, type Rendered} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
let view: Rendered | undefined;

afterEach(() => {
	view?.unmount();
	view = undefined;
	server().setFaults(NO_FAULTS);
});

async function open(jobId: number, columns = 100) {
	const client = createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});
	view = await renderAt(
		<App
			client={client}
			jobId={jobId}
			pageSize={100}
			filter="All"
			page={1}
			theme={createTheme({})}
			onQuit={() => {}}
		/>,
		columns,
		24,
	);
	return view;
}

const lastLine = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('a failed request in the records', () => {
	it('a job that is not there: b and q offered (even at 80 columns), no r', async () => {
		const view = await open(999_999, 80);
		const frame = await view.waitFor(/was not found/);
		const line = lastLine(frame);
		expect(line).toMatch(/^✖ Job 999999 was not found.* {2}b back {2}q quit$/);
		expect(frame).not.toMatch(/\br (to )?(retry|reload)\b/);
	});

	it('a server error: r offered with b and q, and the sentence says no "press r"', async () => {
		server().setFaults({...NO_FAULTS, failEvery: 1, failStatus: 503});
		const view = await open(42);
		const frame = await view.waitFor(/server error/);
		const line = lastLine(frame);
		expect(line).toMatch(/^✖ The eCore API had a server error.* {2}r reload {2}b back {2}q quit$/);
		expect(line).not.toMatch(/press r/i);
	});
});
