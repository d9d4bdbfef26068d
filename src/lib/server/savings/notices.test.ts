import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { changeSavingsRules } from './constitution';
import { correctEntry } from './correction';
import { recordMeeting } from './meeting';
import { listOwnSavingsNotices, markSavingsNoticesRead } from './notices';
import { defaultRules } from './savings-rules';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const kinds = async (actor: Parameters<typeof listOwnSavingsNotices>[1]) =>
	(await listOwnSavingsNotices(db, actor)).map((notice) => [notice.kind, notice.heldOn]);

describe('savings notices', () => {
	it('tell members with an account of their line after a meeting, a correction of theirs, and a change of rules', async () => {
		const group = await createTestSavingsGroup(db);
		const recorded = await recordMeeting(
			db,
			group.secretary,
			group.id,
			meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n }),
			{ formKey: newFormKey(new Date()), now: new Date(), today: '2026-01-06' }
		);
		expect(recorded.ok).toBe(true);
		expect(await kinds(group.member)).toEqual([['meeting', '2026-01-06']]);
		expect(await kinds(group.secretary)).toEqual([['meeting', '2026-01-06']]);
		const [notice] = await listOwnSavingsNotices(db, group.member);
		expect(notice).toMatchObject({ groupId: group.id });

		await markSavingsNoticesRead(db, group.member, group.id, new Date());
		expect(await kinds(group.member)).toEqual([]);

		const shares = await db
			.selectFrom('savings_entry')
			.select('id')
			.where('member_id', '=', group.member.memberId)
			.where('kind', '=', 'shares')
			.executeTakeFirstOrThrow();
		await correctEntry(
			db,
			group.secretary,
			group.id,
			{
				entryId: shares.id,
				reason: 'two shares',
				restated: { shares: 2 },
				formKey: newFormKey(new Date())
			},
			new Date()
		);
		// Only the member whose entry it was.
		expect(await kinds(group.member)).toEqual([['correction', '2026-01-06']]);
		expect(await kinds(group.secretary)).toEqual([['meeting', '2026-01-06']]);

		await changeSavingsRules(
			db,
			group.secretary,
			group.id,
			{
				rules: { ...defaultRules('THB', 5_000n), maxShares: 8 },
				reason: 'agreed',
				formKey: newFormKey(new Date())
			},
			new Date()
		);
		expect((await kinds(group.member))[0]).toEqual(['rules', null]);
		expect((await kinds(group.secretary))[0]).toEqual(['rules', null]);
	});
});
