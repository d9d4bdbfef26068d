import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { isStaff } from '../access/actor';
import type { CourseState, CourseTimeZone, DB } from '../db/schema';

export interface CourseRun {
	id: string;
	title: string;
	state: CourseState;
	timeZone: CourseTimeZone;
	firstSessionAt: Date | null;
	/** Whether the viewer is one of its trainers (otherwise they look after it as staff). */
	trains: boolean;
}

/**
 * The courses the viewer writes or runs and that have not ended: every one for coordinators,
 * drafts included; their own for trainers; none for everyone else. Soonest first, drafts without
 * sessions last.
 */
export async function coursesRun(db: Kysely<DB>, actor: Actor, now: Date): Promise<CourseRun[]> {
	if (actor.kind !== 'account') return [];
	const staff = isStaff(actor);
	let query = db
		.selectFrom('course as c')
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('course_session')
					.select([
						'course_id',
						(s) => s.fn.min('starts_at').as('first_at'),
						(s) => s.fn.max('ends_at').as('last_at')
					])
					.groupBy('course_id')
					.as('s'),
			(join) => join.onRef('s.course_id', '=', 'c.id')
		)
		.leftJoin('course_trainer as t', (join) =>
			join.onRef('t.course_id', '=', 'c.id').on('t.account_id', '=', actor.id)
		)
		.select(['c.id', 'c.title', 'c.state', 'c.time_zone', 's.first_at', 't.account_id as trainer'])
		.where('c.state', '<>', 'cancelled')
		.where((eb) => eb.or([eb('s.last_at', 'is', null), eb('s.last_at', '>', now)]));
	if (!staff) query = query.where('t.account_id', 'is not', null);
	const rows = await query.orderBy('s.first_at').orderBy('c.title').execute();
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		state: row.state,
		timeZone: row.time_zone,
		firstSessionAt: row.first_at ? new Date(row.first_at as Date) : null,
		trains: row.trainer !== null
	}));
}
