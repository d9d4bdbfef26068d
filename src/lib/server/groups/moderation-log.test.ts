import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { AccountActor } from '../access/actor';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { moderateMember } from './member-moderation';
import { setGroupRole } from './membership';
import { reviewMessage } from './message-review';
import { sendMessage } from './messages';
import { readModerationLog } from './moderation-log';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/**
 * A circle where a facilitator warned one member, muted another, removed a third and hid a
 * fourth's message, and the coordinator made a fifth a co-facilitator.
 */
async function scene() {
	const group = await createTestGroup(db);
	const facilitator = await createGroupMember(db, group.id, 'facilitator');
	const coFacilitator = await createGroupMember(db, group.id, 'co_facilitator');
	const [warned, muted, removed, hidden, promoted, reader] = await Promise.all(
		[1, 2, 3, 4, 5, 6].map(() => createGroupMember(db, group.id))
	);
	const now = new Date();
	const sent = await sendMessage(
		db,
		hidden,
		{ groupId: group.id, clientId: crypto.randomUUID(), body: 'a message' },
		systemClock
	);
	if (!sent.ok) throw new Error(sent.error);
	await reviewMessage(
		db,
		facilitator,
		group.id,
		{ messageId: sent.message.id, decision: 'hide', reason: 'off topic' },
		now
	);
	await moderateMember(
		db,
		facilitator,
		group.id,
		warned.memberId,
		{ kind: 'warn', reason: 'be kind', formKey: newFormKey(now) },
		now
	);
	await moderateMember(
		db,
		facilitator,
		group.id,
		muted.memberId,
		{ kind: 'mute', reason: 'shouting', minutes: 60 },
		now
	);
	await moderateMember(
		db,
		facilitator,
		group.id,
		removed.memberId,
		{ kind: 'remove', reason: 'rules' },
		now
	);
	await setGroupRole(db, group.coordinator, group.id, promoted.memberId, 'co_facilitator');
	const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
	return {
		group,
		facilitator,
		coFacilitator,
		warned,
		muted,
		removed,
		hidden,
		promoted,
		reader,
		admin
	};
}

/** Each line as the reader sees it: what, about whom, by whom, and whether it is about them. */
async function linesFor(actor: AccountActor, groupId: string) {
	const { entries } = await readModerationLog(db, actor, groupId);
	return Object.fromEntries(
		entries.map((entry) => [entry.action, [entry.subject, entry.actor, entry.aboutMe]])
	);
}

describe('the decisions log, for each reader', () => {
	it('names nobody who was warned, muted, removed or had a message hidden to the other members', async () => {
		const s = await scene();
		expect(await linesFor(s.reader, s.group.id)).toEqual({
			hide: [null, null, false],
			warn: [null, null, false],
			mute: [null, null, false],
			remove: [null, null, false],
			// Who leads the circle is everyone's to know.
			role: [s.promoted.displayName, null, false]
		});
		const { entries } = await readModerationLog(db, s.reader, s.group.id);
		const text = JSON.stringify(entries);
		for (const person of [s.warned, s.muted, s.removed, s.hidden, s.facilitator])
			expect(text).not.toContain(person.displayName);
	});

	it('shows a member the decisions about them as theirs, and no one else’s', async () => {
		const s = await scene();
		expect(await linesFor(s.warned, s.group.id)).toMatchObject({
			warn: [s.warned.displayName, null, true],
			mute: [null, null, false],
			remove: [null, null, false]
		});
		expect(await linesFor(s.muted, s.group.id)).toMatchObject({
			warn: [null, null, false],
			mute: [s.muted.displayName, null, true]
		});
		expect(await linesFor(s.hidden, s.group.id)).toMatchObject({
			hide: [s.hidden.displayName, null, true],
			warn: [null, null, false]
		});
	});

	it('names everyone, and who decided, to facilitators, co-facilitators, coordinators and admins', async () => {
		const s = await scene();
		for (const moderator of [s.facilitator, s.coFacilitator, s.group.coordinator, s.admin]) {
			expect(await linesFor(moderator, s.group.id)).toEqual({
				hide: [s.hidden.displayName, s.facilitator.pseudonym, false],
				warn: [s.warned.displayName, s.facilitator.pseudonym, false],
				mute: [s.muted.displayName, s.facilitator.pseudonym, false],
				remove: [s.removed.displayName, s.facilitator.pseudonym, false],
				role: [s.promoted.displayName, s.group.coordinator.pseudonym, false]
			});
		}
	});

	it('is a 404 for the removed member and for anyone outside the circle', async () => {
		const s = await scene();
		const outsider = await signedIn(db, await createAccount(db));
		for (const refused of [s.removed, outsider])
			await expect(readModerationLog(db, refused, s.group.id)).rejects.toMatchObject({
				status: 404
			});
	});
});
