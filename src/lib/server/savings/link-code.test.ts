import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniqueAddress } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { issueLinkCode, linkWithCode } from './link-code';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('linking an account to a place in a savings group', () => {
	it('an officer gives a code; the person types it once and their account takes that place', async () => {
		const group = await createTestSavingsGroup(db);
		const placeId = group.memberIds[2];
		const person = await signedIn(db, await createAccount(db));
		const issued = await issueLinkCode(db, group.secretary, group.id, placeId, new Date());
		if (!issued.ok) throw new Error(issued.problem);
		const address = uniqueAddress();
		// Read out over the phone, typed in lower case with spaces.
		const typed = issued.code.toLowerCase().replace('-', ' ');
		expect(await linkWithCode(db, person, { code: typed, address }, new Date())).toEqual({
			ok: true,
			groupId: group.id
		});
		const place = await db
			.selectFrom('savings_member')
			.select('account_id')
			.where('id', '=', placeId)
			.executeTakeFirstOrThrow();
		expect(place.account_id).toBe(person.id);
		// Used: it links nobody else.
		const other = await signedIn(db, await createAccount(db));
		expect(await linkWithCode(db, other, { code: issued.code, address }, new Date())).toEqual({
			ok: false,
			problem: 'unknown'
		});
		expect(await issueLinkCode(db, group.secretary, group.id, placeId, new Date())).toEqual({
			ok: false,
			problem: 'not_linkable'
		});
	});

	it('an expired code, one for someone already in the group, a plain member issuing: refused', async () => {
		const group = await createTestSavingsGroup(db);
		const [, , third, fourth] = group.memberIds;
		const old = await issueLinkCode(db, group.coordinator, group.id, third, new Date('2026-01-01'));
		if (!old.ok) throw new Error(old.problem);
		const person = await signedIn(db, await createAccount(db));
		expect(
			await linkWithCode(
				db,
				person,
				{ code: old.code, address: uniqueAddress() },
				new Date('2026-02-01')
			)
		).toEqual({
			ok: false,
			problem: 'unknown'
		});
		const fresh = await issueLinkCode(db, group.secretary, group.id, fourth, new Date());
		if (!fresh.ok) throw new Error(fresh.problem);
		expect(
			await linkWithCode(
				db,
				group.member,
				{ code: fresh.code, address: uniqueAddress() },
				new Date()
			)
		).toEqual({
			ok: false,
			problem: 'already_member'
		});
		await expect(
			issueLinkCode(db, group.member, group.id, fourth, new Date())
		).rejects.toMatchObject({ status: 404 });
	});

	it('wrong codes count against the address', async () => {
		const person = await signedIn(db, await createAccount(db));
		const address = uniqueAddress();
		let last;
		for (let i = 0; i < 31; i += 1)
			last = await linkWithCode(db, person, { code: 'AAAA-AAAA', address }, new Date());
		expect(last).toMatchObject({ ok: false, problem: 'throttled' });
	});
});
