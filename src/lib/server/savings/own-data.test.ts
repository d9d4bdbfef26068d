import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import { toJson } from '$lib/json';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { recordMeeting } from './meeting';
import { exportOwnSavingsData } from './own-data';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the savings part of "download my data"', () => {
	it('holds my place in each savings group and every entry in my name, and nobody else’s', async () => {
		const group = await createTestSavingsGroup(db, { rules: { fineLate: 500n } });
		const sheet = meetingSheet(
			group.memberIds,
			'2026-01-06',
			{
				rows: {
					[group.member.memberId]: { shares: 3, attendance: 'late' },
					[group.secretary.memberId]: { shares: 5 }
				}
			},
			{ loanBox: 55_500n, socialBox: 0n }
		);
		await recordMeeting(db, group.secretary, group.id, sheet, {
			formKey: newFormKey(new Date()),
			now: new Date(),
			today: '2026-01-06'
		});
		const { savingsGroups } = await exportOwnSavingsData(db, group.member);
		expect(savingsGroups).toHaveLength(1);
		const [mine] = savingsGroups;
		expect(mine).toMatchObject({
			book_number: 2,
			officer: null,
			status: 'active',
			joined_on: '2026-01-06'
		});
		expect(mine.entries.map((e) => [e.kind, e.cash, e.shares, e.held_on])).toEqual([
			['fine_late', 500n, 0, '2026-01-06'],
			['shares', 15_000n, 3, '2026-01-06']
		]);
		// Amounts are written exactly, as strings, in the file.
		expect(toJson(mine)).toContain('"15000"');
		expect((await exportOwnSavingsData(db, group.coordinator)).savingsGroups).toEqual([]);
	});
});
