import type { Kysely } from 'kysely';
import type { AccountActor } from '../access/actor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { FORM_KEY_LIFETIME_MS, newFormKey } from '../forms/form-key';
import { listMembersForModeration, moderateMember } from './member-moderation';
import { flagMessage, listReviewQueue, reviewMessage } from './message-review';
import { listMessages, sendMessage } from './messages';
import { readModerationLog } from './moderation-log';
import { takeNotices } from './notices';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

type Member = Awaited<ReturnType<typeof createGroupMember>>;

async function posted(who: Member, groupId: string, body = 'a message') {
	const result = await sendMessage(
		db,
		who,
		{ groupId, clientId: crypto.randomUUID(), body },
		systemClock
	);
	if (!result.ok) throw new Error(result.error);
	return result.message;
}

/** A group with a facilitator and four members, and a visible message by the first member. */
async function scene() {
	const group = await createTestGroup(db);
	const facilitator = await createGroupMember(db, group.id, 'facilitator');
	const members = await Promise.all([1, 2, 3, 4].map(() => createGroupMember(db, group.id)));
	const message = await posted(members[0], group.id);
	return { group, facilitator, members, message };
}

describe('who may moderate', () => {
	it('is the group’s facilitators, co-facilitators, coordinators and admins; a 404 for anyone else', async () => {
		const { group, facilitator, members, message } = await scene();
		const coFacilitator = await createGroupMember(db, group.id, 'co_facilitator');
		const elsewhere = await createTestGroup(db);
		const otherFacilitator = await createGroupMember(db, elsewhere.id, 'facilitator');
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		const outsider = await signedIn(db, await createAccount(db));
		const review = (actor: AccountActor) =>
			reviewMessage(
				db,
				actor,
				group.id,
				{ messageId: message.id, decision: 'approve', reason: '' },
				new Date()
			);
		for (const refused of [members[1], otherFacilitator, outsider]) {
			await expect(review(refused)).rejects.toMatchObject({ status: 404 });
			await expect(listReviewQueue(db, refused, group.id)).rejects.toMatchObject({ status: 404 });
			await expect(listMembersForModeration(db, refused, group.id)).rejects.toMatchObject({
				status: 404
			});
			await expect(
				moderateMember(
					db,
					refused,
					group.id,
					members[0].memberId,
					{ kind: 'warn', reason: 'x', formKey: newFormKey(new Date()) },
					new Date()
				)
			).rejects.toMatchObject({ status: 404 });
		}
		for (const allowed of [facilitator, coFacilitator, group.coordinator, admin])
			await review(allowed);
	});

	it('does not let a facilitator act on another facilitator, nor on a member of another group', async () => {
		const { group, facilitator } = await scene();
		const colleague = await createGroupMember(db, group.id, 'co_facilitator');
		const elsewhere = await createTestGroup(db);
		const stranger = await createGroupMember(db, elsewhere.id);
		for (const target of [colleague.memberId, stranger.memberId, facilitator.memberId]) {
			await expect(
				moderateMember(
					db,
					facilitator,
					group.id,
					target,
					{ kind: 'mute', reason: 'x', minutes: 60 },
					new Date()
				)
			).rejects.toMatchObject({ status: 404 });
		}
		await moderateMember(
			db,
			group.coordinator,
			group.id,
			colleague.memberId,
			{ kind: 'warn', reason: 'tone', formKey: newFormKey(new Date()) },
			new Date()
		);
	});

	it('lets only members of the group flag, and not their own messages', async () => {
		const { group, members, message } = await scene();
		const outsider = await signedIn(db, await createAccount(db));
		await expect(
			flagMessage(db, outsider, group.id, { messageId: message.id, reason: 'spam' }, new Date())
		).rejects.toMatchObject({ status: 404 });
		await expect(
			flagMessage(db, members[0], group.id, { messageId: message.id, reason: 'spam' }, new Date())
		).rejects.toMatchObject({ status: 404 });
		await expect(
			flagMessage(db, members[1], group.id, { messageId: 'nope', reason: 'spam' }, new Date())
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('flags', () => {
	it('hide a message after three members flag it, and tell each of them the outcome', async () => {
		const { group, facilitator, members, message } = await scene();
		// The same member flagging twice, in parallel, counts once.
		await Promise.all(
			[1, 2].map(() =>
				flagMessage(
					db,
					members[1],
					group.id,
					{ messageId: message.id, reason: 'unkind' },
					new Date()
				)
			)
		);
		await flagMessage(
			db,
			members[2],
			group.id,
			{ messageId: message.id, reason: 'unsafe' },
			new Date()
		);
		const seen = async (who: Member) =>
			(await listMessages(db, who, group.id)).messages.map((m) => m.status);
		expect(await seen(members[3])).toEqual(['visible']);
		await flagMessage(
			db,
			members[3],
			group.id,
			{ messageId: message.id, reason: 'unkind' },
			new Date()
		);
		expect(await seen(members[1])).toEqual([]);
		expect(await seen(members[0])).toEqual(['held']);
		const queue = await listReviewQueue(db, facilitator, group.id);
		expect(queue.map((item) => [item.heldReason, item.flags.sort()])).toEqual([
			['flags', ['unkind', 'unkind', 'unsafe']]
		]);

		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: message.id, decision: 'hide', reason: 'unkind words' },
			new Date()
		);
		expect(await listReviewQueue(db, facilitator, group.id)).toEqual([]);
		for (const flagger of members.slice(1)) {
			expect(await takeNotices(db, flagger.memberId, new Date())).toMatchObject([
				{ kind: 'flag_outcome', outcome: 'hide' }
			]);
			expect(await takeNotices(db, flagger.memberId, new Date())).toEqual([]);
		}
		expect((await listMessages(db, members[1], group.id)).messages).toMatchObject([
			{ status: 'hidden', body: '' }
		]);
	});

	it('deleting a message removes its words from the database', async () => {
		const { group, facilitator, message } = await scene();
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: message.id, decision: 'delete', reason: 'contact' },
			new Date()
		);
		const row = await db
			.selectFrom('group_message')
			.select(['body', 'status'])
			.where('id', '=', message.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ body: '', status: 'deleted' });
	});
});

