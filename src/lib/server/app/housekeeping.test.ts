import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, uniqueAddress } from '../../../../tests/helpers/factories';
import { createSession } from '../accounts/sessions';
import { hashAddress, THROTTLE } from '../accounts/throttle';
import type { DB } from '../db/schema';
import { FORM_RESULT_KEPT_MS, newFormKey } from '../forms/form-key';
import { formKeyHash } from '../forms/sealed-result';
import { createService, rateService } from '../../../../tests/helpers/service-feedback';
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

	it("forgets forms' results once their keys can no longer be sent", async () => {
		const now = new Date();
		const row = (keptMs: number) => {
			const createdAt = new Date(now.getTime() - keptMs);
			return {
				key_hash: formKeyHash({ scope: 'test', key: newFormKey(createdAt) }),
				scope: 'test',
				result: new Uint8Array([1]),
				created_at: createdAt
			};
		};
		const old = row(FORM_RESULT_KEPT_MS + MINUTE);
		const recent = row(FORM_RESULT_KEPT_MS - MINUTE);
		await db.insertInto('form_result').values([old, recent]).execute();

		await runHousekeeping(db, now);

		const left = await db
			.selectFrom('form_result')
			.select('key_hash')
			.where('key_hash', 'in', [old.key_hash, recent.key_hash])
			.execute();
		expect(left.map((r) => r.key_hash)).toEqual([recent.key_hash]);
	});

	it('publishes the scores of a service with enough raters', async () => {
		const service = await createService(db);
		for (let i = 0; i < 5; i++) await rateService(db, service.id);

		await runHousekeeping(db, new Date());

		const published = await db
			.selectFrom('service_score')
			.select('raters')
			.where('service_id', '=', service.id)
			.execute();
		expect(published).toEqual([{ raters: 5 }]);
	});
});
