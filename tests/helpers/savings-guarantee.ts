import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../src/lib/server/db/schema';
import { newFormKey } from '../../src/lib/server/forms/form-key';
import { recordMeeting } from '../../src/lib/server/savings/meeting';
import type { MeetingSheet } from '../../src/lib/server/savings/meeting-plan';
import { startShareOut } from '../../src/lib/server/savings/sharing-out';
import { createTestSavingsGroup, meetingSheet } from './savings';

const use = () => ({ formKey: newFormKey(new Date()), now: new Date() });

/**
 * Five members, two shares each of 50 baht (cash unit 1 satang). At the second meeting C (the
 * third) borrows 200 baht guaranteed by the first, second and fourth; D borrows 10 baht
 * guaranteed by E; E borrows 10 baht with no guarantor; 1% flat for a month. The fund is 280 baht
 * in the box plus 222.20 owed: 502.20 baht, 100.44 baht a member. C's payout leaves 101.56 baht
 * of their 202 baht owed: 33.86, 33.85 and 33.85 baht for the guarantors.
 */
export async function groupSharingOut(db: Kysely<DB>) {
	const group = await createTestSavingsGroup(db, {
		rules: { rateBp: 100, loanMultiple: 10, cashUnit: 1n }
	});
	const [, , c, d, e] = group.memberIds;
	const record = async (sheet: MeetingSheet) => {
		const result = await recordMeeting(db, group.secretary, group.id, sheet, {
			...use(),
			today: '2026-12-31'
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
	};
	await record(
		meetingSheet(group.memberIds, '2026-01-06', {}, { loanBox: 25_000n, socialBox: 0n })
	);
	const loan = (memberId: string, principal: bigint, guarantorIds: string[]) => ({
		memberId,
		principal,
		termMonths: 1,
		purpose: '',
		guarantorIds
	});
	await record(
		meetingSheet(
			group.memberIds,
			'2026-01-13',
			{
				loans: [
					loan(c, 20_000n, [group.memberIds[0], group.memberIds[1], d]),
					loan(d, 1_000n, [e]),
					loan(e, 1_000n, [])
				]
			},
			{ loanBox: 28_000n, socialBox: 0n }
		)
	);
	const loans = await db
		.selectFrom('savings_loan')
		.select(['id', 'member_id'])
		.where('group_id', '=', group.id)
		.execute();
	const loanOf = (memberId: string) => loans.find((row) => row.member_id === memberId)!.id;
	expect(await startShareOut(db, group.secretary, group.id, use())).toEqual({ ok: true });
	return { group, loanC: loanOf(c), loanD: loanOf(d), loanE: loanOf(e) };
}
