import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { uniquePseudonym } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { joinFromCircle } from './circle-offer';
import { defaultRules } from './savings-rules';
import { createSavingsGroup } from './setup';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** A savings group started from the circle by its facilitator, who is its secretary. */
async function savingsGroupOfCircle(
	circleId: string,
	facilitator: Awaited<ReturnType<typeof createGroupMember>>
) {
	const created = await createSavingsGroup(
		db,
		facilitator,
		{
			name: uniquePseudonym('savings'),
			meets: 'monthly',
			openBooks: true,
			practice: false,
			circleId,
			startsOn: '2026-02-01',
			rules: defaultRules('LAK', 10_000n),
			members: [{ name: '', officer: 'secretary', circleMemberId: facilitator.memberId }],
			formKey: newFormKey(new Date())
		},
		new Date()
	);
	if (!created.ok) throw new Error(JSON.stringify(created));
	return created;
}

describe('a savings group offered to a circle', () => {
	it('its members join under their circle name; others get 404; joining again answers as the first join', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		const elsewhere = await createGroupMember(db, (await createTestGroup(db)).id);
		const created = await savingsGroupOfCircle(circle.id, facilitator);

		const joined = await joinFromCircle(db, member, created.id, '2026-02-15');
		expect(joined).toMatchObject({ ok: true });
		const row = await db
			.selectFrom('savings_member')
			.select(['name', 'account_id', 'book_number', 'joined_on', 'officer'])
			.where('id', '=', joined.ok ? joined.memberId : '')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			name: member.displayName,
			account_id: member.id,
			book_number: 2,
			joined_on: '2026-02-15',
			officer: null
		});
		// Sent again (a double tap without scripts): the same answer, and still one place in the book.
		expect(await joinFromCircle(db, member, created.id, '2026-02-16')).toEqual(joined);
		await expect(joinFromCircle(db, elsewhere, created.id, '2026-02-15')).rejects.toMatchObject({
			status: 404
		});
	});

	it('two sends of the same join at once make one place in the book', async () => {
		const circle = await createTestGroup(db);
		const facilitator = await createGroupMember(db, circle.id, 'facilitator');
		const member = await createGroupMember(db, circle.id);
		const created = await savingsGroupOfCircle(circle.id, facilitator);

		const [first, second] = await Promise.all([
			joinFromCircle(db, member, created.id, '2026-02-15'),
			joinFromCircle(db, member, created.id, '2026-02-15')
		]);
		expect(first).toMatchObject({ ok: true });
		expect(second).toEqual(first);
		const rows = await db
			.selectFrom('savings_member')
			.select('id')
			.where('group_id', '=', created.id)
			.where('account_id', '=', member.id)
			.execute();
		expect(rows).toHaveLength(1);
	});
});
