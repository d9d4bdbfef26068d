import { sql, type Kysely } from 'kysely';

// The share-out's approvals: at the end of a cycle the chair and the secretary each approve the
// calculation (the fund and the shares it divides) before anyone is paid. Recorded once, never
// changed; the payouts themselves are ledger entries ('payout').
// Notices: a member with an account is told in the app when a meeting recorded their line, when
// an entry of theirs was corrected, when the rules changed and when they were paid out.
// Link codes: someone the officers added without an account links their own account to their
// place in the group with a one-time code an officer gives them (only its hash is kept).
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

	await db.schema
		.createTable('savings_notice')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('member_id', 'uuid', (c) =>
			c.notNull().references('savings_member.id').onDelete('cascade')
		)
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(sql`kind in ('meeting', 'correction', 'rules', 'payout')`)
		)
		.addColumn('meeting_id', 'uuid', (c) => c.references('savings_meeting.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.execute();
	await db.schema
		.createIndex('savings_notice_unread_idx')
		.on('savings_notice')
		.column('member_id')
		.where(sql.ref('read_at'), 'is', null)
		.execute();

	await db.schema
		.createTable('savings_link_code')
		// One live code per member: a new one replaces the last.
		.addColumn('member_id', 'uuid', (c) =>
			c.primaryKey().references('savings_member.id').onDelete('cascade')
		)
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

// No down: a ledger is not dropped.
