import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniqueAddress } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { linkWithCode } from './link-code';
import { issueLinkCodeOnce } from './link-code-once';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('a link code from the members page', () => {
	it('a resend shows the code the first send made, and that code links the account', async () => {
		const group = await createTestSavingsGroup(db);
		const memberId = group.memberIds[3];
		const input = { memberId, formKey: newFormKey(new Date()) };
		const first = await issueLinkCodeOnce(db, group.secretary, group.id, input, new Date());
		if (!first.ok) throw new Error(first.problem);
		expect(await issueLinkCodeOnce(db, group.secretary, group.id, input, new Date())).toEqual(
			first
		);
		const person = await signedIn(db, await createAccount(db));
		expect(
			await linkWithCode(db, person, { code: first.code, address: uniqueAddress() }, new Date())
		).toEqual({ ok: true, groupId: group.id });
	});

	it('refuses someone who has an account; a plain member gets a 404', async () => {
		const group = await createTestSavingsGroup(db);
		const input = { memberId: group.member.memberId, formKey: newFormKey(new Date()) };
		expect(await issueLinkCodeOnce(db, group.secretary, group.id, input, new Date())).toEqual({
			ok: false,
			problem: 'not_linkable'
		});
		await expect(
			issueLinkCodeOnce(
				db,
				group.member,
				group.id,
				{ memberId: group.memberIds[3], formKey: newFormKey(new Date()) },
				new Date()
			)
		).rejects.toMatchObject({ status: 404 });
	});
});
