import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { createGroup } from './groups';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const settings = {
	name: 'Tuesday circle',
	description: '',
	language: 'en' as const,
	sizeCap: 12,
	joinRule: 'invitation' as const,
	agreement: 'Be kind.',
	holdFirstPosts: 0
};

const groupsBy = (accountId: string) =>
	db.selectFrom('peer_group').select('id').where('created_by', '=', accountId).execute();

describe('sending the new group form again', () => {
	it('opens one group, and the resend gets its id', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const now = new Date();
		const input = { ...settings, formKey: newFormKey(now) };
		const first = await createGroup(db, coordinator, input, now);
		expect(await createGroup(db, coordinator, input, now)).toEqual(first);
		expect(await groupsBy(coordinator.id)).toEqual([first]);
	});

	it('opens one group when both sends arrive at the same time', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const now = new Date();
		const input = { ...settings, formKey: newFormKey(now) };
		const [first, second] = await Promise.all([
			createGroup(db, coordinator, input, now),
			createGroup(db, coordinator, input, now)
		]);
		expect(second).toEqual(first);
		expect(await groupsBy(coordinator.id)).toEqual([first]);
	});

	it('checks access before the key: a member gets a 404 and nothing is opened', async () => {
		const member = await signedIn(db, await createAccount(db));
		const now = new Date();
		await expect(
			createGroup(db, member, { ...settings, formKey: 'not-a-key' }, now)
		).rejects.toMatchObject({ status: 404 });
		expect(await groupsBy(member.id)).toEqual([]);
	});
});
