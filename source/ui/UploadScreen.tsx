import {Box, Text} from 'ink';
import type React from 'react';
import {formatCount} from '../format.js';
import {CREDITS_PER_EMAIL, describeFoundJob, describeSource, type GatherProgress} from '../store/revalidate.js';
import type {TerminalSize} from '../store/size.js';
import {emailsToSend, uploadMode, type UploadState} from '../store/upload.js';
import type {UploadController} from '../store/uploadController.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Role, Theme} from '../terminal/theme.js';
import {displayWidth, truncate, wrap} from '../terminal/width.js';
import {shareBar} from './BreakdownScreen.js';
import {Footer} from './Footer.js';
import {TextField} from './TextField.js';

export interface UploadScreenProps {
	readonly controller: UploadController;
	readonly size: TerminalSize;
	readonly theme: Theme;
}

/** One line of the confirmation: its text (already safe to draw) and how it is drawn. */
export interface Line {
	readonly text: string;
	readonly role?: Role;
	/** A line the screen keeps when it must drop some (counts, cost, name, what went wrong). */
	readonly keep?: boolean;
	/** Where the list name's row goes (a field while it is edited). */
	readonly name?: boolean;
}

/** Width of the labels in front of the facts ("List name "). */
const LABEL = 11;

const plural = (count: number, one: string, many = `${one}s`) => `${formatCount(count)} ${count === 1 ? one : many}`;

function labelled(label: string, text: string, width: number, role?: Role, keep = true): Line[] {
	const room = Math.max(1, width - LABEL);
	return wrap(text, room).map((part, index) => ({
		text: `${(index === 0 ? label : '').padEnd(LABEL)}${part}`,
		role,
		keep: keep && index === 0,
	}));
}

function progressText(progress: GatherProgress | null, width: number): string {
	const lead = 'Reading the records’ emails…';
	const waiting =
		progress?.waitMs === undefined
			? ''
			: ` · waiting ${Math.ceil(progress.waitMs / 1000)} s: the API asked to slow down`;
	// Before the first page has answered (a 429 on it, say) there is nothing to count, but a wait to show.
	if (progress?.total === undefined || progress.total === 0) {
		return `${lead}${waiting}`;
	}

	const share = Math.min(1, progress.done / progress.total);
	const counts = ` ${formatCount(progress.done)} / ${formatCount(progress.total)} records`;
	const barWidth = Math.min(20, width - displayWidth(lead + counts + waiting) - 3);
	const bar = barWidth >= 4 ? ` ▕${shareBar(share, barWidth).replaceAll(' ', '░')}▏` : '';
	return `${lead}${counts}${bar}${waiting}`;
}

/** The facts: which records, how many emails, the cost, the name (not the name line while it is edited). */
function factLines(state: UploadState, width: number): Line[] {
	const lines: Line[] = [...labelled('Records', describeSource(state.source), width)];
	const {prepared} = state;
	if (!prepared) {
		return lines;
	}

	const count = emailsToSend(state).length;
	const notes: string[] = [`from ${plural(prepared.records, 'record')}`];
	if (prepared.duplicates > 0) {
		notes.push(`${plural(prepared.duplicates, 'duplicate')} merged as the API would`);
	}

	if (prepared.invalid > 0) {
		notes.push(`${plural(prepared.invalid, 'address', 'addresses')} the API would refuse left out`);
	}

	if (state.leftOut.length > 0) {
		notes.push(`${plural(state.leftOut.length, 'address', 'addresses')} it refused left out`);
	}

	lines.push(...labelled('Emails', `${plural(count, 'email')} to upload (${notes.join('; ')})`, width, 'title'));
	for (const sample of prepared.invalidSamples) {
		lines.push({
			text: truncate(`${' '.repeat(LABEL)}left out: ${sanitize(sample.email)} (${sample.problem})`, width),
			role: 'dim',
		});
	}

	if (prepared.invalid > prepared.invalidSamples.length) {
		lines.push({
			text: `${' '.repeat(LABEL)}…and ${formatCount(prepared.invalid - prepared.invalidSamples.length)} more`,
			role: 'dim',
		});
	}

	lines.push(
		...labelled(
			'Cost',
			`${plural(count * CREDITS_PER_EMAIL, 'credit')} at the API's default price of ${CREDITS_PER_EMAIL} per email, charged upfront; refunded for every email that does not come back Valid`,
			width,
			'title',
		),
		{text: '', keep: true, name: true},
	);
	return lines;
}

/** A sentence the screen keeps, wrapped to the width rather than cut. */
function wrapped(text: string, width: number, role: Role): Line[] {
	return wrap(text, width).map((part): Line => ({text: part, role, keep: true}));
}

