import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import type { DB, SiteRole } from '../db/schema';
import { listAccounts, setRole } from './roles';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const roleOf = async (id: string) =>
	(await db.selectFrom('account').select('role').where('id', '=', id).executeTakeFirstOrThrow())
		.role;

describe('setRole', () => {
	it.each([
		['admin', 'member', 'coordinator', true],
		['admin', 'member', 'admin', true],
		['admin', 'coordinator', 'member', true],
		['coordinator', 'member', 'coordinator', false],
		['coordinator', 'coordinator', 'member', false],
		['coordinator', 'member', 'admin', false],
		['coordinator', 'admin', 'member', false],
		['member', 'member', 'coordinator', false]
	] as [SiteRole, SiteRole, SiteRole, boolean][])(
		'%s turning a %s into a %s: allowed %s',
		async (actorRole, from, to, allowed) => {
			const actor = await signedIn(db, await createAccount(db, { role: actorRole }));
			const target = await createAccount(db, { role: from });
			if (allowed) {
				await setRole(db, actor, target.id, to);
				expect(await roleOf(target.id)).toBe(to);
				const audit = await db
					.selectFrom('audit_event')
					.select(['actor_id', 'action', 'details'])
					.where('subject_id', '=', target.id)
					.executeTakeFirstOrThrow();
				expect(audit).toEqual({
					actor_id: actor.id,
					action: 'role.changed',
					details: { from, to }
				});
			} else {
				await expect(setRole(db, actor, target.id, to)).rejects.toMatchObject({ status: 404 });
				expect(await roleOf(target.id)).toBe(from);
			}
		}
	);

	it('leaves an admin in place: admins cannot demote themselves', async () => {
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		await expect(setRole(db, admin, admin.id, 'coordinator')).rejects.toMatchObject({
			status: 404
		});
		expect(await roleOf(admin.id)).toBe('admin');
	});

	it('lists accounts for staff only', async () => {
		const member = await signedIn(db, await createAccount(db));
		await expect(listAccounts(db, member)).rejects.toMatchObject({ status: 404 });
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		expect((await listAccounts(db, coordinator)).some((a) => a.id === member.id)).toBe(true);
	});
});
