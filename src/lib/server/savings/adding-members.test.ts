import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, uniquePseudonym } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { addMemberOnce, type AddingMember } from './adding-members';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const adding = (changes: Partial<AddingMember> = {}): AddingMember => ({
	name: uniquePseudonym('new'),
	officer: null,
	pseudonym: '',
	joinedOn: '2026-02-03',
	formKey: newFormKey(new Date()),
	...changes
});

const placesOf = (groupId: string) =>
	db
		.selectFrom('savings_member')
		.select(['name', 'book_number', 'account_id', 'officer', 'joined_on'])
		.where('group_id', '=', groupId)
		.orderBy('book_number')
		.execute();

describe('adding a member from the members page', () => {
	it('adds a person without an account once, however often the form is sent', async () => {
		const group = await createTestSavingsGroup(db);
		const input = adding({ officer: 'box_keeper' });
		const first = await addMemberOnce(db, group.secretary, group.id, input, new Date());
		expect(first).toMatchObject({ ok: true });
		// A double tap: the same answer, not "that name is taken", and one new place.
		expect(await addMemberOnce(db, group.secretary, group.id, input, new Date())).toEqual(first);
		const places = await placesOf(group.id);
		expect(places).toHaveLength(6);
		expect(places[5]).toEqual({
			name: input.name,
			book_number: 6,
			account_id: null,
			officer: 'box_keeper',
			joined_on: '2026-02-03'
		});
	});

	it('refuses a taken name and a full group, adding nobody; the form can be fixed and sent again', async () => {
		const group = await createTestSavingsGroup(db, { members: 29 });
		const [taken] = await placesOf(group.id);
		const input = adding({ name: taken.name! });
		expect(await addMemberOnce(db, group.secretary, group.id, input, new Date())).toEqual({
			ok: false,
			problem: 'name_taken'
		});
		// The refusal kept nothing: the same key with another name goes ahead.
		const fixed = { ...input, name: uniquePseudonym('fixed') };
		expect(await addMemberOnce(db, group.secretary, group.id, fixed, new Date())).toMatchObject({
			ok: true
		});
		expect(await addMemberOnce(db, group.secretary, group.id, adding(), new Date())).toEqual({
			ok: false,
			problem: 'group_full'
		});
		expect(await placesOf(group.id)).toHaveLength(30);
	});

	it('staff link an account by its nickname; officers and plain members may not', async () => {
		const group = await createTestSavingsGroup(db);
		const account = await createAccount(db);
		const input = adding({ pseudonym: account.pseudonym });
		await expect(
			addMemberOnce(db, group.secretary, group.id, input, new Date())
		).rejects.toMatchObject({ status: 404 });
		await expect(
			addMemberOnce(db, group.member, group.id, adding(), new Date())
		).rejects.toMatchObject({ status: 404 });

		const added = await addMemberOnce(db, group.coordinator, group.id, input, new Date());
		expect(added).toMatchObject({ ok: true });
		expect((await placesOf(group.id)).at(-1)).toMatchObject({
			name: input.name,
			account_id: account.id
		});
		expect(
			await addMemberOnce(
				db,
				group.coordinator,
				group.id,
				adding({ pseudonym: account.pseudonym }),
				new Date()
			)
		).toEqual({ ok: false, problem: 'account_twice' });
		expect(
			await addMemberOnce(
				db,
				group.coordinator,
				group.id,
				adding({ pseudonym: uniquePseudonym('nobody') }),
				new Date()
			)
		).toEqual({ ok: false, problem: 'account_unknown' });
		expect(await placesOf(group.id)).toHaveLength(6);
	});
});
