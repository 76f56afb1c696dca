import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/index.js';
import {verifyToken} from '../../source/commands/token.js';
import {startDemoServer} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {
	EMPTY_MESSAGE,
	REFUSED_MESSAGE,
	TokenController,
	UNSENDABLE_MESSAGE,
	type TokenDependencies,
} from '../../source/store/token.js';
import {TokenPrompt} from '../../source/ui/TokenScreen.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {waitFor} from './io.js';

const GOOD = 'screenGood_0123456789abcdefXYZ';
const BAD = 'screenBad_9999999999zzzzzzzzQQ';
const theme = createTheme({NO_COLOR: '1'});
const CTRL_U = '\u0015';
const CTRL_W = '\u0017';

let server: Awaited<ReturnType<typeof startDemoServer>>;
const allFrames: string[] = [];

beforeAll(async () => {
	server = await startDemoServer({port: 0, tokens: [GOOD]});
});

afterAll(async () => {
	await server.close();
	expect(allFrames.length).toBeGreaterThan(0);
	for (const frame of allFrames) {
		expect(frame).not.toContain(GOOD);
		expect(frame).not.toContain(BAD);
		expect(frame).not.toContain(GOOD.slice(0, 6));
		expect(frame).not.toContain(BAD.slice(0, 6));
	}
});

let view: Rendered | undefined;
afterEach(() => {
	if (view) {
		allFrames.push(...view.frames);
		view.unmount();
		view = undefined;
	}
});

async function show(
	props: {
		verify?: TokenDependencies['verify'];
		reason?: string;
		baseUrl?: string;
		columns?: number;
		rows?: number;
	} = {},
) {
	const onToken = vi.fn();
	const onCancel = vi.fn();
	const verify = vi.fn(
		props.verify ?? ((token: string) => verifyToken({createClient, baseUrl: server.baseUrl, token})),
	);
	const controller = new TokenController(
		{reason: props.reason},
		{verify, navigation: {accepted: onToken, cancel: onCancel}},
	);
	const columns = props.columns ?? 100;
	const rows = props.rows ?? 24;
	view = await renderAt(
		<TokenPrompt controller={controller} theme={theme} baseUrl={props.baseUrl} width={columns} height={rows - 1} />,
		columns,
		rows,
	);
	return {onToken, onCancel, verify, controller, view};
}

const bullets = (frame: string) => /Token: (•*)/.exec(frame)?.[1]?.length ?? 0;

