import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../tests/helpers/database';
import { groupSharingOut } from '../../../../../tests/helpers/savings-guarantee';
import type { DB } from '$lib/server/db/schema';
import { newFormKey } from '$lib/server/forms/form-key';
import { readCycleShareOut } from '$lib/server/savings/cycle-share-out';
import { decideGuaranteeCharge } from '$lib/server/savings/guarantee-charge';
import { shareOutView } from './share-out-view';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the share-out page’s guaranteed loans', () => {
	it('says what the borrower cannot cover and each guarantor’s part, and shows it in their lines', async () => {
		const { group, loanC } = await groupSharingOut(db);
		const [first, , c] = group.memberIds;
		const now = new Date();
		const view = async () =>
			shareOutView(await readCycleShareOut(db, group.secretary, group.id), {
				mayRecord: true,
				now
			});

		const before = await view();
		expect(before.may.guarantee).toBe(true);
		expect(before.guarantees).toHaveLength(1);
		const [loan] = before.guarantees;
		expect(loan).toMatchObject({ id: loanC, charged: false });
		expect(loan.text).toMatch(/101\.56/);
		expect(loan.parts).toHaveLength(3);
		expect(loan.parts[0]).toMatch(/33\.86/);
		expect(loan.parts.slice(1).every((part) => /33\.85/.test(part))).toBe(true);

		const charged = await decideGuaranteeCharge(
			db,
			group.secretary,
			group.id,
			{ loanId: loanC, charge: true, groupAgreed: true, formKey: newFormKey(now) },
			now
		);
		expect(charged).toEqual({ ok: true });
		const after = await view();
		expect(after.guarantees[0].charged).toBe(true);
		const rows = (id: string) => after.payouts.find((line) => line.id === id)!.rows;
		// The guarantor's line takes their part off; the borrower's only what their payout covers.
		expect(rows(first).map((row) => row.value)).toContainEqual(expect.stringMatching(/33\.86/));
		expect(rows(c).map((row) => row.value)).toContainEqual(expect.stringMatching(/100\.44/));
	});
});
