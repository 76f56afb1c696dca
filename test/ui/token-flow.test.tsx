import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {verifyToken} from '../../source/commands/token.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {KEYS, renderAt} from '../helpers/render.js';

let server: DemoServer;
const FIRST = 'first-token-abcdef123456';
const SECOND = 'second-token-zyxwvu987654';

beforeAll(async () => {
	server = await startDemoServer({tokens: [FIRST]});
});

afterAll(async () => {
	await server.close();
});

function tokenSupport(saved: string[]) {
	const make = (token: string) => createClient({baseUrl: server.baseUrl, token, retry: {limit: 0}});
	return {
		make,
		support: {
			createClient: make,
			verify: (token: string) => verifyToken({createClient, baseUrl: server.baseUrl, token}),
			save(token: string) {
				saved.push(token);
			},
			baseUrl: server.baseUrl,
		},
	};
}

describe('the token screen inside the app', () => {
	it('asks for a token when there is none, refuses a wrong one, then opens the job', async () => {
		server.setTokens([FIRST]);
		const saved: string[] = [];
		const {support} = tokenSupport(saved);
		const view = await renderAt(
			<App
				client={undefined}
				jobId={42}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme({})}
				token={support}
				onQuit={() => {}}
			/>,
		);
		await view.waitFor('API token');
		await view.press('nope-not-a-token-000');
		await view.waitFor(frame => frame.includes('•'.repeat(20)));
		await view.press(KEYS.enter);
		await view.waitFor(/refused/);
		for (let index = 0; index < 30; index++) {
			await view.press('\u007f');
		}

		// Enter straight after the token: what was typed is in the store before Enter is read.
		view.write(FIRST);
		view.write(KEYS.enter);
		await view.waitFor('Q1 Leads');
		expect(saved).toEqual([FIRST]);
		for (const frame of view.frames) {
			expect(frame).not.toContain(FIRST);
		}

		view.unmount();
	});

	it('after a 401 while browsing, asks again and comes back to the same filter, page and row', async () => {
		server.setTokens([FIRST]);
		const saved: string[] = [];
		const {support, make} = tokenSupport(saved);
		const view = await renderAt(
			<App
				client={make(FIRST)}
				jobId={7001}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme({})}
				token={support}
				onQuit={() => {}}
			/>,
		);
		await view.waitFor(/All · page 1 of/);
		await view.press('5');
		await view.waitFor(/Error · page 1 of/);
		await view.press('l', 'l', 'j', 'j');
		await view.waitFor(/Error · page 3 of/);
		const before = /›(\d+)/.exec(view.frame())?.[1];
		server.setTokens([SECOND]);
		await view.press('r');
		await view.waitFor(/refused the token while browsing/);
		await view.press(SECOND);
		await view.waitFor(frame => frame.includes('•'.repeat(SECOND.length)));
		await view.press(KEYS.enter);
		await view.waitFor(frame => /Error · page 3 of/.test(frame) && frame.includes(`›${before}`));
		expect(saved).toEqual([SECOND]);
		view.unmount();
	});
});
