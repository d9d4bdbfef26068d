import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { DB } from '../db/schema';
import { readCircleForSavings } from './circle-start';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the circle a savings group is started from', () => {
	it('gives its facilitator, and staff, the active members by their circle names; 404 for anyone else', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		const gone = await createGroupMember(db, circle.id);
		await db
			.updateTable('group_member')
			.set({ status: 'left' })
			.where('account_id', '=', gone.id)
			.execute();

		const read = await readCircleForSavings(db, facilitator, circle.id);
		expect(read.id).toBe(circle.id);
		expect(read.members.map((m) => m.id).sort()).toEqual(
			[facilitator.memberId, member.memberId].sort()
		);
		expect(read.members.find((m) => m.id === member.memberId)?.name).toBe(member.displayName);
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		expect((await readCircleForSavings(db, coordinator, circle.id)).members).toHaveLength(2);

		await expect(readCircleForSavings(db, member, circle.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(readCircleForSavings(db, facilitator, 'not-a-uuid')).rejects.toMatchObject({
			status: 404
		});
	});
});
