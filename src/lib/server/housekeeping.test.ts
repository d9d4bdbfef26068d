import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../../tests/helpers/clock';
import { openTestDatabase } from '../../../tests/helpers/database';
import { createAccount, uniqueAddress } from '../../../tests/helpers/factories';
import { createSession } from './accounts/sessions';
import { hashAddress, THROTTLE } from './accounts/throttle';
import type { DB } from './db/schema';
import { runHousekeeping } from './housekeeping';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('runHousekeeping', () => {
	it('deletes expired sessions and failures past the window, and keeps the rest', async () => {
		const now = new Date();
		const account = await createAccount(db);
		const stale = await createSession(
			db,
			account.id,
			'shared',
			new Date(now.getTime() - 31 * MINUTE)
		);
		const fresh = await createSession(
			db,
			account.id,
			'shared',
			new Date(now.getTime() - 29 * MINUTE)
		);
		const address = hashAddress(uniqueAddress());
		const failedAt = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
		await db
			.insertInto('auth_failure')
			.values([
				{
					kind: 'login',
					address_hash: address,
					failed_at: failedAt(THROTTLE.windowMs / MINUTE + 1)
				},
				{
					kind: 'login',
					address_hash: address,
					failed_at: failedAt(THROTTLE.windowMs / MINUTE - 1)
				}
			])
			.execute();

		await runHousekeeping(db, now);

		const sessions = await db
			.selectFrom('session')
			.select('id')
			.where('account_id', '=', account.id)
			.execute();
		expect(sessions.map((s) => s.id)).toEqual([fresh.session.id]);
		expect(sessions.map((s) => s.id)).not.toContain(stale.session.id);
		const failures = await db
			.selectFrom('auth_failure')
			.select('failed_at')
			.where('address_hash', '=', address)
			.execute();
		expect(failures).toHaveLength(1);
		expect(failures[0].failed_at.getTime()).toBe(
			failedAt(THROTTLE.windowMs / MINUTE - 1).getTime()
		);
	});
});
