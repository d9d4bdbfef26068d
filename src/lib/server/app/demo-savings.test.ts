import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import { readDashboard } from '../savings/dashboard';
import { DEMO_SAVINGS_NAME, seedDemoSavings } from './demo-savings';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the demo savings group', () => {
	it('has 4 meetings, a loan partly repaid, and cash counts that all agree with the books', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const secretary = await signedIn(db, await createAccount(db));
		const member = await signedIn(db, await createAccount(db));
		const today = '2026-03-20';
		const id = await seedDemoSavings(
			db,
			{ coordinator, secretary, member },
			today,
			() => new Date()
		);

		const dashboard = await readDashboard(db, member, id, today);
		if (!dashboard.cycle) throw new Error('no cycle');
		expect(dashboard.group.name).toBe(DEMO_SAVINGS_NAME);
		expect(dashboard.attendance).toHaveLength(4);
		expect(dashboard.differences).toBe(0n);
		expect(dashboard.lastMeeting).toEqual({ heldOn: today, difference: 0n });
		// 600 baht lent with 60 baht of flat charge; 330 and 200 baht repaid.
		expect(dashboard.loans).toMatchObject({ outstanding: 1, owed: 13_000n, overdue: 0 });
		expect(dashboard.savings).toEqual({ shares: 40n, amount: 200_000n });
		expect(dashboard.loanFund).toEqual({
			box: 193_000n,
			bank: 0n,
			lentOut: 13_000n,
			total: 206_000n
		});
		expect(dashboard.socialFund.total).toBe(20_000n);
	});
});
