import {render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/index.js';
import {verifyToken} from '../../source/commands/token.js';
import {startDemoServer} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {REFUSED_MESSAGE, TokenController, type TokenDependencies} from '../../source/store/token.js';
import {TokenPrompt} from '../../source/ui/TokenScreen.js';
import {waitFor} from './io.js';

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

let instance: ReturnType<typeof render> | undefined;
afterEach(() => {
	if (instance) {
		allFrames.push(...instance.frames);
		instance.unmount();
		instance = undefined;
	}
});

function show(props: {verify?: TokenDependencies['verify']; reason?: string; baseUrl?: string} = {}) {
	const onToken = vi.fn();
	const onCancel = vi.fn();
	const verify = props.verify ?? ((token: string) => verifyToken({createClient, baseUrl: server.baseUrl, token}));
	const controller = new TokenController(
		{reason: props.reason},
		{verify, navigation: {accepted: onToken, cancel: onCancel}},
	);
	instance = render(<TokenPrompt controller={controller} theme={theme} baseUrl={props.baseUrl} width={100} />);
	const frame = () => instance?.lastFrame() ?? '';
	return {onToken, onCancel, frame, stdin: instance.stdin};
}

const tick = async () =>
	new Promise(resolve => {
		setTimeout(resolve, 20);
	});

describe('TokenScreen', () => {
	it('explains where the token comes from and shows only bullets as it is typed', async () => {
		const {frame, stdin} = show({baseUrl: server.baseUrl});
		expect(frame()).toContain('ecore-records · API token');
		expect(frame()).toContain('eCore dashboard under Settings → API Tokens');
		expect(frame()).toContain(`It will be checked with ${server.baseUrl}`);
		await tick();
		stdin.write(GOOD);
		await waitFor(() => frame().includes('•'.repeat(GOOD.length)), 'the masked token');
		expect(frame()).not.toContain(GOOD.slice(0, 4));
	});

	it('shows Checking…, then the refusal, clears the field, and accepts a retyped token', async () => {
		const {frame, stdin, onToken} = show();
		await tick();
		stdin.write(BAD);
		await waitFor(() => frame().includes('•'.repeat(BAD.length)), 'the masked token');
		// Ink re-attaches input handlers in an effect after the frame is drawn.
		await tick();
		stdin.write('\r');
		await waitFor(() => instance!.frames.some(f => f.includes('Checking…')), 'Checking…');
		await waitFor(() => frame().includes(REFUSED_MESSAGE), 'the refusal');
		expect(frame()).not.toContain('•'.repeat(3));
		await tick();
		expect(onToken).not.toHaveBeenCalled();

		stdin.write(GOOD);
		await waitFor(() => frame().includes('•'.repeat(GOOD.length)), 'the retyped token');
		await tick();
		stdin.write('\r');
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(onToken).toHaveBeenCalledWith(GOOD);
		expect(onToken).toHaveBeenCalledTimes(1);
		await waitFor(() => frame().includes('Token accepted.'), 'acceptance');
	});

	it('submits a pasted token whose line break arrived as text', async () => {
		const {stdin, onToken} = show();
		await tick();
		stdin.write(`${GOOD}\r`);
		await waitFor(() => onToken.mock.calls.length > 0, 'onToken');
		expect(onToken).toHaveBeenCalledWith(GOOD);
	});

	it('asks for a token when Enter is pressed on an empty field, without a request', async () => {
		const verify = vi.fn(async () => 'ok' as const);
		const {frame, stdin} = show({verify});
		await tick();
		stdin.write('\r');
		await waitFor(() => frame().includes('Paste or type a token first.'), 'the hint');
		expect(verify).not.toHaveBeenCalled();
	});

	it('Esc cancels', async () => {
		const {stdin, onCancel} = show();
		await tick();
		stdin.write('\u001B');
		await waitFor(() => onCancel.mock.calls.length > 0, 'onCancel');
	});

	it('Ctrl+C cancels, even while checking, and a late answer is ignored', async () => {
		let answer: (value: 'ok') => void = () => undefined;
		const verify = async () =>
			new Promise<'ok'>(resolve => {
				answer = resolve;
			});
		const {stdin, frame, onCancel, onToken} = show({verify});
		await tick();
		stdin.write('abc');
		await tick();
		stdin.write('\r');
		await waitFor(() => frame().includes('Checking…'), 'Checking…');
		stdin.write('\u0003');
		await waitFor(() => onCancel.mock.calls.length > 0, 'onCancel');
		answer('ok');
		await tick();
		expect(onToken).not.toHaveBeenCalled();
	});

	it('shows the reason, and sanitises server text in other errors while keeping what was typed', async () => {
		const verify = async () =>
			new ApiError('server', 'The eCore API had a server error (500: \u001B[2Jboom).', {status: 500});
		const {frame, stdin} = show({
			verify,
			reason: 'Your token was refused while browsing — enter a new one to continue.',
		});
		expect(frame()).toContain('Your token was refused while browsing — enter a new one to continue.');
		await tick();
		stdin.write('abcdef');
		await tick();
		stdin.write('\r');
		await waitFor(() => frame().includes('boom'), 'the error');
		expect(frame()).toContain('\\x1b[2Jboom');
		expect(frame()).not.toContain('\u001B[2J');
		expect(frame()).toContain('Press Enter to try again.');
		expect(frame()).toContain('••••••');
	});
});
