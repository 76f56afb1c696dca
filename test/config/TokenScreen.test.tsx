import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/index.js';
import {verifyToken} from '../../source/commands/token.js';
import {startDemoServer} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {REFUSED_MESSAGE, TokenController, type TokenDependencies} from '../../source/store/token.js';
import {TokenPrompt} from '../../source/ui/TokenScreen.js';
import {KEYS, renderAt, type Screen} from '../helpers/render.js';

const GOOD = 'screenGood_0123456789abcdefXYZ';
const BAD = 'screenBad_9999999999zzzzzzzzQQ';
const theme = createTheme({NO_COLOR: '1'});

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

let view: Screen | undefined;
afterEach(() => {
	if (view) {
		allFrames.push(...view.frames);
		view.unmount();
		view = undefined;
	}
});

// Keys go in with the harness's press(), which waits until the app has handled each one (its frame
// drawn and that frame's effects run: ink-text-input subscribes to keys in an effect), as a person
// types after seeing the screen. A paste is one write().
async function show(props: {verify?: TokenDependencies['verify']; reason?: string; baseUrl?: string} = {}) {
	const onToken = vi.fn();
	const onCancel = vi.fn();
	const verify = props.verify ?? ((token: string) => verifyToken({createClient, baseUrl: server.baseUrl, token}));
	const controller = new TokenController(
		{reason: props.reason},
		{verify, navigation: {accepted: onToken, cancel: onCancel}},
	);
	view = await renderAt(<TokenPrompt controller={controller} theme={theme} baseUrl={props.baseUrl} width={100} />, 100);
	return {onToken, onCancel, view};
}

describe('TokenScreen', () => {
	it('explains where the token comes from and shows only bullets as it is typed', async () => {
		const {view} = await show({baseUrl: server.baseUrl});
		expect(view.frame()).toContain('ecore-records · API token');
		expect(view.frame()).toContain('eCore dashboard under Settings → API Tokens');
		expect(view.frame()).toContain(`It will be checked with ${server.baseUrl}`);
		await view.press(GOOD);
		await view.waitFor('•'.repeat(GOOD.length));
		expect(view.frame()).not.toContain(GOOD.slice(0, 4));
	});

	it('shows Checking…, then the refusal, clears the field, and accepts a retyped token', async () => {
		const {view, onToken} = await show();
		await view.press(BAD);
		await view.waitFor('•'.repeat(BAD.length));
		await view.press(KEYS.enter);
		await view.waitFor(REFUSED_MESSAGE);
		// Drawn while the request ran, which may already have ended by the time the key is handled.
		expect(view.frames.some(frame => frame.includes('Checking…'))).toBe(true);
		expect(view.frame()).not.toContain('•'.repeat(3));
		expect(onToken).not.toHaveBeenCalled();

		await view.press(GOOD);
		await view.waitFor('•'.repeat(GOOD.length));
		await view.press(KEYS.enter);
		await view.waitFor('Token accepted.');
		expect(onToken).toHaveBeenCalledWith(GOOD);
		expect(onToken).toHaveBeenCalledTimes(1);
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
		await view.waitFor('Token accepted.');
		expect(onToken).toHaveBeenCalledWith(GOOD);
	});

	it('asks for a token when Enter is pressed on an empty field, without a request', async () => {
		const verify = vi.fn(async () => 'ok' as const);
		const {view} = await show({verify});
		await view.press(KEYS.enter);
		await view.waitFor('Paste or type a token first.');
		expect(verify).not.toHaveBeenCalled();
	});

	it('Esc cancels', async () => {
		const {view, onCancel} = await show();
		await view.press(KEYS.escape);
		expect(onCancel).toHaveBeenCalledTimes(1);
	});

	it('Ctrl+C cancels, even while checking, and a late answer is ignored', async () => {
		let answer: (value: 'ok') => void = () => undefined;
		const verify = async () =>
			new Promise<'ok'>(resolve => {
				answer = resolve;
			});
		const {view, onCancel, onToken} = await show({verify});
		await view.press('abc', KEYS.enter);
		await view.waitFor('Checking…');
		await view.press(KEYS.ctrlC);
		expect(onCancel).toHaveBeenCalledTimes(1);
		answer('ok');
		// idle() starts with a turn of the event loop: the answer's callbacks run, and what they draw is drawn.
		await view.idle();
		expect(onToken).not.toHaveBeenCalled();
		expect(view.frame()).not.toContain('Token accepted.');
	});

	it('shows the reason, and sanitises server text in other errors while keeping what was typed', async () => {
		const verify = async () =>
			new ApiError('server', 'The eCore API had a server error (500: \u001B[2Jboom).', {status: 500});
		const {view} = await show({
			verify,
			reason: 'Your token was refused while browsing — enter a new one to continue.',
		});
		expect(view.frame()).toContain('Your token was refused while browsing — enter a new one to continue.');
		await view.press('abcdef', KEYS.enter);
		await view.waitFor('boom');
		expect(view.frame()).toContain('\\x1b[2Jboom');
		expect(view.frame()).not.toContain('\u001B[2J');
		expect(view.frame()).toContain('Press Enter to try again.');
		expect(view.frame()).toContain('••••••');
	});
});
