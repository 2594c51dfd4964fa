import type { AuditEvent, AuditRecord, AuditSummary, RoomRef, UserRef } from './auditRecord';
import { shortened } from '../lib/shortened';
import { AUDIT_LANGUAGE, text, translate } from '../lib/translate';

/** Longest message posted: under Rocket.Chat's default limit (Message_MaxAllowedSize, 5000). */
export const MAX_MESSAGE_LENGTH = 4000;

/** Rooms, users and kinds a summary names before "and N more". */
const NAMES_SHOWN = 5;
const COUNTS_SHOWN = 10;

const TITLE: Record<AuditEvent, string> = {
	'room-created': 'Room created',
	'room-deleted': 'Room deleted',
	'user-joined': 'User joined',
	'user-left': 'User left',
	'creation-decided': 'Room creation',
	'room-shaped': 'New room reshaped by policy',
	'members-added': 'Members added to new room',
	'deletion-decided': 'Room deletion',
	'join-decided': 'Join',
	'leave-decided': 'Leave',
	'decision-failed': 'Policy could not decide',
	'setting-refused': 'Setting value refused',
	'room-locked': 'Room locked',
	'room-unlocked': 'Room unlocked',
	'audit-room-activity': 'Audit room activity',
	'audit-notice': 'Audit trail notice',
	'summary': 'Summary',
};

const OUTCOME_WORDING = { 'allowed': 'allowed', 'denied': 'denied', 'would-deny': 'would have been denied (dry run, not enforced)' };

const ACTOR_LABEL: Partial<Record<AuditEvent, string>> = {
	'room-created': 'Created by',
	'room-deleted': 'Creator',
	'creation-decided': 'Requested by',
	'room-shaped': 'Requested by',
	'user-joined': 'Added by',
	'join-decided': 'Added by',
	'user-left': 'Removed by',
	'leave-decided': 'Removed by',
	'room-locked': 'Locked by',
	'room-unlocked': 'Unlocked by',
};

/**
 * The audit message as people read it in the audit room: a bold title line naming the
 * event and the room, then one line per fact. Markdown as Rocket.Chat renders it; values are
 * cut to a readable length and the message to a size Rocket.Chat accepts.
 */
export function formatAuditMessage(record: AuditRecord): string {
	const lines = [titleLine(record)];
	const add = (label: string, value: string | undefined) => {
		if (value !== undefined && value !== '') {
			lines.push(`${label}: ${shortened(oneLine(value))}`);
		}
	};
	add(ACTOR_LABEL[record.event] ?? 'By', userLabel(record.actor));
	add('User', userLabel(record.subject));
	if (record.activity) {
		add('What happened', TITLE[record.activity].toLowerCase());
	}
	if (record.rule) {
		add('Rule', `\`${record.rule.setting}\` (${record.rule.matched})`);
	}
	add('Renamed from', record.renamedFrom);
	add(record.dryRun ? 'Would change' : 'Changed', record.updated?.join(', '));
	add('Reason', record.reason);
	add('Members added', record.members?.map((name) => `@${name}`).join(', '));
	add('Members now', record.memberCount === undefined ? undefined : String(record.memberCount));
	if (record.summary) {
		lines.push(...summaryLines(record.summary));
	}
	if (record.setting) {
		add('Setting', `\`${record.setting.id}\``);
	}
	add('At', formatTime(record.at));
	if (record.setting) {
		// Last, as a code block: refused values are often multi-line rule lists.
		const shown = record.setting.value === '' ? '(not shown)' : shortened(record.setting.value);
		lines.push('Refused value:', '```', shown.replace(/```/g, "'''"), '```');
	}
	return capped(lines.join('\n'));
}

/** One record on one line, as `/room-events log` lists decisions: when, what, who, the rule and why. */
export function formatLogLine(record: AuditRecord): string {
	const people = [record.subject, record.actor].map(userLabel).filter((label) => label !== undefined);
	const parts = [formatTime(record.at), titleLine(record), ...new Set(people)];
	if (record.rule) {
		parts.push(`\`${record.rule.setting}\` (${shortened(oneLine(record.rule.matched), 80)})`);
	}
	if (record.reason) {
		parts.push(shortened(oneLine(record.reason), 160));
	}
	return `• ${parts.join(' · ')}`;
}

function titleLine(record: AuditRecord): string {
	if (record.summary) {
		const { summary } = record;
		const what =
			summary.kind === 'digest'
				? `Digest: ${count(summary.count, 'record')}`
				: `${count(summary.count, 'record')} folded while the audit room was unreachable`;
		return `*${what}* · ${formatTime(summary.first)} to ${formatTime(summary.last)}`;
	}
	const dryRun = record.dryRun && record.outcome !== 'would-deny' ? ' (dry run)' : '';
	const outcome = record.outcome ? ` ${OUTCOME_WORDING[record.outcome]}` : '';
	const room = record.room ? ` · ${roomLabel(record.room)}` : '';
	return oneLine(`*${TITLE[record.event]}${outcome}*${dryRun}${room}`);
}

function summaryLines(summary: AuditSummary): string[] {
	const kinds = summary.counts.slice(0, COUNTS_SHOWN).map((entry) => {
		const what = `${TITLE[entry.event]}${entry.outcome ? ` ${OUTCOME_WORDING[entry.outcome]}` : ''}`;
		const rule = entry.setting ? ` by \`${entry.setting}\`` : '';
		return `• ${count(entry.count, 'time', what)}${rule}${entry.room ? ` in ${shortened(oneLine(entry.room), 80)}` : ''}`;
	});
	const more = summary.counts.length - kinds.length;
	return [
		`Rooms: ${named(summary.rooms.map((room) => oneLine(room)))}`,
		`Users: ${named(summary.users.map((user) => `@${user}`))}`,
		...kinds,
		...(more > 0 ? [`• and ${more} more kind(s)`] : []),
	];
}

/** "3 records", or with a label "User joined: 3 times". */
function count(n: number, unit: string, label?: string): string {
	const amount = `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
	return label ? `${label}: ${amount}` : amount;
}

function named(names: readonly string[]): string {
	if (names.length === 0) {
		return 'none';
	}
	const shown = names.slice(0, NAMES_SHOWN).map((name) => shortened(name, 80));
	const more = names.length - shown.length;
	return `${shown.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more` : ''}`;
}

/**
 * Room names, titles and reasons come from users: folded onto one line so that none can
 * start a line of its own and pass for another fact of the message.
 */
function oneLine(text: string): string {
	return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function capped(message: string): string {
	if (message.length <= MAX_MESSAGE_LENGTH) {
		return message;
	}
	const note = `\n… (message cut: ${message.length.toLocaleString('en-US')} characters in all)`;
	return message.slice(0, MAX_MESSAGE_LENGTH - note.length) + note;
}

export function roomLabel(room: RoomRef): string {
	const sigil = room.kind === 'channel' || room.kind === 'private-group' || room.kind === 'team' ? '#' : '';
	const id = room.id ? `, id \`${room.id}\`` : '';
	return `${sigil}${shortened(room.name, 120) || '(unnamed)'} (${translate(AUDIT_LANGUAGE, text(`room_kind_${room.kind}`))}${id})`;
}

function userLabel(ref: UserRef | undefined): string | undefined {
	if (!ref) {
		return undefined;
	}
	return ref.username ? `@${ref.username}` : `user id \`${ref.id ?? 'unknown'}\``;
}

/** UTC to the second: audit readers are in many time zones, and a fixed one sorts. */
export function formatTime(iso: string): string {
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
