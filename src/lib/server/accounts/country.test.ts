import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { chosenCountry, countryForAccount, ownCountry, setOwnCountry } from './country';
import { countryForAccount as fromEntry, ownCountry as ownFromEntry } from './index';
import { exportOwnData } from './own-data';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('countryForAccount', () => {
	it.each([
		['km', 'KH'],
		['my', 'MM'],
		['lo', 'LA'],
		['vi', 'VN'],
		['th', 'TH']
	] as const)('gives a member who reads %s the country of %s', (locale, country) => {
		expect(countryForAccount({ country: null, locale })).toBe(country);
	});

	it('gives Thailand, the first of the list, when the language says nothing (English, none)', () => {
		expect(countryForAccount({ country: null, locale: 'en' })).toBe('TH');
		expect(countryForAccount({ country: null, locale: null })).toBe('TH');
	});

	it('puts the country the member chose before their language', () => {
		expect(countryForAccount({ country: 'VN', locale: 'km' })).toBe('VN');
		expect(countryForAccount({ country: 'LA', locale: 'en' })).toBe('LA');
	});

	it('is what the accounts domain offers the others', () => {
		expect(fromEntry).toBe(countryForAccount);
		expect(ownFromEntry).toBe(ownCountry);
	});
});

describe("a member's own country", () => {
	it('follows their language until they choose one, and again once they clear it', async () => {
		const account = await createAccount(db);
		await db.updateTable('account').set({ locale: 'my' }).where('id', '=', account.id).execute();
		const actor = await signedIn(db, account);
		expect(await chosenCountry(db, actor)).toBeNull();
		expect(await ownCountry(db, actor, 'en')).toBe('MM');

		await setOwnCountry(db, actor, 'TH');
		expect(await chosenCountry(db, actor)).toBe('TH');
		expect(await ownCountry(db, actor, 'en')).toBe('TH');
		expect((await exportOwnData(db, actor)).account.country).toBe('TH');

		await setOwnCountry(db, actor, null);
		expect(await ownCountry(db, actor, 'en')).toBe('MM');
	});

	it("takes the page's language for an account that never saved one", async () => {
		const actor = await signedIn(db, await createAccount(db));
		expect(await ownCountry(db, actor, 'lo')).toBe('LA');
	});

	it('is only for the signed-in member', async () => {
		await expect(ownCountry(db, ANONYMOUS, 'km')).rejects.toThrow();
		await expect(setOwnCountry(db, ANONYMOUS, 'KH')).rejects.toThrow();
	});

	it('is one of the region’s countries: the database refuses any other', async () => {
		const account = await createAccount(db);
		await expect(
			db
				.updateTable('account')
				// @ts-expect-error -- a value the types refuse, sent anyway
				.set({ country: 'FR' })
				.where('id', '=', account.id)
				.execute()
		).rejects.toThrow();
	});
});
