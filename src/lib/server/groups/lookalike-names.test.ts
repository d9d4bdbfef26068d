import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniquePseudonym } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { lookalikeKey, spellsRole } from './lookalike-names';
import {
	acceptInvitation,
	appointFacilitator,
	leaveGroup,
	renameInGroup,
	requestToJoin
} from './membership';
import { listMessages, sendMessage } from './messages';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const now = () => new Date();
const confusable = { ok: false, field: 'displayName', problem: 'confusable' };

/** A group with a facilitator who goes by `name` in it. */
async function groupWithFacilitator(name: string, settings = {}) {
	const group = await createTestGroup(db, settings);
	const facilitator = await createGroupMember(db, group.id, 'facilitator');
	expect(await renameInGroup(db, facilitator, group.id, { displayName: name })).toEqual({
		ok: true
	});
	return { group, facilitator };
}

/** New accounts, each invited to the group (as a code would), not yet in. */
async function invitedTo(groupId: string, count: number) {
	return Promise.all(
		Array.from({ length: count }, async () => {
			const actor = await signedIn(db, await createAccount(db));
			await db
				.insertInto('group_member')
				.values({
					group_id: groupId,
					account_id: actor.id,
					status: 'invited',
					display_name: 'placeholder',
					display_name_key: ''
				})
				.execute();
			return actor;
		})
	);
}

describe('names that look alike', () => {
	it('share one key across scripts and case, and differ when they read differently', () => {
		expect(lookalikeKey('f\u0430cb')).toBe(lookalikeKey('facb')); // Cyrillic а
		expect(lookalikeKey('b\u03bfb')).toBe(lookalikeKey('bob')); // Greek ο
		expect(lookalikeKey('F\u0410CB')).toBe(lookalikeKey('facb')); // Cyrillic А, capitals
		expect(lookalikeKey('BiII')).toBe(lookalikeKey('Bill')); // capital I for l
		expect(lookalikeKey('ｆａｃｂ')).toBe(lookalikeKey('facb')); // full-width
		expect(lookalikeKey('\u0e9a\u0e9e')).toBe(lookalikeKey('\u0e1a\u0e1e')); // Lao ບພ for Thai บพ
		expect(lookalikeKey('ဝါ')).toBe(lookalikeKey('oါ')); // Myanmar wa for o
		expect(lookalikeKey('facb')).not.toBe(lookalikeKey('fact'));
		expect(lookalikeKey('ดอกบัว')).not.toBe(lookalikeKey('ดอกบัว2'));
	});

	it('spell a role in any of the six languages, whole or inside a name', () => {
		for (const name of [
			'Facilitator',
			'F\u0430cilitator_Mai',
			'co-facilitator',
			'Coordinator1',
			'ผู้ดูแลกลุ่ม',
			'អ្នកដឹកនាំក្រុម',
			'ຜູ້ນຳກຸ່ມ',
			'ဦးဆောင်သူ',
			'Người_phụ_trách'
		])
			expect(spellsRole(name), name).toBe(true);
		for (const name of ['Mai', 'Lotus42', 'ดอกบัว', 'Nhài', 'Faci']) {
			expect(spellsRole(name), name).toBe(false);
		}
	});
});