/** What the phase says, below the facts. */
function phaseLines(state: UploadState, width: number): Line[] {
	const {phase} = state;
	const count = emailsToSend(state).length;
	switch (phase.kind) {
		case 'gathering': {
			return [{text: progressText(phase.progress, width), role: 'accent', keep: true}];
		}

		case 'ready': {
			if (count === 0) {
				return [{text: 'Nothing to upload: no email of these records could be sent.', role: 'warning', keep: true}];
			}

			return wrapped(
				`y uploads ${plural(count, 'email')} as a new job, once. Tab edits the name; Esc goes back without sending.`,
				width,
				'accent',
			);
		}

		case 'sending': {
			return wrapped(
				`Uploading ${plural(phase.emails, 'email')}… sent once; waiting for the API's answer.`,
				width,
				'accent',
			);
		}

		case 'created': {
			return [{text: `Created job ${phase.jobId}.`, role: 'accent', keep: true}];
		}

		case 'rejected': {
			const more = phase.emails.length - phase.shown.length;
			return [
				...wrap(`✖ ${phase.message}`, width).map((text): Line => ({text, role: 'error', keep: true})),
				...phase.shown.map((each): Line => ({
					text: truncate(
						`  ${sanitize(each.email)}  ${each.problems.map(problem => sanitize(problem)).join(' ')}`,
						width,
					),
				})),
				...(more > 0 ? [{text: `  …and ${formatCount(more)} more`, role: 'dim' as const}] : []),
				...wrapped(
					`o leaves ${phase.emails.length === 1 ? 'it' : `these ${formatCount(phase.emails.length)}`} out; you then confirm the rest with y.`,
					width,
					'accent',
				),
			];
		}

		case 'failed': {
			const lines = wrap(`✖ ${phase.message}`, width).map((text): Line => ({text, role: 'error', keep: true}));
			const credits = phase.credits;
			if (credits && (credits.required !== undefined || credits.balance !== undefined)) {
				const needed = credits.required === undefined ? '?' : formatCount(credits.required);
				const balance = credits.balance === undefined ? '?' : formatCount(credits.balance);
				lines.push({text: `Needed ${needed} credits · balance ${balance}`, role: 'title', keep: true});
			}

			lines.push(...wrapped('r reads the emails again and asks again; Esc goes back.', width, 'dim'));
			return lines;
		}

		case 'checking': {
			return [
				...wrap(`⚠ ${phase.message}`, width).map((text): Line => ({text, role: 'warning', keep: true})),
				{text: 'Looking in the job list for it…', role: 'accent', keep: true},
			];
		}

		case 'unknown': {
			const name = `“${sanitize(state.listName)}”`;
			const lines = wrap(`⚠ ${phase.message}`, width).map((text): Line => ({text, role: 'warning', keep: true}));
			let found: string;
			if (phase.lookError !== null) {
				found = `Could not look in the job list (${phase.lookError}). r looks again; s sends it again (once more).`;
			} else if (phase.found && phase.found.length > 0) {
				const jobs = phase.found.map(job => describeFoundJob(job)).join('; ');
				found = `Found in the job list, named ${name}: ${jobs}. Enter opens it. s sends it again anyway: a second job, charged again.`;
			} else {
				found = `No job named ${name} in the job list since it was sent: it most likely did not arrive. s sends it again (once more); r looks again.`;
			}

			lines.push(...wrap(found, width).map((text): Line => ({text, role: 'title', keep: true})));
			return lines;
		}
	}
}

/** The lines to draw in `height` rows: dropping optional lines (samples, spacing) first, then the tail. */
export function fitLines(lines: readonly Line[], height: number): Line[] {
	let shown = [...lines];
	for (let index = shown.length - 1; shown.length > height && index >= 0; index--) {
		if (!shown[index]?.keep) {
			shown = [...shown.slice(0, index), ...shown.slice(index + 1)];
		}
	}

	return shown.slice(0, Math.max(0, height));
}

/** The frame: the whole width, one row less than the terminal (as every screen keeps). */
function frameOf(size: TerminalSize): {width: number; height: number} {
	return {width: Math.max(1, Math.floor(size.columns)), height: Math.max(1, Math.floor(size.rows) - 1)};
}

/**
 * The re-validation confirmation: which records, how many emails after the API's normalisation, the
 * cost, the new list's name, and what happened to the upload. Drawn from the controller's store.
 */
export function UploadScreen({controller, size, theme}: UploadScreenProps) {
	const state = useStore(controller.store);
	const {width, height} = frameOf(size);
	const mode = uploadMode(state);
	const editing = state.nameBefore !== null;
	const name = sanitize(state.listName);
	const title = `Re-validate as a new job — job ${state.jobId}`;
	const jobName = state.jobName === null ? '' : ` “${sanitize(state.jobName)}”`;

	const facts = factLines(state, width);
	const phase = phaseLines(state, width);
	const notice =
		state.notice === null ? [] : wrap(state.notice, width).map((text): Line => ({text, role: 'warning', keep: true}));
	// The title and the footer: the rest is for the facts, the phase and a notice.
	const room = Math.max(0, height - 2);
	const body = fitLines([...facts, {text: ''}, ...phase, ...notice], room);
	const nameRow: React.ReactNode = editing ? (
		<Text wrap="truncate">
			<Text {...theme.style('label')}>{'List name'.padEnd(LABEL)}</Text>
			<TextField
				value={state.listName}
				focus
				width={Math.max(1, width - LABEL)}
				theme={theme}
				placeholder="type a name"
			/>
		</Text>
	) : (
		<Text wrap="truncate">
			<Text {...theme.style('label')}>{'List name'.padEnd(LABEL)}</Text>
			<Text {...theme.style(state.prepared ? 'title' : 'dim')}>
				{truncate(state.prepared ? name : '…', Math.max(1, width - LABEL))}
			</Text>
		</Text>
	);

	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text wrap="truncate">
				<Text {...theme.style('title')}>{truncate(title, width)}</Text>
				<Text {...theme.style('dim')}>{truncate(jobName, Math.max(0, width - displayWidth(title)))}</Text>
			</Text>
			<Box flexDirection="column" height={Math.max(0, height - 2)} overflowY="hidden">
				{body.map((line, index) =>
					line.name ? (
						<Box key={index}>{nameRow}</Box>
					) : (
						<Text key={index} wrap="truncate" {...(line.role ? theme.style(line.role) : {})}>
							{truncate(line.text, width)}
						</Text>
					),
				)}
			</Box>
			<Footer mode={mode} width={width} theme={theme} />
		</Box>
	);
}
