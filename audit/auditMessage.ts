import type { AuditEvent, AuditRecord, RoomRef, UserRef } from './auditRecord';
import { ROOM_KIND_LABEL } from '../policy/eventFacts';

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
	'setting-refused': 'Setting value refused',
};

const OUTCOME_WORDING = { 'allowed': 'allowed', 'denied': 'denied', 'would-deny': 'would have been denied (dry run, not enforced)' };

/**
 * The audit message as people read it in the audit room: a bold title line naming the
 * event and the room, then one line per fact. Markdown as Rocket.Chat renders it.
 */
export function formatAuditMessage(record: AuditRecord): string {
	const lines = [titleLine(record)];
	const add = (label: string, value: string | undefined) => {
		if (value !== undefined && value !== '') {
			lines.push(`${label}: ${oneLine(value)}`);
		}
	};
	add(ACTOR_LABEL[record.event] ?? 'By', userLabel(record.actor));
	add(SUBJECT_LABEL[record.event] ?? 'User', userLabel(record.subject));
	if (record.rule) {
		add('Rule', `\`${record.rule.setting}\` (${record.rule.matched})`);
	}
	add('Reason', record.reason);
	add('Updated', record.updated?.join(', '));
	add('Members added', record.members?.map((name) => `@${name}`).join(', '));
	add('Members now', record.memberCount === undefined ? undefined : String(record.memberCount));
	if (record.setting) {
		add('Setting', `\`${record.setting.id}\``);
	}
	add('At', formatTime(record.at));
	if (record.setting) {
		// Last, as a code block: refused values are often multi-line rule lists.
		lines.push('Refused value:', '```', record.setting.value.replace(/```/g, "'''"), '```');
	}
	return lines.join('\n');
}

/**
 * Room names, titles and reasons come from users: folded onto one line so that none can
 * start a line of its own and pass for another fact of the message.
 */
function oneLine(text: string): string {
	return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

const ACTOR_LABEL: Partial<Record<AuditEvent, string>> = {
	'room-created': 'Created by',
	'room-deleted': 'Created by',
	'creation-decided': 'Requested by',
	'room-shaped': 'Requested by',
	'user-joined': 'Added by',
	'join-decided': 'Added by',
	'user-left': 'Removed by',
	'leave-decided': 'Removed by',
};

const SUBJECT_LABEL: Partial<Record<AuditEvent, string>> = {
	'user-joined': 'User',
	'join-decided': 'User',
	'user-left': 'User',
	'leave-decided': 'User',
};

function titleLine(record: AuditRecord): string {
	const dryRun = record.dryRun && record.outcome !== 'would-deny' ? ' (dry run)' : '';
	const outcome = record.outcome ? ` ${OUTCOME_WORDING[record.outcome]}` : '';
	const room = record.room ? ` · ${roomLabel(record.room)}` : '';
	return oneLine(`*${TITLE[record.event]}${outcome}*${dryRun}${room}`);
}

export function roomLabel(room: RoomRef): string {
	const sigil = room.kind === 'channel' || room.kind === 'private-group' || room.kind === 'team' ? '#' : '';
	const id = room.id ? `, id \`${room.id}\`` : '';
	return `${sigil}${room.name || '(unnamed)'} (${ROOM_KIND_LABEL[room.kind]}${id})`;
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
