import type { Kysely } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB, SavingsOfficer } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup } from './savings-group-access';
import { addSavingsMember, type MemberProblem } from './setup';

export interface AddingMember {
	/** The name the group knows them by (never defaulted from a sign-in nickname). */
	name: string;
	officer: SavingsOfficer | null;
	/**
	 * Staff only, as at set-up: the sign-in nickname of an account that takes this place at once.
	 * Officers leave it empty and give the person a link code instead, so that nobody learns from
	 * the group's page whether a nickname exists. Empty: a person without an account.
	 */
	pseudonym: string;
	joinedOn: CalendarDate;
	formKey: string;
}

export type AddMemberProblem = MemberProblem | 'group_full';

/**
 * Adds a member from the members page, once per form key: a double tap or a resend answers with
 * the first result instead of "that name is taken". The rules are addSavingsMember's (at most 30
 * active, names unique in the group); an account joins at most once.
 */
export async function addMemberOnce(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: AddingMember,
	now: Date
): Promise<{ ok: true; id: string } | { ok: false; problem: AddMemberProblem }> {
	const { result } = await inTransaction(db, async (trx) => {
		const { resource } = await loadSavingsGroup(trx, actor, groupId, { lock: true });
		requireAccess(actor, 'savings:manage', resource);
		const nickname = input.pseudonym.trim();
		if (nickname !== '') requireAccess(actor, 'savings:create');
		return repeatSafe(trx, { scope: 'savings-member', key: input.formKey, now }, async () => {
			let accountId: string | null = null;
			if (nickname !== '') {
				const account = await trx
					.selectFrom('account')
					.select('id')
					.where('pseudonym_key', '=', pseudonymKey(nickname))
					.executeTakeFirst();
				if (!account) return { ok: false, problem: 'account_unknown' } as const;
				const already = await trx
					.selectFrom('savings_member')
					.select('id')
					.where('group_id', '=', groupId)
					.where('account_id', '=', account.id)
					.executeTakeFirst();
				if (already) return { ok: false, problem: 'account_twice' } as const;
				accountId = account.id;
			}
			const added = await addSavingsMember(trx, actor, groupId, {
				name: input.name,
				officer: input.officer,
				joinedOn: input.joinedOn
			});
			if (!added.ok || accountId === null) return added;
			await trx
				.updateTable('savings_member')
				.set({ account_id: accountId })
				.where('id', '=', added.id)
				.execute();
			return added;
		});
	});
	return result;
}
