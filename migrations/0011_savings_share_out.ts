import { sql, type Kysely } from 'kysely';

// The share-out's approvals: at the end of a cycle the chair and the secretary each approve the
// calculation (the fund and the shares it divides) before anyone is paid. Recorded once, never
// changed; the payouts themselves are ledger entries ('payout').
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('savings_share_out_approval')
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('cycle_id', 'uuid', (c) =>
			c.notNull().references('savings_cycle.id').onDelete('cascade')
		)
		.addColumn('officer', 'text', (c) => c.notNull().check(sql`officer in ('chair', 'secretary')`))
		// The officer who approved; an officer without a phone has it recorded for them.
		.addColumn('member_id', 'uuid', (c) => c.notNull())
		.addColumn('recorded_by', 'uuid', (c) => c.notNull())
		.addColumn('fund', 'bigint', (c) => c.notNull())
		.addColumn('total_shares', 'bigint', (c) => c.notNull())
		.addColumn('approved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('savings_share_out_approval_pkey', ['cycle_id', 'officer'])
		.execute();
	for (const column of ['member_id', 'recorded_by']) {
		await db.schema
			.alterTable('savings_share_out_approval')
			.addForeignKeyConstraint(
				`savings_share_out_approval_${column}_fkey`,
				[column],
				'savings_member',
				['id'],
				(key) => key.deferrable().initiallyDeferred()
			)
			.execute();
	}
	// The same guard as every recorded savings row (migration 0010).
	await sql`
		create trigger savings_share_out_approval_append_only
		before update or delete on savings_share_out_approval for each row
		execute function savings_refuse_change('no')`.execute(db);
	await sql`
		create trigger savings_share_out_approval_no_truncate
		before truncate on savings_share_out_approval
		for each statement execute function savings_refuse_truncate()`.execute(db);
}

// No down: a ledger is not dropped.
