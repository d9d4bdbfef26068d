import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * The services' part of "download my data": the member's own ratings (their scores, comment and
 * where it stands, a coordinator's proposed edit awaiting their answer) and their complaints with
 * the history they see on the complaint's page. Never anyone else: no provider's reply, no
 * figures, no handler's name, and no step's message when they asked not to be answered in the app.
 */
export async function exportOwnServiceData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const accountId = actor.id;
	const [ratings, complaints, steps] = await Promise.all([
		db
			.selectFrom('service_rating as r')
			.innerJoin('service as s', 's.id', 'r.service_id')
			.select([
				's.name as service',
				'r.respect',
				'r.helped',
				'r.safe',
				'r.reach',
				'r.language',
				'r.country',
				'r.comment',
				'r.comment_state',
				'r.proposed_comment',
				'r.rated_at'
			])
			.where('r.account_id', '=', accountId)
			.orderBy('r.rated_at')
			.orderBy('r.id')
			.execute(),
		db
			.selectFrom('complaint as c')
			.leftJoin('service as s', 's.id', 'c.service_id')
			.select([
				'c.id',
				's.name as service',
				'c.kind',
				'c.what_happened',
				'c.answer_in_app',
				'c.tell_service',
				'c.may_refer',
				'c.status',
				'c.next_step_by',
				(eb) => eb('c.recorded_by', 'is not', null).as('recorded_for_me'),
				'c.acknowledged_at',
				'c.created_at',
				'c.updated_at'
			])
			.where('c.account_id', '=', accountId)
			.orderBy('c.created_at')
			.orderBy('c.id')
			.execute(),
		db
			.selectFrom('complaint_step as s')
			.innerJoin('complaint as c', 'c.id', 's.complaint_id')
			.select([
				's.complaint_id',
				's.status',
				's.message',
				'c.answer_in_app',
				's.next_step_by',
				's.created_at'
			])
			.where('c.account_id', '=', accountId)
			.orderBy('s.created_at')
			// Steps taken in the same instant, in the order the life cycle goes.
			.orderBy(
				sql`array_position(array['received', 'acknowledged', 'looking_into', 'resolved', 'closed'], s.status)`
			)
			.orderBy('s.id')
			.execute()
	]);
	return {
		serviceRatings: ratings,
		complaints: complaints.map(({ id, ...complaint }) => ({
			...complaint,
			// Closed: no next step follows, as the complaint's page shows.
			next_step_by: complaint.status === 'closed' ? null : complaint.next_step_by,
			history: steps
				.filter((step) => step.complaint_id === id)
				.map((step) => ({
					status: step.status,
					message: step.answer_in_app && step.message !== '' ? step.message : null,
					next_step_by: step.next_step_by,
					at: step.created_at
				}))
		}))
	};
}
