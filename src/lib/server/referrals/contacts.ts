import type { Kysely } from 'kysely';
import type { Country, ReferralContactInput } from '$lib/schemas/help';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';

/*
 * Referral contacts: the services a member is shown when they ask for help, kept per country by
 * coordinators. Members read them; only staff change them. Input arrives checked by
 * referralContactSchema (src/lib/schemas/help.ts).
 */

export interface ReferralContact {
	id: string;
	country: Country;
	name: string;
	howToReach: string;
	note: string;
}

const selectContacts = (db: Kysely<DB>) =>
	db
		.selectFrom('referral_contact')
		.select(['id', 'country', 'name', 'how_to_reach as howToReach', 'note'])
		// In the order coordinators entered them: the first they add is the first a member sees.
		.orderBy('created_at')
		.orderBy('id');

/** One country's contacts, for anyone signed in (a member asking for help, their facilitators). */
export async function listContactsForCountry(
	db: Kysely<DB>,
	actor: Actor,
	country: Country
): Promise<ReferralContact[]> {
	if (actor.kind !== 'account') notFound();
	return selectContacts(db).where('country', '=', country).execute();
}

/** Every contact, for the staff who keep the list. */
export async function listAllContacts(db: Kysely<DB>, actor: Actor): Promise<ReferralContact[]> {
	requireAccess(actor, 'referral:manage');
	return selectContacts(db).execute();
}

/** One contact to change; an unknown or malformed id is a 404. */
export async function getContact(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown
): Promise<ReferralContact> {
	requireAccess(actor, 'referral:manage');
	if (!isUuid(id)) notFound();
	return (await selectContacts(db).where('id', '=', id).executeTakeFirst()) ?? notFound();
}

const columns = (input: ReferralContactInput) => ({
	country: input.country,
	name: input.name.trim(),
	how_to_reach: input.howToReach.trim(),
	note: input.note.trim()
});

/**
 * Adds a contact. The same form sent again (its `formKey`) adds no second one and gets the first
 * one's id. Throws FormKeyExpiredError for a key past its lifetime.
 */
export async function addContact(
	db: Kysely<DB>,
	actor: Actor,
	input: ReferralContactInput,
	clock: Clock
): Promise<{ id: string }> {
	requireAccess(actor, 'referral:manage');
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'referral-contact', key: input.formKey, now }, () =>
			trx
				.insertInto('referral_contact')
				.values({ ...columns(input), created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow()
		)
	);
	return result;
}

/** Changes a contact; one that is not there (removed meanwhile, or never) is a 404. */
export async function updateContact(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown,
	input: ReferralContactInput
): Promise<void> {
	requireAccess(actor, 'referral:manage');
	if (!isUuid(id)) notFound();
	const result = await db
		.updateTable('referral_contact')
		.set(columns(input))
		.where('id', '=', id)
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) notFound();
}

/**
 * Removes a contact. Removing one that is already gone is not an error: a second tap of the same
 * button finds the work done. Returns whether this call removed it.
 */
export async function removeContact(db: Kysely<DB>, actor: Actor, id: unknown): Promise<boolean> {
	requireAccess(actor, 'referral:manage');
	if (!isUuid(id)) notFound();
	const result = await db.deleteFrom('referral_contact').where('id', '=', id).executeTakeFirst();
	return result.numDeletedRows > 0n;
}
