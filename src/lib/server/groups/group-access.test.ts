import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { DB } from '../db/schema';
import { loadGroup, resolveGroup, type GroupContext } from './group-access';
import { listMembersForModeration } from './member-moderation';
import { listReviewQueue } from './message-review';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('a group context handed to a service', () => {
	it('is used as it is by the actor it was loaded for', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const context = await loadGroup(db, facilitator, group.id);
		expect(await resolveGroup(db, facilitator, context)).toBe(context);
		expect((await resolveGroup(db, facilitator, group.id)).group.id).toBe(group.id);
	});

	it('is looked up as an id when it is any other value, so a malformed one is a 404', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		for (const value of [null, 7, true, ['x'], { id: group.id }]) {
			await expect(resolveGroup(db, member, value as never)).rejects.toMatchObject({
				status: 404
			});
		}
	});

	it('still passes the service’s own access check', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const context = await loadGroup(db, member, group.id);
		await expect(listReviewQueue(db, member, context)).rejects.toMatchObject({ status: 404 });
	});

	it('is refused for anyone else: another actor cannot borrow a facilitator’s place', async () => {
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const member = await createGroupMember(db, group.id);
		const context = await loadGroup(db, facilitator, group.id);
		await expect(listMembersForModeration(db, member, context)).rejects.toThrow(
			'a group context can only be used by the actor it was loaded for'
		);
	});

	it('is refused when made by hand or changed, not loaded', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const loaded = await loadGroup(db, member, group.id);
		const forged: GroupContext = {
			...loaded,
			resource: { ...loaded.resource, membership: { role: 'facilitator', status: 'active' } }
		};
		await expect(listReviewQueue(db, member, forged)).rejects.toThrow(/actor it was loaded for/);
		expect(() => {
			(loaded.resource as { membership: unknown }).membership = null;
		}).toThrow(TypeError);
	});
});
