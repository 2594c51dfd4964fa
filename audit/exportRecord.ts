import type { AuditEvent, AuditRecord, SummaryCount, UserRef } from './auditRecord';
import type { Outcome } from '../policy/decision';
import type { RoomKind } from '../policy/eventFacts';

/**
 * The actions an exported record or a webhook delivery names: a fixed vocabulary that receivers
 * can switch on (as SignalWire's `member.joined`, Slack's audit `action`). Never renamed; new
 * actions may be added. Beyond the room and member events, three say what a policy did that is
 * neither an action nor its refusal: an exemption let an action through that a rule would have
 * refused, a decision could not be made (the action went ahead), and the trail's own notices.
 */
export const EXPORT_ACTIONS = [
	'room.created',
	'room.create_denied',
	'room.updated',
	'room.deleted',
	'room.delete_denied',
	'member.joined',
	'member.join_denied',
	'member.left',
	'member.leave_denied',
	'member.added_by_policy',
	'setting.refused',
	'digest',
	'policy.exempted',
	'policy.undecided',
	'audit.notice',
] as const;
export type ExportAction = (typeof EXPORT_ACTIONS)[number];

/** Room types as Rocket.Chat's REST API names them (`t`), and the two kinds it builds on them. */
const ROOM_TYPE: Record<RoomKind, string> = {
	'channel': 'c',
	'private-group': 'p',
	'direct-message': 'd',
	'discussion': 'discussion',
	'team': 'team',
	'livechat': 'l',
};

export interface ExportedRecord {
	readonly id: string;
	readonly at: string;
	readonly action: ExportAction;
	/** For `room.updated` (and a room created reshaped by policy): the room's fields that changed, in words. */
	readonly updated?: readonly string[];
	/** Who acted: the creator, inviter, remover or admin; for a self-join or leave, the user. */
	readonly actor: { readonly id: string | null; readonly username: string } | null;
	readonly entity: { readonly id: string | null; readonly name: string; readonly type: string } | null;
	readonly details: ExportDetails;
}

export interface ExportDetails {
	/** The setting whose rule decided, and the value in it that matched. */
	readonly rule?: string;
	readonly matched?: string;
	readonly reason?: string;
	readonly outcome?: Outcome;
	readonly dryRun: boolean;
	/** The user an action was about, when someone else acted (a user added or removed). */
	readonly user?: { readonly id: string | null; readonly username: string };
	readonly memberCount?: number | 'unknown';
	readonly members?: readonly string[];
	readonly renamedFrom?: string;
	/** A refused setting value (empty for a secret). */
	readonly setting?: { readonly id: string; readonly value: string };
	/** A lock changed by `/room-events lock` or `unlock`. */
	readonly locked?: boolean;
	/** The record concerns the audit room itself. */
	readonly auditRoom?: boolean;
	/**
	 * A digest's or an overflow's counts; its records are exported one by one as well. Written out
	 * rather than picked from AuditSummary: receivers depend on this shape, so a change to the
	 * stored summary must fail to compile here instead of changing what is sent.
	 */
	readonly digest?: {
		readonly kind: 'digest' | 'overflow';
		readonly count: number;
		readonly first: string;
		readonly last: string;
		readonly counts: readonly SummaryCount[];
		readonly records: readonly string[];
	};
}

/** The action of each kind of record that happened (as against a decision on it). */
const HAPPENED: Partial<Record<AuditEvent, ExportAction>> = {
	'room-created': 'room.created',
	'room-deleted': 'room.deleted',
	'user-joined': 'member.joined',
	'user-left': 'member.left',
	'room-shaped': 'room.updated',
	'members-added': 'member.added_by_policy',
	'setting-refused': 'setting.refused',
	'room-locked': 'room.updated',
	'room-unlocked': 'room.updated',
	'summary': 'digest',
	'audit-notice': 'audit.notice',
};

/** What a lock command left the room as. */
const LOCKED: Partial<Record<AuditEvent, boolean>> = { 'room-locked': true, 'room-unlocked': false };

/** The refusal of each decision. */
const DENIED: Partial<Record<AuditEvent, ExportAction>> = {
	'creation-decided': 'room.create_denied',
	'deletion-decided': 'room.delete_denied',
	'join-decided': 'member.join_denied',
	'leave-decided': 'member.leave_denied',
};

export function exportActionOf(record: AuditRecord): ExportAction {
	const decided = record.event === 'decision-failed' ? record.failedDecision : record.event;
	const denial = decided && DENIED[decided];
	if (denial) {
		// A decision refused (or, in dry-run mode, would have refused); one allowed carried a rule: an exemption.
		if (record.outcome === 'denied' || record.outcome === 'would-deny') {
			return denial;
		}
		return record.event === 'decision-failed' ? 'policy.undecided' : 'policy.exempted';
	}
	if (record.event === 'decision-failed') {
		return 'policy.undecided';
	}
	if (record.event === 'audit-room-activity') {
		return (record.activity && HAPPENED[record.activity]) ?? 'audit.notice';
	}
	return HAPPENED[record.event] ?? 'audit.notice';
}

/** A kept audit record in the export vocabulary: `actor`, `action`, `entity`, `details`. */
export function exportRecord(record: AuditRecord): ExportedRecord {
	const action = exportActionOf(record);
	const actor = record.actor ?? record.subject;
	const locked = LOCKED[record.event];
	const updated = locked === undefined ? record.updated : ['locked'];
	const details: ExportDetails = {
		...(record.rule && { rule: record.rule.setting, matched: record.rule.matched }),
		...(record.reason !== undefined && { reason: record.reason }),
		...(record.outcome && { outcome: record.outcome }),
		dryRun: record.dryRun === true || record.outcome === 'would-deny',
		...(record.actor && record.subject && { user: userOf(record.subject) }),
		...(record.memberCount !== undefined && { memberCount: record.memberCount }),
		...(record.members && { members: record.members }),
		...(record.renamedFrom !== undefined && { renamedFrom: record.renamedFrom }),
		...(record.setting && { setting: record.setting }),
		...(locked !== undefined && { locked }),
		...(record.event === 'audit-room-activity' && { auditRoom: true }),
		...(record.summary && {
			digest: {
				kind: record.summary.kind,
				count: record.summary.count,
				first: record.summary.first,
				last: record.summary.last,
				counts: record.summary.counts,
				records: record.summary.memberIds,
			},
		}),
	};
	return {
		id: record.id,
		at: record.at,
		action,
		...(updated && { updated }),
		actor: actor ? userOf(actor) : null,
		entity: record.room ? { id: record.room.id ?? null, name: record.room.name, type: ROOM_TYPE[record.room.kind] ?? record.room.kind } : null,
		details,
	};
}

function userOf(user: UserRef): { id: string | null; username: string } {
	return { id: user.id ?? null, username: user.username };
}
