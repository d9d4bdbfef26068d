import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../../tests/helpers/groups';
import { fakeClock, MINUTE } from '../../../../../tests/helpers/clock';
import type { DB } from '../../db/schema';
import { sendMessage } from '../messages';
import { completesPhoneNumber } from './split-number';

describe('completesPhoneNumber', () => {
	it('finds a number split across two or three messages', () => {
		expect(completesPhoneNumber(['my new one is 081 234'], '5678')).toBe(true);
		expect(completesPhoneNumber(['ศูนย์แปดหนึ่ง', 'สองสามสี่'], 'ห้าหกเจ็ดแปด')).toBe(true);
	});

	it('lets through a message that completes nothing', () => {
		expect(completesPhoneNumber([], '5678')).toBe(false);
		expect(completesPhoneNumber(['I saved 500 baht'], 'and 200 more next week')).toBe(false);
		expect(completesPhoneNumber(['the meeting is on 12/3/2025'], '10:30')).toBe(false);
	});

	it('leaves a number already in the earlier messages to their own hold', () => {
		expect(completesPhoneNumber(['call 0812345678'], 'thanks')).toBe(false);
	});
});

describe('sending the end of a split number', () => {
	let db: Kysely<DB>;
	beforeAll(async () => {
		db = await openTestDatabase();
	});
	afterAll(async () => {
		await db.destroy();
	});

	const send = (
		actor: Parameters<typeof sendMessage>[1],
		groupId: string,
		body: string,
		clock = fakeClock()
	) => sendMessage(db, actor, { groupId, clientId: crypto.randomUUID(), body }, clock);

	it('holds the message that completes a number begun in the member’s recent messages', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 0 });
		const member = await createGroupMember(db, group.id);
		const clock = fakeClock();
		expect(await send(member, group.id, 'my new one is 081 234', clock)).toMatchObject({
			message: { status: 'visible' }
		});
		clock.advance(2 * MINUTE);
		const last = await send(member, group.id, '5678', clock);
		expect(last).toMatchObject({ ok: true, message: { status: 'held' } });
		const row = await db
			.selectFrom('group_message')
			.select('held_reason')
			.where('author_id', '=', member.memberId)
			.where('body', '=', '5678')
			.executeTakeFirstOrThrow();
		expect(row.held_reason).toBe('contact');
	});

	it('looks only at the same member’s messages, within ten minutes', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 0 });
		const member = await createGroupMember(db, group.id);
		const other = await createGroupMember(db, group.id);
		const clock = fakeClock();
		await send(other, group.id, 'my new one is 081 234', clock);
		expect(await send(member, group.id, '5678', clock)).toMatchObject({
			message: { status: 'visible' }
		});
		await send(member, group.id, 'write down 089 123', clock);
		clock.advance(11 * MINUTE);
		expect(await send(member, group.id, '4567', clock)).toMatchObject({
			message: { status: 'visible' }
		});
	});

	it('does not hold a facilitator’s messages', async () => {
		const group = await createTestGroup(db, { holdFirstPosts: 0 });
		const facilitator = await createGroupMember(db, group.id, 'facilitator');
		const clock = fakeClock();
		await send(facilitator, group.id, 'the office is 081 234', clock);
		expect(await send(facilitator, group.id, '5678', clock)).toMatchObject({
			message: { status: 'visible' }
		});
	});
});
