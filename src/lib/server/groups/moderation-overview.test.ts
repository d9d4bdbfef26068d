import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { loggingQueries } from '../../../../tests/helpers/query-log';
import { createInvitation } from '../accounts/invitations';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { askForHelp } from './crisis';
import { flagMessage } from './message-review';
import { sendMessage } from './messages';
import { loadModerationOverview } from './moderation-overview';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** A group with something in every part of its review page. */
async function busyGroup() {
	const group = await createTestGroup(db);
	const facilitator = await createGroupMember(db, group.id, 'facilitator');
	const [author, flagger] = await Promise.all([
		createGroupMember(db, group.id),
		createGroupMember(db, group.id)
	]);
	const asking = await createGroupMember(db, group.id);
	await db
		.updateTable('group_member')
		.set({ status: 'requested' })
		.where('id', '=', asking.memberId)
		.execute();
	const sent = await sendMessage(
		db,
		author,
		{ groupId: group.id, clientId: crypto.randomUUID(), body: 'a message' },
		systemClock
	);
	if (!sent.ok) throw new Error(sent.error);
	await flagMessage(
		db,
		flagger,
		group.id,
		{ messageId: sent.message.id, reason: 'unkind' },
		new Date()
	);
	await askForHelp(db, author, group.id, { formKey: newFormKey(systemClock()) }, systemClock);
	await createInvitation(
		db,
		facilitator,
		{ formKey: newFormKey(new Date()), maxUses: 2, expiresInDays: 14, groupId: group.id },
		systemClock
	);
	return { group, facilitator, author };
}

describe('the review page’s data', () => {
	it('holds the queue, the members and requests, the calls for help and the codes', async () => {
		const { group, facilitator } = await busyGroup();
		const overview = await loadModerationOverview(db, facilitator, group.id);
		expect(overview.group.id).toBe(group.id);
		expect(overview.membership?.id).toBe(facilitator.memberId);
		expect(overview.queue.map((item) => item.flags)).toEqual([['unkind']]);
		expect(overview.members.map((member) => member.status).sort()).toEqual([
			'active',
			'active',
			'active',
			'requested'
		]);
		expect(overview.openAlerts).toBe(1);
		expect(overview.codes.map((code) => code.max_uses)).toEqual([2]);
	});

	it('looks the group up once, however many parts the page has', async () => {
		const { group, facilitator } = await busyGroup();
		const { db: logged, statements } = loggingQueries(db);
		await loadModerationOverview(logged, facilitator, group.id);
		// Before the group was handed down: 15 statements, 5 of them this lookup (and 5 the
		// facilitator's own membership). Now: the lookup with the membership in one statement, and
		// one read per part (the members with their notes in one).
		expect(statements.filter((table) => table === 'peer_group')).toHaveLength(1);
		expect(statements.length).toBeLessThanOrEqual(5);
	});

	it('is a 404 for a member of the group who does not moderate it, and reads nothing more', async () => {
		const { group, author } = await busyGroup();
		const { db: logged, statements } = loggingQueries(db);
		await expect(loadModerationOverview(logged, author, group.id)).rejects.toMatchObject({
			status: 404
		});
		expect(statements).toEqual(['peer_group']);
	});
});
