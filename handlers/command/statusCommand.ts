import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { Say } from './commandAnswer';
import { LOG_DAYS_READ, latestRecords } from './logCommand';
import { formatLogLine, formatTime } from '../../audit/auditMessage';
import { auditOutbox } from '../../audit/auditOutbox';
import type { AuditRecord } from '../../audit/auditRecord';
import type { PolicyFamilyName } from '../../policy/policySummary';
import { ruleCounts } from '../../policy/policySummary';
import type { RoomEventsConfig } from '../../settings/settings';

/** Problems `status` names at most: refused settings and decisions that could not be made. */
export const STATUS_PROBLEMS_SHOWN = 5;

const FAMILIES: readonly PolicyFamilyName[] = ['creation', 'naming', 'deletion', 'joining', 'leaving'];

const isProblem = (record: AuditRecord) => record.event === 'setting-refused' || record.event === 'decision-failed';

/**
 * Which runtime runs the app. The subprocess runtimes (Deno, and Node from Rocket.Chat 8.8) run
 * the app's code inside a function that hides `globalThis`; vm2 runs it as a module that has one.
 */
export function runtimeKind(): 'subprocess' | 'vm2' {
	return typeof globalThis === 'undefined' ? 'subprocess' : 'vm2';
}

/** `status`: what the app runs on, which policies decide, where the audit goes, and what went wrong lately. */
export async function statusCommand(config: RoomEventsConfig, appVersion: string, read: IRead, say: Say): Promise<string[]> {
	const onOff = (on: boolean) => say(on ? 'command_on' : 'command_off');
	const counts = ruleCounts(config);
	const reader = read.getPersistenceReader();
	const [waiting, state, problems] = await Promise.all([
		auditOutbox.list(reader),
		auditOutbox.readState(reader),
		latestRecords(read, STATUS_PROBLEMS_SHOWN, isProblem, LOG_DAYS_READ),
	]);
	const lines = [
		`*${say('command_status_title', { version: appVersion })}*`,
		say('command_status_runtime', { runtime: say(`command_runtime_${runtimeKind()}`), dryRun: onOff(config.dryRun) }),
		...FAMILIES.map((family) =>
			say('command_status_family', { family: say(`command_family_${family}`), state: onOff(counts[family] > 0), rules: counts[family] }),
		),
		say('command_status_audit', {
			state: onOff(config.auditEnabled),
			room: config.auditRoom,
			level: say(`audit_level_${config.auditLevel}`),
			waiting: waiting.length,
		}),
	];
	if (state.unreachableSince) {
		lines.push(say('command_status_unreachable', { since: formatTime(state.unreachableSince), reason: state.unreachableReason ?? '' }));
	}
	if (problems.length === 0) {
		lines.push(say('command_status_no_problems', { days: LOG_DAYS_READ }));
	} else {
		lines.push(say('command_status_problems'), ...problems.map(({ record }) => formatLogLine(record)));
	}
	return lines;
}
