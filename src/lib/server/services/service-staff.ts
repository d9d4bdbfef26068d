import type { Kysely } from 'kysely';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { loadService } from './service-access';

/*
 * A provider's staff: accounts a coordinator binds to a service, by the nickname they sign in
 * with (staff know it; members never see it). Staff see their service's published figures and
 * reply to comments; they may not rate it.
 */

export interface ServiceStaff {
	service: { id: string; name: string };
	staff: Array<{ accountId: string; pseudonym: string }>;
}

/** A service's staff, for coordinators. */
export async function listServiceStaff(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown
): Promise<ServiceStaff> {
	requireAccess(actor, 'service:manage');
	const { service } = await loadService(db, actor, serviceId);
	const staff = await db
		.selectFrom('service_staff as s')
		.innerJoin('account as a', 'a.id', 's.account_id')
		.select(['a.id as accountId', 'a.pseudonym'])
		.where('s.service_id', '=', service.id)
		.orderBy('a.pseudonym')
		.orderBy('a.id')
		.execute();
	return { service: { id: service.id, name: service.name }, staff };
}

/** Binds an account to a service's staff by its nickname; binding it again changes nothing. */
export async function addServiceStaff(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	input: { pseudonym: string },
	now: Date
): Promise<{ ok: true; accountId: string } | { ok: false; problem: 'account_unknown' }> {
	requireAccess(actor, 'service:manage');
	return inTransaction(db, async (trx) => {
		const { service } = await loadService(trx, actor, serviceId, { lock: true });
		if (typeof input?.pseudonym !== 'string')
			return { ok: false, problem: 'account_unknown' } as const;
		const account = await trx
			.selectFrom('account')
			.select('id')
			.where('pseudonym_key', '=', pseudonymKey(input.pseudonym.trim()))
			.executeTakeFirst();
		if (!account) return { ok: false, problem: 'account_unknown' } as const;
		await trx
			.insertInto('service_staff')
			.values({ service_id: service.id, account_id: account.id, created_at: now })
			.onConflict((conflict) => conflict.columns(['service_id', 'account_id']).doNothing())
			.execute();
		return { ok: true, accountId: account.id } as const;
	});
}

/** Unbinds an account from a service's staff; one not on it (a second tap) is no error. */
export async function removeServiceStaff(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	accountId: unknown
): Promise<void> {
	requireAccess(actor, 'service:manage');
	await inTransaction(db, async (trx) => {
		const { service } = await loadService(trx, actor, serviceId, { lock: true });
		if (!isUuid(accountId)) return;
		await trx
			.deleteFrom('service_staff')
			.where('service_id', '=', service.id)
			.where('account_id', '=', accountId)
			.execute();
	});
}
