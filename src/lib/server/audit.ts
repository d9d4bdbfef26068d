import type { Transaction } from 'kysely';
import type { DB } from './db/schema';

/** Actions that staff take on accounts, kept for accountability. */
export type AuditAction = 'role.changed' | 'reset_code.issued' | 'settings.changed';

/** Records who did what to whom; details hold ids and choices, never secrets. */
export async function recordAudit(
	db: Transaction<DB>,
	event: {
		actorId: string;
		subjectId?: string;
		action: AuditAction;
		details?: Record<string, string | number | boolean>;
	}
): Promise<void> {
	await db
		.insertInto('audit_event')
		.values({
			actor_id: event.actorId,
			subject_id: event.subjectId ?? null,
			action: event.action,
			details: JSON.stringify(event.details ?? {})
		})
		.execute();
}
