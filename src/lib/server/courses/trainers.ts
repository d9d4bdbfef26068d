import type { Kysely } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { loadCourse } from './course-access';

/**
 * A coordinator names a trainer for one course, by the account's sign-in nickname (staff know it;
 * members never see it). Someone with a place in the course is not its trainer. Naming the same
 * trainer again changes nothing.
 */
export async function nameTrainer(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	input: { pseudonym: string },
	now: Date
): Promise<
	{ ok: true; accountId: string } | { ok: false; problem: 'account_unknown' | 'enrolled' }
> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:assign-trainers', context.resource);
		if (typeof input?.pseudonym !== 'string')
			return { ok: false, problem: 'account_unknown' } as const;
		const account = await trx
			.selectFrom('account')
			.select('id')
			.where('pseudonym_key', '=', pseudonymKey(input.pseudonym.trim()))
			.executeTakeFirst();
		if (!account) return { ok: false, problem: 'account_unknown' } as const;
		const place = await trx
			.selectFrom('course_enrolment')
			.select('id')
			.where('course_id', '=', context.course.id)
			.where('account_id', '=', account.id)
			.where('status', 'in', ['enrolled', 'waitlisted', 'offered'])
			.executeTakeFirst();
		if (place) return { ok: false, problem: 'enrolled' } as const;
		await trx
			.insertInto('course_trainer')
			.values({ course_id: context.course.id, account_id: account.id, created_at: now })
			.onConflict((conflict) => conflict.columns(['course_id', 'account_id']).doNothing())
			.execute();
		return { ok: true, accountId: account.id } as const;
	});
}

/** A coordinator takes a trainer off one course. */
export async function removeTrainer(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	accountId: unknown
): Promise<{ ok: true }> {
	return inTransaction(db, async (trx) => {
		const context = await loadCourse(trx, actor, courseId, { lock: true });
		requireAccess(actor, 'course:assign-trainers', context.resource);
		if (isUuid(accountId)) {
			await trx
				.deleteFrom('course_trainer')
				.where('course_id', '=', context.course.id)
				.where('account_id', '=', accountId)
				.execute();
		}
		return { ok: true } as const;
	});
}
