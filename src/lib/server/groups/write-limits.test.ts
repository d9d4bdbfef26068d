import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { createInvitation, InvitationLimitError } from '../accounts/invitations';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { WRITE_LIMITS } from '../limits/write-limits';
import { flagMessage } from './message-review';
import { sendMessage } from './messages';
import { createPoll } from './polls';
import { replyToMember, writeToFacilitators } from './support-conversation';
import { proposeTopic } from './topics';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const rows = (
	table: 'group_message' | 'group_topic' | 'group_poll' | 'support_message',
	groupId: string
) => db.selectFrom(table).select('id').where('group_id', '=', groupId).execute();

/** The lines a burst left in the circle's moderation log. */
const bursts = (groupId: string) =>
	db
		.selectFrom('moderation_action')
		.select(['subject_id', 'details'])
		.where('group_id', '=', groupId)
		.where('action', '=', 'too_fast')
		.execute();

const [shortWindow, longWindow] = WRITE_LIMITS.message;

describe('messages in a circle', () => {
	it('takes a burst up to the limit, refuses the rest with a wait, stores nothing, and tells the facilitators once', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const send = (body: string) =>
			sendMessage(db, member, { groupId: group.id, clientId: crypto.randomUUID(), body }, clock);
		for (let i = 1; i <= shortWindow.max; i++) expect((await send(`hello ${i}`)).ok).toBe(true);

		for (let i = 0; i < 3; i++) {
			const refused = await send('one more');
			expect(refused).toMatchObject({ ok: false, error: 'too_fast' });
			expect(!refused.ok && refused.retryAfterS).toBeGreaterThan(0);
			expect(!refused.ok && refused.retryAfterS).toBeLessThanOrEqual(shortWindow.seconds);
		}
		expect(await rows('group_message', group.id)).toHaveLength(shortWindow.max);
		expect(await bursts(group.id)).toEqual([
			{ subject_id: member.memberId, details: { kind: 'message' } }
		]);

		// The next window takes messages again.
		clock.advance(shortWindow.seconds * 1000);
		expect((await send('calmer now')).ok).toBe(true);
	});

	it('stores exactly the limit when a burst arrives all at once', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const results = await Promise.all(
			Array.from({ length: shortWindow.max * 3 }, (_, i) =>
				sendMessage(
					db,
					member,
					{ groupId: group.id, clientId: crypto.randomUUID(), body: `burst ${i}` },
					clock
				)
			)
		);
		expect(results.filter((result) => result.ok)).toHaveLength(shortWindow.max);
		expect(results.filter((result) => !result.ok && result.error === 'too_fast')).toHaveLength(
			shortWindow.max * 2
		);
		expect(await rows('group_message', group.id)).toHaveLength(shortWindow.max);
		expect(await bursts(group.id)).toHaveLength(1);
	});

	it('gives the circle’s facilitators the higher limit over ten minutes', async () => {
		// Both send within one ten-minute window: the clock starts where one begins, a year ahead.
		const windowMs = longWindow.seconds * 1000;
		const clock = fakeClock(new Date(Math.ceil(Date.now() / windowMs) * windowMs + 365 * DAY));
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const sendAs = async (who: typeof member, count: number) => {
			let sent = 0;
			for (let i = 0; i < count; i++) {
				// Slow enough for the ten-second window: only the ten-minute one counts.
				clock.advance(1000);
				const result = await sendMessage(
					db,
					who,
					{ groupId: group.id, clientId: crypto.randomUUID(), body: `talk ${i}` },
					clock
				);
				if (result.ok) sent++;
			}
			return sent;
		};
		expect(await sendAs(member, longWindow.max + 5)).toBe(longWindow.max);
		clock.advance(-(longWindow.max + 5) * 1000);
		expect(await sendAs(facilitator, longWindow.max + 5)).toBe(longWindow.max + 5);
	});
});

