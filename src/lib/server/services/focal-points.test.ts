import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { AccountActor } from '../access/actor';
import type { DB, SiteRole } from '../db/schema';
import { isFocalPoint, listFocalPoints, nameFocalPoint, removeFocalPoint } from './focal-points';

let db: Kysely<DB>;
let admin: AccountActor;
beforeAll(async () => {
	db = await openTestDatabase();
	admin = await person('admin');
});
afterAll(async () => {
	await db.destroy();
});

async function person(role: SiteRole = 'member'): Promise<AccountActor> {
	return signedIn(db, await createAccount(db, { role }));
}

describe('focal points', () => {
	it('are named and removed by an admin, by sign-in nickname', async () => {
		const coordinator = await person('coordinator');
		expect(await isFocalPoint(db, coordinator.id)).toBe(false);
		const named = await nameFocalPoint(
			db,
			admin,
			{ nickname: ` ${coordinator.pseudonym.toUpperCase()} ` },
			new Date()
		);
		expect(named).toEqual({ ok: true, accountId: coordinator.id });
		// Naming again changes nothing.
		await nameFocalPoint(db, admin, { nickname: coordinator.pseudonym }, new Date());
		expect(await isFocalPoint(db, coordinator.id)).toBe(true);
		expect(
			(await listFocalPoints(db, admin)).filter((point) => point.accountId === coordinator.id)
		).toEqual([{ accountId: coordinator.id, nickname: coordinator.pseudonym }]);

		await removeFocalPoint(db, admin, coordinator.id);
		await removeFocalPoint(db, admin, coordinator.id);
		expect(await isFocalPoint(db, coordinator.id)).toBe(false);
	});

	it('are never members, nor accounts that do not exist', async () => {
		const member = await person();
		expect(await nameFocalPoint(db, admin, { nickname: member.pseudonym }, new Date())).toEqual({
			ok: false,
			problem: 'not_staff'
		});
		expect(await nameFocalPoint(db, admin, { nickname: 'nobody_here_xyz' }, new Date())).toEqual({
			ok: false,
			problem: 'unknown'
		});
		expect(await isFocalPoint(db, member.id)).toBe(false);
	});

	it('are named by admins only', async () => {
		const coordinator = await person('coordinator');
		for (const who of [coordinator, await person()]) {
			await expect(
				nameFocalPoint(db, who, { nickname: coordinator.pseudonym }, new Date())
			).rejects.toMatchObject({ status: 404 });
			await expect(listFocalPoints(db, who)).rejects.toMatchObject({ status: 404 });
			await expect(removeFocalPoint(db, who, coordinator.id)).rejects.toMatchObject({
				status: 404
			});
		}
		expect(await isFocalPoint(db, coordinator.id)).toBe(false);
	});
});
