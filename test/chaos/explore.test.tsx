import {it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {startCli, startTmux} from './tmux.js';

it('explore', async () => {
	const t = startTmux();
	const p = await startCli(t, '--demo 42');
	await p.waitFor(s => s.includes('Record 9881'), 'x');
	const shell = t.run('display', '-p', '-t', p.session, '#{pane_pid}').trim();
	console.log('shell', shell, execFileSync('ps', ['-o', 'pid,ppid,comm,args', '-e'], {encoding: 'utf8'}).split('\n').filter(l => l.includes(shell) || l.includes('cli.js')).join('\n'));
	t.kill();
});