describe('members', () => {
	it('mutes for a time with a reason the member sees; the mute ends by itself', async () => {
		const { group, facilitator, members } = await scene();
		const clock = fakeClock();
		await moderateMember(
			db,
			facilitator,
			group.id,
			members[1].memberId,
			{ kind: 'mute', reason: 'cool down', minutes: 60 },
			clock()
		);
		const post = () =>
			sendMessage(
				db,
				members[1],
				{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hi' },
				clock
			);
		expect(await post()).toEqual({ ok: false, error: 'muted', retryAfterS: 3600 });
		// The member reads the reason and the end from their membership while the mute lasts; a
		// notice besides would show it twice.
		expect(await takeNotices(db, members[1].memberId, clock())).toEqual([]);
		expect(
			await db
				.selectFrom('group_member')
				.select(['muted_until', 'mute_reason'])
				.where('id', '=', members[1].memberId)
				.executeTakeFirstOrThrow()
		).toEqual({ muted_until: new Date(clock().getTime() + 60 * MINUTE), mute_reason: 'cool down' });
		clock.advance(59 * MINUTE);
		expect((await post()).ok).toBe(false);
		clock.advance(MINUTE);
		expect((await post()).ok).toBe(true);
	});

	it('warns a member, who reads it; keeps private notes that only facilitators see', async () => {
		const { group, facilitator, members } = await scene();
		await moderateMember(
			db,
			facilitator,
			group.id,
			members[1].memberId,
			{ kind: 'warn', reason: 'be gentle', formKey: newFormKey(new Date()) },
			new Date()
		);
		await moderateMember(
			db,
			facilitator,
			group.id,
			members[1].memberId,
			{ kind: 'note', body: 'seemed upset today', formKey: newFormKey(new Date()) },
			new Date()
		);
		expect(await takeNotices(db, members[1].memberId, new Date())).toMatchObject([
			{ kind: 'warning', reason: 'be gentle' }
		]);
		const listed = await listMembersForModeration(db, facilitator, group.id);
		const notes = listed.find((member) => member.id === members[1].memberId)!.notes;
		expect(notes.map((note) => [note.kind, note.body])).toEqual([
			['note', 'seemed upset today'],
			['warning', 'be gentle']
		]);
		// The note is not in the log that members read.
		const log = await readModerationLog(db, members[3], group.id);
		expect(log.entries.map((entry) => entry.action)).toEqual(['warn']);
	});

	it('removes a member, who can then neither read nor post', async () => {
		const { group, facilitator, members } = await scene();
		await moderateMember(
			db,
			facilitator,
			group.id,
			members[1].memberId,
			{ kind: 'remove', reason: 'rules' },
			new Date()
		);
		await expect(listMessages(db, members[1], group.id)).rejects.toMatchObject({ status: 404 });
		await expect(
			sendMessage(
				db,
				members[1],
				{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hi' },
				systemClock
			)
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('the moderation log', () => {
	it('records who, what, to whom and why; members read it without the facilitator’s name', async () => {
		const { group, facilitator, members, message } = await scene();
		await reviewMessage(
			db,
			facilitator,
			group.id,
			{ messageId: message.id, decision: 'hide', reason: 'off topic' },
			new Date()
		);
		await moderateMember(
			db,
			facilitator,
			group.id,
			members[2].memberId,
			{ kind: 'mute', reason: 'shouting', minutes: 60 },
			new Date()
		);
		const full = await readModerationLog(db, facilitator, group.id);
		expect(
			full.entries.map((entry) => [entry.action, entry.reason, entry.actor, entry.subject])
		).toEqual([
			['mute', 'shouting', facilitator.pseudonym, members[2].displayName],
			['hide', 'off topic', facilitator.pseudonym, members[0].displayName]
		]);
		const forMembers = await readModerationLog(db, members[3], group.id);
		expect(forMembers.entries.map((entry) => entry.actor)).toEqual([null, null]);
	});
});

describe('a note or warning sent again', () => {
	async function counts(groupId: string, memberId: string) {
		const notes = await db
			.selectFrom('member_note')
			.select('kind')
			.where('subject_id', '=', memberId)
			.execute();
		const logged = await db
			.selectFrom('moderation_action')
			.select('action')
			.where('group_id', '=', groupId)
			.where('subject_id', '=', memberId)
			.execute();
		const notices = await takeNotices(db, memberId, new Date());
		return { notes: notes.length, logged: logged.length, notices: notices.length };
	}

	it('stores one warning, one notice and one log line when sent twice, one after the other', async () => {
		const { group, facilitator, members } = await scene();
		const warn = { kind: 'warn', reason: 'be gentle', formKey: newFormKey(new Date()) } as const;
		const target = members[1].memberId;
		const first = await moderateMember(db, facilitator, group.id, target, warn, new Date());
		const again = await moderateMember(db, facilitator, group.id, target, warn, new Date());
		expect(again).toEqual(first);
		expect(first).toEqual({ ok: true });
		expect(await counts(group.id, target)).toEqual({ notes: 1, logged: 1, notices: 1 });
	});

	it('stores one note when the same form is sent twice at once', async () => {
		const { group, facilitator, members } = await scene();
		const note = { kind: 'note', body: 'seemed tired', formKey: newFormKey(new Date()) } as const;
		const target = members[2].memberId;
		const send = () => moderateMember(db, facilitator, group.id, target, note, new Date());
		const results = await Promise.all([send(), send()]);
		expect(results).toEqual([{ ok: true }, { ok: true }]);
		expect(await counts(group.id, target)).toEqual({ notes: 1, logged: 0, notices: 0 });
	});

	it('stores one warning when the same form is sent twice at once', async () => {
		const { group, facilitator, members } = await scene();
		const warn = { kind: 'warn', reason: 'calm', formKey: newFormKey(new Date()) } as const;
		const target = members[3].memberId;
		const send = () => moderateMember(db, facilitator, group.id, target, warn, new Date());
		await Promise.all([send(), send()]);
		expect(await counts(group.id, target)).toEqual({ notes: 1, logged: 1, notices: 1 });
	});

	it('refuses an expired key and stores nothing', async () => {
		const { group, facilitator, members } = await scene();
		const old = newFormKey(new Date(Date.now() - FORM_KEY_LIFETIME_MS - 60_000));
		const target = members[1].memberId;
		for (const action of [
			{ kind: 'warn', reason: 'late', formKey: old },
			{ kind: 'note', body: 'late', formKey: old }
		] as const) {
			expect(await moderateMember(db, facilitator, group.id, target, action, new Date())).toEqual({
				ok: false,
				error: 'form_key_expired'
			});
		}
		expect(await counts(group.id, target)).toEqual({ notes: 0, logged: 0, notices: 0 });
	});
});
