import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';

import type { AppContext } from './appContext';
import type { AuditEvent, RoomRef, UserRef } from '../audit/auditRecord';
import { decisionRecords } from '../audit/auditRecord';
import { errorText } from '../lib/errorText';
import type { Text } from '../lib/translate';
import { AUDIT_LANGUAGE, text, translate } from '../lib/translate';
import type { Decision, Fact, Step } from '../policy/decision';
import { deny, outcomeOf } from '../policy/decision';
import type { RoomEventsConfig } from '../settings/settings';
import { SETTINGS } from '../settings/settings';

/** The policy families, each failing open (the default) or closed as its setting says. */
export type PolicyFamily = 'creation' | 'deletion' | 'join' | 'leave';

const FAIL_CLOSED = {
	creation: 'creationFailClosed',
	deletion: 'deletionFailClosed',
	join: 'joinFailClosed',
	leave: 'leaveFailClosed',
} as const satisfies Record<PolicyFamily, keyof RoomEventsConfig>;

export interface AuditRefs {
	readonly room: RoomRef;
	readonly actor?: UserRef;
	readonly subject?: UserRef;
}

/**
 * Runs a decision rule by rule, reading a fact only when the rule at hand asks for it (the
 * policies answer "needs" instead of guessing): a lock or a name rule decides before anything
 * is read, and a read the decision does not need is never made, so it cannot fail it.
 */
export async function decideStepwise<F>(decide: (facts: F) => Step, facts: F, readFact: (fact: Fact, facts: F) => Promise<F>): Promise<Decision> {
	let current = facts;
	for (let round = 0; round < 4; round++) {
		const step = decide(current);
		if (step.verdict !== 'needs') {
			return step;
		}
		current = await readFact(step.fact, current);
	}
	throw new Error('the decision kept asking for facts it was given');
}

/**
 * Makes a pre-event's decision, keeps it for the audit room, and answers the reason to refuse
 * with: none when allowed or in dry-run mode. When the decision cannot be made (a read fails, an
 * error), the family fails open as Rocket.Chat does for app errors (the action goes ahead), or,
 * where the admin asked for it, closed (the action is refused, saying why). Either way the
 * failure is logged and audited.
 */
export async function enforceDecision(
	app: AppContext,
	persistence: IPersistence,
	family: PolicyFamily,
	event: AuditEvent,
	refs: AuditRefs,
	decide: () => Promise<Decision>,
): Promise<Text | undefined> {
	const { config } = app;
	let decision: Decision;
	try {
		decision = await decide();
	} catch (error) {
		return failed(app, persistence, family, event, refs, errorText(error));
	}
	await app.audit.keep(config, app.logger, persistence, decisionRecords(event, decision, config.dryRun, refs));
	return outcomeOf(decision, config.dryRun) === 'denied' ? decision.reason : undefined;
}

async function failed(
	app: AppContext,
	persistence: IPersistence,
	family: PolicyFamily,
	event: AuditEvent,
	refs: AuditRefs,
	problem: string,
): Promise<Text | undefined> {
	const { config, logger } = app;
	const closed = config[FAIL_CLOSED[family]];
	const checked = text(`reason_checked_${family}`);
	logger.error(
		`Room Events could not check ${translate(AUDIT_LANGUAGE, checked)} (${event}), and ${closed ? 'refused' : 'let through'} the action: ${problem}`,
	);
	const setting = SETTINGS[FAIL_CLOSED[family]].id;
	const refusal = deny(setting, 'on', text('reason_decision_failed', { checked }));
	const record = closed
		? {
				...decisionRecords('decision-failed', refusal, config.dryRun, refs)[0],
				failedDecision: event,
				reason: `${problem}; the action was refused (${setting} is on)`,
			}
		: { event: 'decision-failed' as const, failedDecision: event, ...refs, reason: `${problem}; the action went ahead (the policy fails open)` };
	try {
		await app.audit.keep(config, logger, persistence, [record]);
	} catch (error) {
		logger.error(`Room Events could not audit the failed decision: ${errorText(error)}`);
	}
	return closed && !config.dryRun ? refusal.reason : undefined;
}
