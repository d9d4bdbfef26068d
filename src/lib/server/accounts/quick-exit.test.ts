import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { ANONYMOUS } from '../access/actor';
import type { DB } from '../db/schema';
import { setQuickExitSignsOut } from './own-account';
import { exportOwnData } from './own-data';
import { leaveNow, quickExitSignsOut } from './quick-exit';
import { validateSessionToken } from './sessions';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const isValid = async (token: string) =>
	(await validateSessionToken(db, token, new Date())) !== null;

describe('leaveNow', () => {
	it('signs a new account out on this phone only', async () => {
		const account = await createAccount(db);
		const here = await signedIn(db, account);
		const there = await signedIn(db, account);
		expect(await quickExitSignsOut(db, here)).toBe(true);
		expect(await leaveNow(db, here)).toBe(true);
		expect(await isValid(here.token)).toBe(false);
		expect(await isValid(there.token)).toBe(true);
	});

	it('keeps the session of a member who uses their own phone, until they turn it back on', async () => {
		const account = await createAccount(db);
		const actor = await signedIn(db, account);
		await setQuickExitSignsOut(db, actor, false);
		expect(await quickExitSignsOut(db, actor)).toBe(false);
		expect(await leaveNow(db, actor)).toBe(false);
		expect(await isValid(actor.token)).toBe(true);

		await setQuickExitSignsOut(db, actor, true);
		expect(await leaveNow(db, actor)).toBe(true);
		expect(await isValid(actor.token)).toBe(false);
	});

	it('does nothing for an anonymous visitor', async () => {
		expect(await leaveNow(db, ANONYMOUS)).toBe(false);
	});
});

describe('setQuickExitSignsOut', () => {
	it('changes only the member’s own account', async () => {
		const mine = await signedIn(db, await createAccount(db));
		const theirs = await signedIn(db, await createAccount(db));
		await setQuickExitSignsOut(db, mine, false);
		expect(await quickExitSignsOut(db, theirs)).toBe(true);
	});

	it('is part of the member’s data download', async () => {
		const actor = await signedIn(db, await createAccount(db));
		await setQuickExitSignsOut(db, actor, false);
		expect((await exportOwnData(db, actor)).account.quick_exit_signs_out).toBe(false);
	});

	it('is refused to an anonymous visitor with 404', async () => {
		await expect(setQuickExitSignsOut(db, ANONYMOUS, false)).rejects.toMatchObject({
			status: 404
		});
	});
});
