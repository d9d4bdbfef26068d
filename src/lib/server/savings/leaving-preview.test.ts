import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createTestSavingsGroup,
	meetingSheet,
	type TestSavingsGroup
} from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import type { CalendarDate } from './calendar-date';
import { memberLeaves } from './leaving';
import { previewLeaving } from './leaving-preview';
import { recordMeeting } from './meeting';
import type { SavingsRules } from './savings-rules';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

async function meet(
	group: TestSavingsGroup,
	heldOn: CalendarDate,
	changes: Parameters<typeof meetingSheet>[2],
	loanBox: bigint
) {
	const sheet = meetingSheet(group.memberIds, heldOn, changes, { loanBox, socialBox: 0n });
	const result = await recordMeeting(db, group.secretary, group.id, sheet, {
		formKey: newFormKey(new Date()),
		now: new Date(),
		today: '2026-12-31'
	});
	if (!result.ok) throw new Error(`meeting refused: ${JSON.stringify(result)}`);
	return result.summary.meetingId;
}

const everyone = (memberIds: readonly string[], shares: number) =>
	Object.fromEntries(memberIds.map((id) => [id, { shares }]));

/**
 * Six members on shares of 50 baht, 5% a month flat. 6 January: 5 shares each (1,500 baht).
 * 13 January: 1 share each, and the leaver borrows 200 baht for 2 months (220 owed): 1,600 in the
 * box. 20 January: 1 share each and the leaver repays 20: 200 owed, 1,920 in the box.
 */
async function groupWithALoan(rules: Partial<SavingsRules> = {}) {
	const group = await createTestSavingsGroup(db, { members: 6, rules });
	const ids = group.memberIds;
	const leaver = ids[2];
	await meet(group, '2026-01-06', { rows: everyone(ids, 5) }, 150_000n);
	const loan = { memberId: leaver, principal: 20_000n, termMonths: 2, purpose: 'stock' };
	await meet(
		group,
		'2026-01-13',
		{ rows: everyone(ids, 1), loans: [{ ...loan, guarantorIds: [] }] },
		160_000n
	);
	const meetingId = await meet(
		group,
		'2026-01-20',
		{ rows: { ...everyone(ids, 1), [leaver]: { shares: 1, repaid: 2_000n } } },
		192_000n
	);
	return { group, leaver, meetingId };
}

describe('the confirmation before a member leaves', () => {
	it('shows what memberLeaves then pays: savings minus what they owe; the profit stays', async () => {
		const { group, leaver, meetingId } = await groupWithALoan();
		const preview = await previewLeaving(db, group.secretary, group.id, leaver);
		expect(preview).toMatchObject({
			member: { id: leaver, bookNumber: 3 },
			currency: 'THB',
			meeting: { id: meetingId, heldOn: '2026-01-20' },
			shares: 7,
			savings: 35_000n,
			owed: 20_000n,
			takesProfit: false,
			paidOut: 15_000n,
			problem: null
		});
		// The 20 baht of charges are the group's profit; the leaver's 7 of 42 shares earned part of it.
		expect(preview.profit).toBeGreaterThan(0n);
		expect(preview.staysWithGroup).toBe(preview.profit);
		const left = await memberLeaves(
			db,
			group.secretary,
			group.id,
			{ memberId: leaver, meetingId, formKey: newFormKey(new Date()) },
			new Date()
		);
		expect(left).toEqual({ ok: true, paidOut: preview.paidOut });
		// Gone from the active members: nothing more to confirm.
		await expect(previewLeaving(db, group.secretary, group.id, leaver)).rejects.toMatchObject({
			status: 404
		});
	});

	it('when the constitution gives a leaver their profit, it is paid and nothing stays', async () => {
		const { group, leaver, meetingId } = await groupWithALoan({
			leaverTakes: 'savings_and_profit'
		});
		const preview = await previewLeaving(db, group.secretary, group.id, leaver);
		expect(preview.takesProfit).toBe(true);
		expect(preview.staysWithGroup).toBe(0n);
		expect(preview.paidOut).toBe(35_000n + preview.profit - 20_000n);
		const left = await memberLeaves(
			db,
			group.secretary,
			group.id,
			{ memberId: leaver, meetingId, formKey: newFormKey(new Date()) },
			new Date()
		);
		expect(left).toEqual({ ok: true, paidOut: preview.paidOut });
	});

	it('says why not before any meeting; only a recording officer may see it', async () => {
		const group = await createTestSavingsGroup(db);
		expect(await previewLeaving(db, group.secretary, group.id, group.memberIds[3])).toMatchObject({
			meeting: null,
			problem: 'not_latest_meeting'
		});
		for (const actor of [group.member, group.coordinator])
			await expect(previewLeaving(db, actor, group.id, group.memberIds[3])).rejects.toMatchObject({
				status: 404
			});
	});
});
