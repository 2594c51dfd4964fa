import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';

import type { AppContext } from './appContext';
import type { AuditEvent, RoomRef, UserRef } from '../audit/auditRecord';
import { decisionRecords } from '../audit/auditRecord';
import type { Decision } from '../policy/decision';
import { outcomeOf } from '../policy/decision';

/**
 * Keeps a pre-handler's decision for the audit room (pre-handlers cannot post) and answers the
 * reason to refuse with when the decision is enforced: none when allowed or in dry-run mode.
 */
export async function keepDecision(
	app: AppContext,
	persistence: IPersistence,
	event: AuditEvent,
	decision: Decision,
	refs: { room: RoomRef; actor?: UserRef; subject?: UserRef },
): Promise<string | undefined> {
	const { config } = app;
	await app.audit.keep(config, app.logger, persistence, decisionRecords(event, decision, config.dryRun, refs));
	return outcomeOf(decision, config.dryRun) === 'denied' ? decision.reason : undefined;
}

/** For safely(): keeps a record of a decision that could not be made, and the action went ahead anyway. */
export function keepFailure(app: AppContext, persistence: IPersistence, refs: { room: RoomRef; actor?: UserRef; subject?: UserRef }) {
	return (problem: string) =>
		app.audit.keep(app.config, app.logger, persistence, [
			{ event: 'decision-failed', ...refs, reason: `${problem}; the action went ahead (the policy fails open)` },
		]);
}
