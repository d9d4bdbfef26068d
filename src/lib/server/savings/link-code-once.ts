import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { issueLinkCode } from './link-code';
import { loadSavingsGroup } from './savings-group-access';

/**
 * issueLinkCode once per form key. A resend (a double tap, a page sent again after a time-out)
 * shows the code the first send made, which is the one that works, instead of replacing it with a
 * second one. The code is kept with the form's result sealed under the form key, which only the
 * browser that asked holds (server/forms/sealed-result.ts); the database keeps only its hash.
 */
export async function issueLinkCodeOnce(
	db: Kysely<DB>,
	actor: Actor,
	groupId: string,
	input: { memberId: string; formKey: string },
	now: Date
) {
	const { result } = await inTransaction(db, async (trx) => {
		const { resource } = await loadSavingsGroup(trx, actor, groupId);
		requireAccess(actor, 'savings:manage', resource);
		return repeatSafe(trx, { scope: 'savings-link-code', key: input.formKey, now }, () =>
			issueLinkCode(trx, actor, groupId, input.memberId, now)
		);
	});
	return result;
}
