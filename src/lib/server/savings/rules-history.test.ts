import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createTestSavingsGroup } from '../../../../tests/helpers/savings';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { changeSavingsRules } from './constitution';
import { listOwnSavingsNotices } from './notices';
import { readRulesHistory } from './rules-history';
import { defaultRules } from './savings-rules';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const THB = defaultRules('THB', 5_000n);

describe("the group's rules and their history", () => {
	it('every member reads each version, newest first, with who changed it and why', async () => {
		const group = await createTestSavingsGroup(db);
		const changed = await changeSavingsRules(
			db,
			group.secretary,
			group.id,
			{ rules: { ...THB, rateBp: 300 }, reason: 'Cheaper loans', formKey: newFormKey(new Date()) },
			new Date()
		);
		expect(changed).toEqual({ ok: true, version: 2 });
		const secretaryName = (
			await db
				.selectFrom('savings_member')
				.select('name')
				.where('id', '=', group.secretary.memberId)
				.executeTakeFirstOrThrow()
		).name;

		const history = await readRulesHistory(db, group.member, group.id);
		expect(history.cycle).toEqual({ number: 1, state: 'open' });
		expect(
			history.versions.map(({ version, rules, reason, changedBy, byMember }) => ({
				version,
				rateBp: rules.rateBp,
				reason,
				changedBy,
				byMember
			}))
		).toEqual([
			{
				version: 2,
				rateBp: 300,
				reason: 'Cheaper loans',
				changedBy: secretaryName,
				byMember: true
			},
			{ version: 1, rateBp: 500, reason: null, changedBy: null, byMember: false }
		]);
		expect(history.versions[0].at).toBeInstanceOf(Date);

		// Members with an account are told in the app; the notice carries no figures.
		const notices = await listOwnSavingsNotices(db, group.member);
		expect(notices.filter((n) => n.groupId === group.id).map((n) => n.kind)).toEqual(['rules']);
	});

	it('is a 404 for someone outside the group', async () => {
		const group = await createTestSavingsGroup(db);
		const stranger = await signedIn(db, await createAccount(db));
		await expect(readRulesHistory(db, stranger, group.id)).rejects.toMatchObject({
			status: 404
		});
	});
});