describe('choosing a name in a circle', () => {
	it('refuses a name that looks like the facilitator’s, at joining, asking and renaming', async () => {
		const { group } = await groupWithFacilitator('facb', { joinRule: 'request' });
		const [invited] = await invitedTo(group.id, 1);
		for (const lookalike of ['f\u0430cb', 'F\u0410CB']) {
			expect(
				await acceptInvitation(
					db,
					invited,
					group.id,
					{ displayName: lookalike, agree: true },
					now()
				)
			).toEqual(confusable);
		}
		const asker = await signedIn(db, await createAccount(db));
		expect(
			await requestToJoin(db, asker, group.id, { displayName: 'f\u0430cb', agree: true }, now())
		).toEqual(confusable);
		const member = await createGroupMember(db, group.id);
		expect(await renameInGroup(db, member, group.id, { displayName: 'F\u0410CB' })).toEqual(
			confusable
		);
		// Nothing changed: the refused are still where they were.
		const rows = await db
			.selectFrom('group_member')
			.select(['account_id', 'status', 'display_name'])
			.where('group_id', '=', group.id)
			.execute();
		expect(rows.find((row) => row.account_id === invited.id)?.status).toBe('invited');
		expect(rows.find((row) => row.account_id === asker.id)).toBeUndefined();
		expect(rows.find((row) => row.account_id === member.id)?.display_name).toBe(member.displayName);
	});

	it('refuses Greek omicron for o and the same name in another case, and takes a distinct one', async () => {
		const { group } = await groupWithFacilitator('Bodhi');
		const member = await createGroupMember(db, group.id);
		expect(await renameInGroup(db, member, group.id, { displayName: 'B\u03bfdhi' })).toEqual(
			confusable
		);
		expect(await renameInGroup(db, member, group.id, { displayName: 'BODHI' })).toEqual({
			ok: false,
			field: 'displayName',
			problem: 'taken'
		});
		expect(await renameInGroup(db, member, group.id, { displayName: 'Bodhi2' })).toEqual({
			ok: true
		});
		// One's own name is nobody else's: a member may change the case of theirs.
		expect(await renameInGroup(db, member, group.id, { displayName: 'BODHI2' })).toEqual({
			ok: true
		});
	});

	it('refuses a name hiding a zero-width character, as it refuses any character not a letter', async () => {
		const { group } = await groupWithFacilitator('facb');
		const member = await createGroupMember(db, group.id);
		for (const hidden of ['fa\u200bcb', 'fa\u200dcb', 'fa\u2060cb'])
			expect(await renameInGroup(db, member, group.id, { displayName: hidden })).toEqual({
				ok: false,
				field: 'displayName',
				problem: 'characters'
			});
	});

	it('refuses a name that spells a role; a facilitator appointed by a nickname like a member’s name is refused', async () => {
		const { group, facilitator } = await groupWithFacilitator('Heron');
		const member = await createGroupMember(db, group.id);
		expect(await renameInGroup(db, member, group.id, { displayName: 'Facilitator' })).toEqual({
			ok: false,
			field: 'displayName',
			problem: 'role'
		});
		expect(await renameInGroup(db, member, group.id, { displayName: 'Mai' })).toEqual({
			ok: true
		});
		// A recruiter who got in first under a look-alike of a coming facilitator's nickname.
		const staff = await createAccount(db, { pseudonym: uniquePseudonym('staff') });
		expect(
			await renameInGroup(db, member, group.id, {
				displayName: staff.pseudonym.replace('a', '\u0430')
			})
		).toEqual({ ok: true });
		expect(
			await appointFacilitator(
				db,
				group.coordinator,
				group.id,
				{ pseudonym: staff.pseudonym },
				now()
			)
		).toEqual({ ok: false, problem: 'taken' });
		// A name that was in use is free once its holder has left.
		await leaveGroup(db, facilitator, group.id);
		expect(await renameInGroup(db, member, group.id, { displayName: 'H\u0435ron' })).toEqual({
			ok: true
		});
	});

	it('lets only one of two people choosing look-alike names at the same moment in', async () => {
		const { group } = await groupWithFacilitator('Willow');
		const invited = await invitedTo(group.id, 2);
		const names = ['Sparrow', 'Sp\u0430rr\u043ew']; // the second with Cyrillic а and о
		const results = await Promise.all(
			invited.map((actor, index) =>
				acceptInvitation(db, actor, group.id, { displayName: names[index], agree: true }, now())
			)
		);
		expect(results.filter((result) => result.ok)).toHaveLength(1);
		expect(results.find((result) => !result.ok)).toEqual(confusable);
		const active = await db
			.selectFrom('group_member')
			.select('display_name')
			.where('group_id', '=', group.id)
			.where('status', '=', 'active')
			.execute();
		expect(active.filter((row) => row.display_name?.startsWith('Sp'))).toHaveLength(1);
	});
});

describe('the role beside an author’s name', () => {
	it('comes with a facilitator’s message, live and on the page, and never with a member’s', async () => {
		const { group, facilitator } = await groupWithFacilitator('Lantern');
		const coFacilitator = await createGroupMember(db, group.id, 'co_facilitator');
		const member = await createGroupMember(db, group.id);
		const send = (actor: typeof member, body: string) =>
			sendMessage(
				db,
				actor,
				{ groupId: group.id, clientId: crypto.randomUUID(), body },
				systemClock
			);
		// What sendMessage returns is what the socket broadcasts to the group.
		expect(await send(facilitator, 'Welcome')).toMatchObject({
			ok: true,
			message: { author: 'Lantern', authorRole: 'facilitator' }
		});
		expect(await send(coFacilitator, 'Hello')).toMatchObject({
			ok: true,
			message: { authorRole: 'co_facilitator' }
		});
		expect(await send(member, 'Hi all')).toMatchObject({
			ok: true,
			message: { author: member.displayName, authorRole: null }
		});
		const { messages } = await listMessages(db, member, group.id);
		expect(messages.map((message) => message.authorRole)).toEqual([
			'facilitator',
			'co_facilitator',
			null
		]);
		// A facilitator who has left no longer speaks as one, not even in old messages.
		await leaveGroup(db, facilitator, group.id);
		expect((await listMessages(db, member, group.id)).messages[0].authorRole).toBeNull();
	});
});
