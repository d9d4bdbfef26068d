import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniqueAddress } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { issueResetCode, signInWithCode } from './recovery';
import { hasResetToTell, markResetsTold, resetsToTell } from './reset-notice';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the member is told of reset codes made for them', () => {
	it('names who made it and whether it was used, until the member has read it', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const account = await createAccount(db);
		const member = await signedIn(db, account);
		expect(await hasResetToTell(db, account.id)).toBe(false);

		const issued = await issueResetCode(
			db,
			coordinator,
			account.id,
			{ formKey: newFormKey(clock()) },
			clock
		);
		if (!issued.ok) throw new Error(issued.error);
		expect(await hasResetToTell(db, account.id)).toBe(true);
		const unused = await resetsToTell(db, member);
		expect(unused).toMatchObject([{ issuedBy: coordinator.pseudonym, usedAt: null }]);

		// Whoever uses it (the coordinator themselves, say), the member learns when it was.
		clock.advance(MINUTE);
		const used = await signInWithCode(
			db,
			{
				pseudonym: account.pseudonym,
				code: issued.code,
				newPassphrase: 'a brand new passphrase here',
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		expect(used.ok).toBe(true);
		const [told] = await resetsToTell(db, member);
		expect(told.usedAt).toEqual(clock());

		await markResetsTold(db, member, [told.id, 'not-an-id'], clock());
		expect(await hasResetToTell(db, account.id)).toBe(false);
		expect(await resetsToTell(db, member)).toEqual([]);
	});

	it('marks only the codes the member was shown, and only their own', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const account = await createAccount(db);
		const member = await signedIn(db, account);
		const other = await signedIn(db, await createAccount(db));
		const issue = async () => {
			const result = await issueResetCode(
				db,
				coordinator,
				account.id,
				{ formKey: newFormKey(clock()) },
				clock
			);
			if (!result.ok) throw new Error(result.error);
		};
		await issue();
		const [shown] = await resetsToTell(db, member);

		await markResetsTold(db, other, [shown.id], clock());
		expect(await resetsToTell(db, member)).toHaveLength(1);

		// A code made while the page was open is not marked read with the ones shown.
		await db
			.updateTable('reset_code')
			.set({ used_at: clock() })
			.where('id', '=', shown.id)
			.execute();
		await issue();
		await markResetsTold(db, member, [shown.id], clock());
		const left = await resetsToTell(db, member);
		expect(left).toHaveLength(1);
		expect(left[0].id).not.toBe(shown.id);
	});
});