describe('TokenScreen', () => {
	it('explains where the token comes from and shows only bullets as it is typed', async () => {
		const {view} = await show({baseUrl: server.baseUrl});
		expect(view.frame()).toContain('ecore-records · API token');
		expect(view.frame()).toContain('eCore dashboard under Settings → API Tokens');
		expect(view.frame()).toContain(`It will be checked with ${server.baseUrl}`);
		view.write(GOOD);
		await view.waitFor(frame => bullets(frame) === GOOD.length);
		expect(view.frame()).not.toContain(GOOD.slice(0, 4));
	});

	it('Enter right after typing checks what was typed, not the value before', async () => {
		const {view, verify, onToken} = await show();
		// One key a read, back to back, as a fast typist or a slow link delivers them: each read is drawn
		// at once, and the next comes before the frame's effects have run.
		for (const character of GOOD) {
			view.write(character);
		}

		view.write(KEYS.enter);
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(verify).toHaveBeenCalledWith(GOOD);
		expect(onToken).toHaveBeenCalledWith(GOOD);
		expect(view.frames.join('')).not.toContain(EMPTY_MESSAGE);
	});

	it('shows Checking…, then the refusal in its own words, clears the field, and accepts a retyped token', async () => {
		const {view, onToken} = await show();
		view.write(BAD);
		view.write(KEYS.enter);
		await view.waitFor('Checking…');
		const refused = await view.waitFor(REFUSED_MESSAGE);
		expect(bullets(refused)).toBe(0);
		// This is where a person logs in: no advice to go and log in.
		expect(refused).not.toContain('ecore-records login');
		expect(onToken).not.toHaveBeenCalled();

		view.write(GOOD);
		view.write(KEYS.enter);
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(onToken).toHaveBeenCalledWith(GOOD);
		expect(onToken).toHaveBeenCalledTimes(1);
		await view.waitFor('Token accepted.');
	});

	it('says what is wrong with a token that cannot be sent, without sending it', async () => {
		const {view, onToken} = await show();
		view.write('abc def');
		view.write(KEYS.enter);
		const frame = await view.waitFor(UNSENDABLE_MESSAGE);
		expect(frame).not.toContain('ecore-records login');
		expect(frame).not.toContain('ECORE_API_TOKEN');
		expect(onToken).not.toHaveBeenCalled();
	});

	it('checks what was typed when Enter comes right after it, before a frame shows it', async () => {
		// The field's own handler only sees its new value after a render; Enter comes from the key map and
		// reads the value the controller already holds (before, it submitted the empty field).
		const {view, onToken} = await show();
		// Typed ahead: the token and Enter back to back, no frame between them.
		view.write(GOOD);
		view.write('\r');
		const answer = await view.waitFor(frame => frame.includes('Token accepted.') || frame.includes('first'));
		expect(answer).not.toContain('Paste or type a token first.');
		expect(onToken).toHaveBeenCalledWith(GOOD);
	});

	it('submits a pasted token whose line break arrived as text', async () => {
		const {view, onToken} = await show();
		view.write(`${GOOD}\r`);
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(onToken).toHaveBeenCalledWith(GOOD);
	});

	it('a bracketed paste of the token goes in whole; its line break is not Enter, Enter then checks it', async () => {
		const {view, verify, onToken} = await show();
		view.write(`\u001b[200~${GOOD}\r\n\u001b[201~`);
		await view.waitFor(frame => bullets(frame) === GOOD.length);
		await view.idle();
		expect(verify).not.toHaveBeenCalled();
		view.write(KEYS.enter);
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(verify).toHaveBeenCalledWith(GOOD);
	});

	it('Ctrl+W deletes the last word and Ctrl+U clears the field, without typing anything', async () => {
		const {view, verify} = await show();
		view.write('abc def');
		await view.waitFor(frame => bullets(frame) === 7);
		view.write(CTRL_W);
		await view.waitFor(frame => bullets(frame) === 4);
		view.write('gh');
		view.write(CTRL_U);
		await view.waitFor(frame => bullets(frame) === 0);
		view.write('xyz');
		view.write('\u007f');
		view.write(KEYS.enter);
		await waitFor(() => verify.mock.calls.length > 0, 'the check');
		expect(verify).toHaveBeenCalledWith('xy');
	});

	it('asks for a token when Enter is pressed on an empty field, without a request', async () => {
		const {view, verify} = await show({verify: async () => 'ok' as const});
		view.write(KEYS.enter);
		await view.waitFor(EMPTY_MESSAGE);
		expect(verify).not.toHaveBeenCalled();
	});

	it('Esc cancels', async () => {
		const {view, onCancel} = await show();
		view.write(KEYS.escape);
		await waitFor(() => onCancel.mock.calls.length > 0, 'onCancel');
	});

	it('Ctrl+C cancels, even while checking, and a late answer is ignored', async () => {
		let answer: (value: 'ok') => void = () => undefined;
		const answered = new Promise<'ok'>(resolve => {
			answer = resolve;
		});
		const {view, onCancel, onToken} = await show({verify: () => answered});
		view.write('abc');
		view.write(KEYS.enter);
		await view.waitFor('Checking…');
		view.write(KEYS.ctrlC);
		await waitFor(() => onCancel.mock.calls.length > 0, 'onCancel');
		answer('ok');
		// The screen's callback on the answer was attached first, so it has run once this await returns.
		await answered;
		expect(onToken).not.toHaveBeenCalled();
	});

	it('shows the reason, and sanitises server text in other errors while keeping what was typed', async () => {
		const {view} = await show({
			verify: async () =>
				new ApiError('server', 'The eCore API had a server error (500: \u001B[2Jboom).', {status: 500}),
			reason: 'Your token was refused while browsing — enter a new one to continue.',
		});
		expect(view.frame()).toContain('Your token was refused while browsing — enter a new one to continue.');
		view.write('abcdef');
		view.write(KEYS.enter);
		const frame = await view.waitFor('boom');
		expect(frame).toContain('\\x1b[2Jboom');
		expect(frame).not.toContain('\u001B[2J');
		expect(frame).toContain('Press Enter to try again.');
		expect(bullets(frame)).toBe(6);
	});

	it('says once what to do: Enter to try again where that can help, nothing where it cannot', async () => {
		// A server error the client has retried already: the sentence says what happened, the screen its key.
		server.setFaults({failEvery: 1, failStatus: 503, retryAfter: 0});
		try {
			const {view} = await show();
			view.write('abcdef');
			view.write(KEYS.enter);
			const frame = await view.waitFor('server error');
			const text = frame
				.split('\n')
				.map(line => line.trim())
				.join(' ');
			expect(text).toMatch(
				/server error \(503.*\)\. If it persists, contact eCore support\. Press Enter to try again\./,
			);
			expect(text.match(/try again/gi)).toHaveLength(1);
		} finally {
			server.setFaults({failEvery: 0});
		}

		if (view) {
			allFrames.push(...view.frames);
			view.unmount();
			view = undefined;
		}

		// No API at that address: asking again cannot help, so no key is offered for it.
		const {view: second} = await show({
			verify: async token => verifyToken({createClient, baseUrl: `${server.baseUrl}no-api/here/`, token}),
		});
		second.write('abcdef');
		second.write(KEYS.enter);
		const frame = await second.waitFor('Check --base-url');
		expect(frame).not.toMatch(/try again/i);
	});

	it.each([
		[40, 10],
		[60, 12],
	])(
		'fits a %i×%i terminal with its longest message: the whole message, the field and the keys',
		async (columns, rows) => {
			const {view} = await show({
				columns,
				rows,
				baseUrl: server.baseUrl,
				reason: 'The API refused the token while browsing: enter a new one to continue where you were.',
				// Nothing listens on port 9 of loopback: the real client's sentence for a refused connection.
				verify: async token => verifyToken({createClient, baseUrl: 'http://127.0.0.1:9/', token}),
			});
			view.write('abc');
			view.write(KEYS.enter);
			const frame = await view.waitFor(frame => frame.includes('Press Enter'));
			const lines = frame.split('\n');
			expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
			for (const line of lines) {
				expect(line.length, frame).toBeLessThanOrEqual(columns);
			}

			const text = lines.map(line => line.trim()).join(' ');
			expect(text).toMatch(/Could not reach 127\.0\.0\.1:9 \(.+\)\. .*Press Enter to try again\./);
			expect(text).toContain('Token: •••');
			expect(lines.at(-1)).toContain('Enter check');
		},
	);
});
