import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, type TestAccount } from '../../../../tests/helpers/factories';
import { compiledOnce } from './compiled-once';
import { inTransaction } from './transaction';
import type { DB } from './schema';

let db: Kysely<DB>;
let accounts: TestAccount[];
beforeAll(async () => {
	db = await openTestDatabase();
	accounts = [
		await createAccount(db),
		await createAccount(db, { role: 'admin' }),
		await createAccount(db)
	];
});
afterAll(async () => {
	await db.destroy();
});

/** An account by id and role, the role compared twice and a constant kept: one SQL for all. */
const accountByIdAndRole = compiledOnce(['id', 'role'], (db, values) =>
	db
		.selectFrom('account')
		.select(['id', 'pseudonym', sql<boolean>`role = ${values.role}`.as('same_role')])
		.where('id', '=', values.id)
		.where('role', '=', values.role)
		.where('pseudonym', '!=', 'nobody at all')
);

describe('compiledOnce', () => {
	it('answers each call with its own values, as the same query built each time would', async () => {
		for (const account of [...accounts, ...accounts]) {
			const rows = await accountByIdAndRole(db, { id: account.id, role: account.role });
			expect(rows).toEqual([{ id: account.id, pseudonym: account.pseudonym, same_role: true }]);
		}
		const other = await accountByIdAndRole(db, { id: accounts[0].id, role: 'admin' });
		expect(other).toEqual([]);
	});

	it('runs inside the transaction it is given', async () => {
		const account = accounts[2];
		await expect(
			inTransaction(db, async (trx) => {
				await trx
					.updateTable('account')
					.set({ role: 'coordinator' })
					.where('id', '=', account.id)
					.execute();
				const seen = await accountByIdAndRole(trx, { id: account.id, role: 'coordinator' });
				expect(seen).toHaveLength(1);
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(await accountByIdAndRole(db, { id: account.id, role: 'coordinator' })).toEqual([]);
	});

	it('refuses a value that never reaches the SQL: the statement would ignore it', async () => {
		const careless = compiledOnce(['id', 'role'], (db, values) =>
			db.selectFrom('account').select('id').where('id', '=', values.id)
		);
		await expect(careless(db, { id: accounts[0].id, role: 'member' })).rejects.toThrow(
			'role never reached the SQL'
		);
	});
});
