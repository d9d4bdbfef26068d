import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup, meetingSheet } from '../../../../tests/helpers/savings';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { newFormKey } from '../forms/form-key';
import { correctEntry } from './correction';
import { eraseSavingsMemberships } from './former-member';
import { readLedgerExport } from './ledger-export';
import { recordMeeting } from './meeting';
import { addSavingsMember } from './setup';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/**
 * A meeting where the member bought 5 shares and was fined 20 baht, the fine then taken back by a
 * correction, and the member's account deleted (their lines stay, as a former member's).
 */
async function groupWithHistory() {
	const group = await createTestSavingsGroup(db);
	const recorded = await recordMeeting(
		db,
		group.secretary,
		group.id,
		meetingSheet(
			group.memberIds,
			'2026-01-06',
			{ rows: { [group.member.memberId]: { shares: 5, fineOther: 2_000n } } },
			{ loanBox: 45_000n + 2_000n, socialBox: 0n }
		),
		{ formKey: newFormKey(new Date()), now: new Date(), today: '2026-01-06' }
	);
	if (!recorded.ok) throw new Error('meeting refused');
	const fine = await db
		.selectFrom('savings_entry')
		.select('id')
		.where('group_id', '=', group.id)
		.where('kind', '=', 'fine_other')
		.executeTakeFirstOrThrow();
	const corrected = await correctEntry(
		db,
		group.secretary,
		group.id,
		{ entryId: fine.id, reason: 'No fine was agreed', formKey: newFormKey(new Date()) },
		new Date()
	);
	if (!corrected.ok) throw new Error('correction refused');
	return group;
}

describe('the ledger of a cycle, for a spreadsheet', () => {
	it('lists every entry in order, numbered, with the line a correction reverses', async () => {
		const group = await groupWithHistory();
		const { cycle, lines } = await readLedgerExport(db, group.secretary, group.id);
		expect(cycle).toEqual({ number: 1 });
		expect(lines.map((line) => line.line)).toEqual(lines.map((_, index) => index + 1));
		expect(lines.every((line) => line.heldOn === '2026-01-06' && line.meeting === 1)).toBe(true);
		expect(lines.every((line) => line.currency === 'THB')).toBe(true);

		const shares = lines.find((line) => line.kind === 'shares' && line.member?.bookNumber === 2)!;
		expect(shares).toMatchObject({ fund: 'loan', place: 'box', cash: 25_000n, shares: 5 });
		expect(shares.savings).toBe(25_000n);
		const [fine, reversal] = lines.filter((line) => line.kind === 'fine_other');
		expect(fine).toMatchObject({ cash: 2_000n, reverses: null, member: { bookNumber: 2 } });
		expect(reversal).toMatchObject({
			cash: -2_000n,
			reverses: fine.line,
			note: 'No fine was agreed'
		});
		expect(reversal.line).toBeGreaterThan(fine.line);
		// Recorded by the secretary, book number 1.
		expect(reversal.recordedBy.bookNumber).toBe(1);
		expect(reversal.recordedBy.name).not.toBeNull();
	});

	it('keeps a deleted member’s lines, without a name (a former member)', async () => {
		const group = await groupWithHistory();
		await inTransaction(db, (trx) => eraseSavingsMemberships(trx, group.member.id, new Date()));
		const { lines } = await readLedgerExport(db, group.secretary, group.id);
		const theirs = lines.filter((line) => line.member?.bookNumber === 2);
		expect(theirs.length).toBeGreaterThan(0);
		expect(theirs.every((line) => line.member!.name === null)).toBe(true);
		// The books still add up: the box holds what the entries say.
		const cash = lines.filter((line) => line.place === 'box').reduce((s, l) => s + l.cash, 0n);
		expect(cash).toBe(45_000n);
	});

	it('is for readers to whom the books are open; everyone else gets a 404', async () => {
		const group = await groupWithHistory();
		const other = await createTestSavingsGroup(db);
		const outsider = await signedIn(db, await createAccount(db));
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		// A treasurer records and reads; a member reads while the books are open; staff read.
		const treasurerAccount = await createAccount(db);
		const treasurer = await addSavingsMember(db, group.secretary, group.id, {
			name: 'Treasurer',
			officer: 'treasurer',
			joinedOn: '2026-01-06'
		});
		if (!treasurer.ok) throw new Error('treasurer refused');
		// Linked to an account, as a link code would do.
		await db
			.updateTable('savings_member')
			.set({ account_id: treasurerAccount.id })
			.where('id', '=', treasurer.id)
			.execute();
		const readers = [
			group.secretary,
			group.member,
			group.coordinator,
			admin,
			await signedIn(db, treasurerAccount)
		];
		for (const actor of readers) {
			expect((await readLedgerExport(db, actor, group.id)).lines.length).toBeGreaterThan(0);
		}
		for (const actor of [ANONYMOUS, outsider, other.secretary, other.member]) {
			await expect(readLedgerExport(db, actor, group.id)).rejects.toMatchObject({ status: 404 });
		}
		// Closed books: a member without an office reads only their own book, not the ledger.
		await db
			.updateTable('savings_group')
			.set({ open_books: false })
			.where('id', '=', group.id)
			.execute();
		await expect(readLedgerExport(db, group.member, group.id)).rejects.toMatchObject({
			status: 404
		});
		expect((await readLedgerExport(db, group.secretary, group.id)).lines.length).toBeGreaterThan(0);
		expect((await readLedgerExport(db, group.coordinator, group.id)).lines.length).toBeGreaterThan(
			0
		);
	});

	it('is a 404 for a cycle the group does not have, or a group id that is not one', async () => {
		const group = await groupWithHistory();
		await expect(readLedgerExport(db, group.secretary, group.id, 2)).rejects.toMatchObject({
			status: 404
		});
		await expect(readLedgerExport(db, group.secretary, 'nope')).rejects.toMatchObject({
			status: 404
		});
		expect((await readLedgerExport(db, group.secretary, group.id, 1)).cycle).toEqual({
			number: 1
		});
	});
});
