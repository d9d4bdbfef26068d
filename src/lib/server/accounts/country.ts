import type { Kysely } from 'kysely';
import { countryForLanguage, type Country } from '$lib/schemas/help';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';

/**
 * The country whose help contacts a member sees first: the one they chose, otherwise the one their
 * language is spoken in (Khmer KH, Burmese MM, Lao LA, Vietnamese VN, Thai TH). English, or no
 * language at all, says nothing about where someone is: they get the first of the region's
 * countries (Thailand), as everywhere else a country is offered, and can choose another.
 */
export function countryForAccount(account: {
	country: Country | null;
	locale: string | null;
}): Country {
	return account.country ?? countryForLanguage(account.locale ?? '');
}

/**
 * The member's own country for their help contacts. `pageLocale` (the language the page is shown
 * in) stands in for an account that never saved a language.
 */
export async function ownCountry(
	db: Kysely<DB>,
	actor: Actor,
	pageLocale: string
): Promise<Country> {
	requireAccess(actor, 'account:manage-own');
	const account = await db
		.selectFrom('account')
		.select(['country', 'locale'])
		.where('id', '=', actor.id)
		.executeTakeFirstOrThrow();
	return countryForAccount({ country: account.country, locale: account.locale ?? pageLocale });
}

/** The country the member chose, or null when they left it to their language. */
export async function chosenCountry(db: Kysely<DB>, actor: Actor): Promise<Country | null> {
	requireAccess(actor, 'account:manage-own');
	const { country } = await db
		.selectFrom('account')
		.select('country')
		.where('id', '=', actor.id)
		.executeTakeFirstOrThrow();
	return country;
}

/** Sets or clears (null) the member's country, from My account. */
export async function setOwnCountry(
	db: Kysely<DB>,
	actor: Actor,
	country: Country | null
): Promise<void> {
	requireAccess(actor, 'account:manage-own');
	await db.updateTable('account').set({ country }).where('id', '=', actor.id).execute();
}
