import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createTestGroup } from '../../../../tests/helpers/groups';
import type { DB } from '../db/schema';
import { FORM_KEY_LIFETIME_MS, newFormKey } from '../forms/form-key';
import { FormKeyExpiredError } from '../forms/repeat-safe';
import { createInvitation } from './invitations';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const codesBy = (accountId: string) =>
	db.selectFrom('invitation').select('id').where('issued_by', '=', accountId).execute();

describe('sending the same invitation form again', () => {
	it('issues one code, and the resend shows the same code', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const input = { formKey: newFormKey(clock()), maxUses: 1, expiresInDays: 14 };
		const first = await createInvitation(db, coordinator, input, clock);
		expect(await createInvitation(db, coordinator, input, clock)).toEqual(first);
		expect(await codesBy(coordinator.id)).toEqual([{ id: first.id }]);
	});

	it('issues one code into a circle when both sends arrive at the same time', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const input = {
			formKey: newFormKey(clock()),
			maxUses: 3,
			expiresInDays: 14,
			groupId: group.id
		};
		const [first, second] = await Promise.all([
			createInvitation(db, group.coordinator, input, clock),
			createInvitation(db, group.coordinator, input, clock)
		]);
		expect(second).toEqual(first);
		expect(await codesBy(group.coordinator.id)).toEqual([{ id: first.id }]);
	});

	it('refuses a key past its lifetime, after the access check, and issues nothing', async () => {
		const clock = fakeClock();
		const input = { formKey: newFormKey(clock()), maxUses: 1, expiresInDays: 14 };
		clock.advance(FORM_KEY_LIFETIME_MS + 60_000);
		const member = await signedIn(db, await createAccount(db));
		await expect(createInvitation(db, member, input, clock)).rejects.toMatchObject({
			status: 404
		});
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		await expect(createInvitation(db, coordinator, input, clock)).rejects.toBeInstanceOf(
			FormKeyExpiredError
		);
		expect(await codesBy(coordinator.id)).toEqual([]);
	});
});
