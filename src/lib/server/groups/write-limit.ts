import type { Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { countWrite, type WriteAllowance, type WriteKind } from '../limits/write-limits';
import { recordModeration } from './moderation-log';

/**
 * Counts a write in a circle against the writer's limits (limits/write-limits.ts). The first write
 * refused in a window puts one line in the circle's moderation log, so facilitators see a burst
 * (and who sent it) without a line per try. Facilitators of the circle have the higher limits.
 */
export async function limitCircleWrite(
	trx: Transaction<DB>,
	write: {
		accountId: string;
		groupId: string;
		/** The writer's membership, if they have one (staff may moderate without). */
		memberId: string | null;
		kind: WriteKind;
		moderates: boolean;
	},
	now: Date
): Promise<WriteAllowance> {
	const allowance = await countWrite(
		trx,
		{ accountId: write.accountId, kind: write.kind, elevated: write.moderates },
		now
	);
	if (!allowance.ok && allowance.firstRefusal) {
		await recordModeration(trx, {
			groupId: write.groupId,
			actorId: null,
			action: 'too_fast',
			subjectId: write.memberId,
			details: { kind: write.kind }
		});
	}
	return allowance;
}