describe('other writes in a circle', () => {
	it('refuses topics past the limit', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const propose = (title: string) =>
			proposeTopic(db, member, group.id, { formKey: newFormKey(clock()), title }, clock());
		const [limit] = WRITE_LIMITS.topic;
		for (let i = 1; i <= limit.max; i++) expect((await propose(`Topic ${i}`)).ok).toBe(true);
		expect(await propose('One too many')).toMatchObject({ ok: false, error: 'too_fast' });
		expect(await rows('group_topic', group.id)).toHaveLength(limit.max);
		expect(await bursts(group.id)).toEqual([
			{ subject_id: member.memberId, details: { kind: 'topic' } }
		]);
	});

	it('refuses polls past the limit, even from a facilitator', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const ask = (question: string) =>
			createPoll(
				db,
				facilitator,
				group.id,
				{ formKey: newFormKey(clock()), question, options: ['Yes', 'No'] },
				clock()
			);
		const [limit] = WRITE_LIMITS.poll;
		for (let i = 1; i <= limit.max; i++) expect((await ask(`Meet on day ${i}?`)).ok).toBe(true);
		expect(await ask('One too many?')).toMatchObject({
			ok: false,
			error: { field: '', problem: 'too_fast' }
		});
		expect(await rows('group_poll', group.id)).toHaveLength(limit.max);
	});

	it('refuses reports past the limit', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const [author, reporter] = [
			await createGroupMember(db, group.id),
			await createGroupMember(db, group.id)
		];
		const sent = await sendMessage(
			db,
			author,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'hello' },
			clock
		);
		if (!sent.ok) throw new Error(sent.error);
		const flag = () =>
			flagMessage(db, reporter, group.id, { messageId: sent.message.id, reason: 'other' }, clock());
		const [limit] = WRITE_LIMITS.report;
		for (let i = 1; i <= limit.max; i++) expect(await flag()).toEqual({ ok: true });
		expect(await flag()).toMatchObject({ ok: false, retryAfterS: expect.any(Number) });
		expect(await bursts(group.id)).toEqual([
			{ subject_id: reporter.memberId, details: { kind: 'report' } }
		]);
	});

	it('refuses messages to and from the facilitators past the limit', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const write = (body: string) =>
			writeToFacilitators(db, member, group.id, { formKey: newFormKey(clock()), body }, clock);
		const reply = (body: string) =>
			replyToMember(
				db,
				facilitator,
				group.id,
				member.memberId,
				{ formKey: newFormKey(clock()), body },
				clock
			);
		const [limit] = WRITE_LIMITS.support_message;
		for (let i = 1; i <= limit.max; i++) expect((await write(`Are you there ${i}?`)).ok).toBe(true);
		expect(await write('One too many')).toMatchObject({ ok: false, error: 'too_fast' });
		for (let i = 1; i <= limit.max; i++) expect((await reply(`Yes ${i}`)).ok).toBe(true);
		expect(await reply('One too many')).toMatchObject({ ok: false, error: 'too_fast' });
		expect(await rows('support_message', group.id)).toHaveLength(limit.max * 2);
	});
});

describe('invitation codes', () => {
	it('refuse staff past their higher limit', async () => {
		const clock = fakeClock();
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const [staffWindow] = WRITE_LIMITS.invitation;
		// The window is as good as used: the same row the service counts in.
		await db
			.insertInto('write_count')
			.values({
				account_id: coordinator.id,
				kind: 'invitation',
				window_seconds: staffWindow.seconds,
				window_start: new Date(
					Math.floor(clock().getTime() / (staffWindow.seconds * 1000)) * staffWindow.seconds * 1000
				),
				count: staffWindow.elevatedMax - 1
			})
			.execute();
		const create = () =>
			createInvitation(
				db,
				coordinator,
				{ formKey: newFormKey(clock()), maxUses: 1, expiresInDays: 14 },
				clock
			);
		await create();
		const refusal = await create().catch((error: unknown) => error);
		expect(refusal).toBeInstanceOf(InvitationLimitError);
		expect(refusal).toMatchObject({ limit: 'too_fast', retryAfterS: expect.any(Number) });
		const issued = await db
			.selectFrom('invitation')
			.select('id')
			.where('issued_by', '=', coordinator.id)
			.execute();
		expect(issued).toHaveLength(1);
	});
});
