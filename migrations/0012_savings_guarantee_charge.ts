import { sql, type Kysely } from 'kysely';

// At share-out, the group may charge what a borrower's payout cannot cover of a loan to the loan's
// guarantors. Each decision, and each undoing of one, is a new numbered row for the loan (never
// changed, never deleted): the loan's latest row says whether it stands. The amounts are not kept:
// they follow from the books, as the rest of the share-out does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('savings_guarantee_charge')
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('cycle_id', 'uuid', (c) =>
			c.notNull().references('savings_cycle.id').onDelete('cascade')
		)
		.addColumn('loan_id', 'uuid', (c) =>
			c.notNull().references('savings_loan.id').onDelete('cascade')
		)
		// 1, 2, 3... per loan: two officers deciding at once cannot both write the same number.
		.addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
		// True: charged to the guarantors; false: that decision undone.
		.addColumn('charged', 'boolean', (c) => c.notNull())
		.addColumn('recorded_by', 'uuid', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('savings_guarantee_charge_pkey', ['loan_id', 'number'])
		.execute();
	await db.schema
		.alterTable('savings_guarantee_charge')
		.addForeignKeyConstraint(
			'savings_guarantee_charge_recorded_by_fkey',
			['recorded_by'],
			'savings_member',
			['id'],
			(key) => key.deferrable().initiallyDeferred()
		)
		.execute();
	await db.schema
		.createIndex('savings_guarantee_charge_cycle_idx')
		.on('savings_guarantee_charge')
		.column('cycle_id')
		.execute();
	// The same guard as every recorded savings row (migration 0010).
	await sql`
		create trigger savings_guarantee_charge_append_only
		before update or delete on savings_guarantee_charge for each row
		execute function savings_refuse_change('no')`.execute(db);
	await sql`
		create trigger savings_guarantee_charge_no_truncate
		before truncate on savings_guarantee_charge
		for each statement execute function savings_refuse_truncate()`.execute(db);
}

// No down: a ledger is not dropped.
