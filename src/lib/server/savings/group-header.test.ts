import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup, type TestSavingsGroup } from '../../../../tests/helpers/savings';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { readDashboard } from './dashboard';
import { readSavingsGroupHeader, savingsRefOf } from './group-header';
import { loadSavingsGroup } from './savings-group-access';

let db: Kysely<DB>;
let group: TestSavingsGroup;
beforeAll(async () => {
	db = await openTestDatabase();
	group = await createTestSavingsGroup(db);
});
afterAll(async () => {
	await db.destroy();
});

describe('readSavingsGroupHeader', () => {
	it('gives the secretary the pen and the open books', async () => {
		const header = await readSavingsGroupHeader(db, group.secretary, group.id);
		expect(header.me).toMatchObject({ memberId: group.secretary.memberId, officer: 'secretary' });
		expect(header.may).toEqual({ record: true, manage: true, viewAllBooks: true });
		expect(header.cycle).toMatchObject({ number: 1, state: 'open' });
	});

	it('lets a member without an office read, not record or manage', async () => {
		const header = await readSavingsGroupHeader(db, group.member, group.id);
		expect(header.me).toMatchObject({ memberId: group.member.memberId, officer: null });
		expect(header.may).toEqual({ record: false, manage: false, viewAllBooks: true });
	});

	it('lets staff look after the group without recording for it', async () => {
		const header = await readSavingsGroupHeader(db, group.coordinator, group.id);
		expect(header.me).toBeNull();
		expect(header.may).toEqual({ record: false, manage: true, viewAllBooks: true });
	});

	it('is a 404 for someone outside the group, and for an id that is not one', async () => {
		const outsider = await signedIn(db, await createAccount(db));
		await expect(readSavingsGroupHeader(db, outsider, group.id)).rejects.toMatchObject({
			status: 404
		});
		await expect(readSavingsGroupHeader(db, outsider, 'nope')).rejects.toMatchObject({
			status: 404
		});
		await expect(readSavingsGroupHeader(db, ANONYMOUS, group.id)).rejects.toMatchObject({
			status: 404
		});
	});

	it('passes on the context it was made from, usable only by the same actor', async () => {
		const header = await readSavingsGroupHeader(db, group.member, group.id);
		const ref = savingsRefOf(header);
		expect(ref).toMatchObject({ group: { id: group.id }, member: { id: group.member.memberId } });
		const today = '2026-01-06';
		await expect(readDashboard(db, group.member, ref, today)).resolves.toMatchObject({
			group: { id: group.id }
		});
		// Someone else handed this member's context gets no access through it.
		await expect(readDashboard(db, group.secretary, ref, today)).rejects.toThrow(
			'only be used by the actor it was loaded for'
		);
		// A header made elsewhere (sent back from a page, say) is only its id: loaded and checked anew.
		expect(savingsRefOf({ ...header })).toBe(group.id);
	});

	it('reads the group, the member and the current cycle as one statement would (or locked)', async () => {
		const joined = await loadSavingsGroup(db, group.secretary, group.id);
		const locked = await db
			.transaction()
			.execute((trx) => loadSavingsGroup(trx, group.secretary, group.id, { lock: true }));
		expect(joined).toEqual(locked);
		expect(joined.cycle).toMatchObject({ number: 1, state: 'open' });
		expect(joined.member).toMatchObject({ id: group.secretary.memberId });
	});
});
