import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { loadGroup } from '../groups';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup } from './savings-group-access';
import { MAX_MEMBERS } from './setup';

/**
 * A member of the circle a savings group was started from joins it, under the name the circle
 * knows them by (never their sign-in nickname). Someone who left comes back through the officers.
 * Joining again while in answers as the first join did.
 */
export async function joinFromCircle(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	joinedOn: CalendarDate
): Promise<{ ok: true; memberId: string } | { ok: false; problem: 'group_full' | 'name_taken' }> {
	return inTransaction(db, async (trx) => {
		const savings = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		// The same join sent again (a double tap on a page without scripts) finds the member in:
		// it gets the first send's answer, so they land in their group, not on an error.
		if (savings.resource.membership?.status === 'active') {
			requireAccess(actor, 'savings:view', savings.resource);
			const mine = await trx
				.selectFrom('savings_member')
				.select('id')
				.where('group_id', '=', groupId)
				.where('account_id', '=', actor.id)
				.where('status', '=', 'active')
				.executeTakeFirstOrThrow();
			return { ok: true, memberId: mine.id };
		}
		const circle = savings.group.circle_id
			? await loadGroup(trx, actor, savings.group.circle_id)
			: null;
		requireAccess(actor, 'savings:join', {
			circle: circle?.resource ?? null,
			membership: savings.resource.membership
		});
		const name = circle!.membership!.display_name!;
		const counts = await trx
			.selectFrom('savings_member')
			.select((eb) => [
				eb.fn.countAll<bigint>().filterWhere('status', '=', 'active').as('active'),
				eb.fn.max('book_number').as('last_book'),
				eb.fn
					.countAll<bigint>()
					.filterWhere('name_key', '=', circle!.membership!.display_name_key)
					.as('same_name')
			])
			.where('group_id', '=', groupId)
			.executeTakeFirstOrThrow();
		if (Number(counts.active) >= MAX_MEMBERS) return { ok: false, problem: 'group_full' };
		// Someone added by the officers under the same name: they sort it out together.
		if (Number(counts.same_name) > 0) return { ok: false, problem: 'name_taken' };
		const row = await trx
			.insertInto('savings_member')
			.values({
				group_id: groupId,
				account_id: actor.id,
				name,
				name_key: circle!.membership!.display_name_key,
				book_number: (counts.last_book ?? 0) + 1,
				joined_on: joinedOn
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true, memberId: row.id };
	});
}
