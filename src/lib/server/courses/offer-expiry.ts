import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { endLapsedOffers } from './enrolment';
import { promoteNext } from './promote-next';

/**
 * For housekeeping: ends every offer past its deadline and gives its seat to the next in line,
 * through promoteNext, one course at a time, each under its row lock. The same round offers any
 * seat still free while someone waits (one freed when an account was deleted, with its
 * enrolments): a seat is never left empty for want of someone to notice.
 */
export async function expireOffers(
	db: Kysely<DB>,
	now: Date
): Promise<{ expired: number; offered: number }> {
	const courses = await db
		.selectFrom('course as c')
		.select('c.id')
		.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('course_enrolment as e')
						.select('e.id')
						.whereRef('e.course_id', '=', 'c.id')
						.where('e.status', '=', 'offered')
						.where('e.offer_expires_at', '<=', now)
				),
				eb.and([
					eb('c.state', '=', 'published'),
					eb.exists(
						eb
							.selectFrom('course_enrolment as e')
							.select('e.id')
							.whereRef('e.course_id', '=', 'c.id')
							.where('e.status', '=', 'waitlisted')
					),
					eb(
						'c.capacity',
						'>',
						sql<number>`(select count(*) from course_enrolment t
							where t.course_id = c.id and t.status in ('enrolled', 'offered'))`
					)
				])
			])
		)
		.execute();
	let expired = 0;
	let offered = 0;
	for (const { id } of courses) {
		await inTransaction(db, async (trx) => {
			const course = await trx
				.selectFrom('course')
				.selectAll()
				.where('id', '=', id)
				.forUpdate()
				.executeTakeFirst();
			if (!course) return;
			expired += await endLapsedOffers(trx, course, now);
			offered += (await promoteNext(trx, course, now)).length;
		});
	}
	return { expired, offered };
}
