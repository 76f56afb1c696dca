// A real OpenSSH server on loopback for end-to-end tests, as people reach the app: its own host key,
// user key, authorized_keys and config in a temporary folder, a free port on 127.0.0.1, password and
// PAM off, nothing of the system's SSH configuration read or changed. It logs in as the user running
// the tests. Debian's openssh-server provides it (.ci/run installs it where it is missing).
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {shellQuote} from './tmux.js';

const SSHD_PATHS = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'];

/** Why there can be no sshd here, or undefined when there can. */
export function sshdMissing(): string | undefined {
	if (!SSHD_PATHS.some(file => fs.existsSync(file))) {
		return 'no sshd: install openssh-server (.ci/run does)';
	}

	for (const tool of ['ssh', 'ssh-keygen']) {
		try {
			execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'});
		} catch {
			return `no ${tool}: install openssh-client`;
		}
	}

	return undefined;
}

export interface Sshd {
	readonly port: number;
	/** The shell command that runs `remote` on this server in a terminal (ssh -tt), as a person would type it. */
	command(remote: string): string;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				resolve(typeof address === 'object' && address ? address.port : 0);
			});
		});
	});
}

export async function startSshd(): Promise<Sshd> {
	const sshd = SSHD_PATHS.find(file => fs.existsSync(file));
	if (sshd === undefined) {
		throw new Error(sshdMissing());
	}

	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-sshd-'));
	const file = (name: string) => path.join(directory, name);
	for (const key of ['host_key', 'user_key']) {
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ecore-records test', '-f', file(key)]);
	}

	fs.copyFileSync(file('user_key.pub'), file('authorized_keys'));
	if (process.getuid?.() === 0) {
		// sshd started by root separates privileges into this directory, which the system's service
		// would create at boot; it holds nothing.
		fs.mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
	}

	let child: ChildProcess | undefined;
	let port = 0;
	let log = '';
	// Another process may take the free port before sshd binds it: try a few.
	for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
		port = await freePort();
		fs.writeFileSync(
			file('sshd_config'),
			[
				`Port ${port}`,
				'ListenAddress 127.0.0.1',
				`HostKey ${file('host_key')}`,
				`PidFile ${file('sshd.pid')}`,
				`AuthorizedKeysFile ${file('authorized_keys')}`,
				'PubkeyAuthentication yes',
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'UsePAM no',
				// The temporary folder is not owned the way ~/.ssh must be.
				'StrictModes no',
				'PermitRootLogin prohibit-password',
				'PrintMotd no',
				'PrintLastLog no',
				'LogLevel INFO',
				'',
			].join('\n'),
		);
		const started = spawn(sshd, ['-D', '-e', '-f', file('sshd_config')], {stdio: ['ignore', 'ignore', 'pipe']});
		const ready = await new Promise<boolean>(resolve => {
			const timer = setTimeout(() => {
				resolve(false);
			}, 10_000);
			started.stderr.setEncoding('utf8');
			started.stderr.on('data', (chunk: string) => {
				log += chunk;
				if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
					clearTimeout(timer);
					resolve(true);
				}
			});
			started.once('exit', () => {
				clearTimeout(timer);
				resolve(false);
			});
		});
		if (ready) {
			child = started;
		} else {
			started.kill();
		}
	}

	if (child === undefined) {
		fs.rmSync(directory, {recursive: true, force: true});
		throw new Error(`sshd did not start:\n${log}`);
	}

	const hostKey = fs.readFileSync(file('host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
	fs.writeFileSync(file('known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
	const user = os.userInfo().username;
	const options = [
		'-F /dev/null',
		`-i ${file('user_key')}`,
		'-o IdentitiesOnly=yes',
		'-o BatchMode=yes',
		'-o StrictHostKeyChecking=yes',
		`-o UserKnownHostsFile=${file('known_hosts')}`,
		'-o LogLevel=ERROR',
	];
	const running = child;
	return {
		port,
		command: remote => `ssh -tt ${options.join(' ')} -p ${port} ${user}@127.0.0.1 ${shellQuote(remote)}`,
		async stop() {
			if (running.exitCode === null) {
				const exited = new Promise(resolve => running.once('exit', resolve));
				running.kill('SIGTERM');
				await exited;
			}

			fs.rmSync(directory, {recursive: true, force: true});
		},
	};
}
