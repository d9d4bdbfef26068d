import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Savings groups (VSLA): a group, its members (with an account or without one), its cycles and the
// rules each cycle runs by (versioned), its meetings, and a ledger that is only ever appended to.
// Every balance and total is derived from the entries. The database itself refuses to change or
// delete a recorded row: a mistake is corrected by a reversing entry that names the original. Only
// a practice group, or a group that has not met yet, can be deleted, and its records with it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	const id = (c: ColumnDefinitionBuilder) => c.primaryKey().defaultTo(sql`gen_random_uuid()`);
	const now = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(sql`now()`);
	const currency = (c: ColumnDefinitionBuilder) =>
		c.notNull().check(sql`currency in ('THB', 'KHR', 'LAK', 'MMK', 'VND', 'USD')`);
	const amount = (c: ColumnDefinitionBuilder) =>
		c
			.notNull()
			.defaultTo(0)
			.check(sql`amount >= 0`);
	const fund = (c: ColumnDefinitionBuilder) => c.notNull().check(sql`fund in ('loan', 'social')`);
	const place = (c: ColumnDefinitionBuilder) => c.check(sql`place in ('box', 'bank')`);
	// A row that hangs on a member, a loan or an entry is never deleted with it (they are never
	// deleted); checked at commit, so that a practice group can go with everything in it.
	const deferredKey = (table: string, column: string, target: string) =>
		db.schema
			.alterTable(table)
			.addForeignKeyConstraint(`${table}_${column}_fkey`, [column], target, ['id'], (key) =>
				key.deferrable().initiallyDeferred()
			)
			.execute();

	await db.schema
		.createTable('savings_group')
		.addColumn('id', 'uuid', id)
		.addColumn('name', 'text', (c) => c.notNull())
		// A group started from a circle offers that circle's members to join; it outlives the circle.
		.addColumn('circle_id', 'uuid', (c) => c.references('peer_group.id').onDelete('set null'))
		.addColumn('meets', 'text', (c) =>
			c.notNull().check(sql`meets in ('weekly', 'fortnightly', 'monthly')`)
		)
		// VSLA practice: every member sees every loan. A group may choose otherwise.
		.addColumn('open_books', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('practice', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', now)
		.execute();

	await db.schema
		.createTable('savings_member')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		// Null for someone without a phone or an account, for whom an officer records, and for a
		// former member. Deleting an account first erases its savings memberships (no cascade).
		.addColumn('account_id', 'uuid', (c) => c.references('account.id'))
		// The name the group knows them by; null only once erased ("former member").
		.addColumn('name', 'text')
		.addColumn('name_key', 'text')
		// The number on their passbook, as paper groups number members.
		.addColumn('book_number', 'integer', (c) => c.notNull().check(sql`book_number > 0`))
		.addColumn('officer', 'text', (c) =>
			c.check(sql`officer in ('chair', 'secretary', 'treasurer', 'box_keeper', 'key_holder')`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('active')
				.check(sql`status in ('active', 'left')`)
		)
		.addColumn('joined_on', 'date', (c) => c.notNull())
		.addColumn('left_on', 'date')
		.addColumn('erased_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('savings_member_account_unique', ['group_id', 'account_id'])
		.addUniqueConstraint('savings_member_book_unique', ['group_id', 'book_number'])
		.addCheckConstraint(
			'savings_member_erased_check',
			sql`(erased_at is null) = (name is not null) and (name is null) = (name_key is null)
				and (erased_at is null or account_id is null)`
		)
		.addCheckConstraint('savings_member_left_check', sql`(status = 'left') = (left_on is not null)`)
		.execute();
	await db.schema
		.createIndex('savings_member_name_unique')
		.on('savings_member')
		.columns(['group_id', 'name_key'])
		.unique()
		.execute();
	await db.schema
		.createIndex('savings_member_account_idx')
		.on('savings_member')
		.column('account_id')
		.execute();

	await db.schema
		.createTable('savings_cycle')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
		.addColumn('starts_on', 'date', (c) => c.notNull())
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('open')
				.check(sql`state in ('open', 'sharing_out', 'closed')`)
		)
		.addColumn('closed_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('savings_cycle_number_unique', ['group_id', 'number'])
		.execute();
	// One cycle at a time.
	await db.schema
		.createIndex('savings_cycle_current_unique')
		.on('savings_cycle')
		.column('group_id')
		.unique()
		.where(sql.ref('state'), '<>', 'closed')
		.execute();

	// The group's constitution for a cycle. A change is a new version, with who and why.
	await db.schema
		.createTable('savings_rules')
		.addColumn('id', 'uuid', id)
		.addColumn('cycle_id', 'uuid', (c) =>
			c.notNull().references('savings_cycle.id').onDelete('cascade')
		)
		.addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
		.addColumn('currency', 'text', currency)
		.addColumn('share_price', 'bigint', (c) => c.notNull().check(sql`share_price > 0`))
		.addColumn('min_shares', 'integer', (c) => c.notNull().check(sql`min_shares >= 0`))
		.addColumn('max_shares', 'integer', (c) => c.notNull())
		.addColumn('social_fund_per_meeting', 'bigint', (c) =>
			c.notNull().check(sql`social_fund_per_meeting >= 0`)
		)
		// Percent per month in hundredths: 500 is 5% a month.
		.addColumn('rate_bp', 'integer', (c) => c.notNull().check(sql`rate_bp between 100 and 2000`))
		.addColumn('charge_method', 'text', (c) =>
			c.notNull().check(sql`charge_method in ('flat', 'declining')`)
		)
		.addColumn('loan_multiple', 'integer', (c) =>
			c.notNull().check(sql`loan_multiple between 1 and 10`)
		)
		.addColumn('max_term_months', 'integer', (c) =>
			c.notNull().check(sql`max_term_months between 1 and 24`)
		)
		.addColumn('fine_late', 'bigint', (c) => c.notNull().check(sql`fine_late >= 0`))
		.addColumn('fine_absent', 'bigint', (c) => c.notNull().check(sql`fine_absent >= 0`))
		.addColumn('fine_other', 'bigint', (c) => c.notNull().check(sql`fine_other >= 0`))
		.addColumn('cash_unit', 'bigint', (c) => c.notNull().check(sql`cash_unit > 0`))
		// Whether the social fund is split equally at share-out or kept for the next cycle.
		.addColumn('social_fund_at_share_out', 'text', (c) =>
			c.notNull().check(sql`social_fund_at_share_out in ('keep', 'split')`)
		)
		.addColumn('late_penalty', 'text', (c) =>
			c.notNull().check(sql`late_penalty in ('none', 'percent', 'fixed')`)
		)
		.addColumn('late_penalty_bp', 'integer', (c) =>
			c.notNull().check(sql`late_penalty_bp between 0 and 2000`)
		)
		.addColumn('late_penalty_amount', 'bigint', (c) =>
			c.notNull().check(sql`late_penalty_amount >= 0`)
		)
		.addColumn('guarantors', 'integer', (c) => c.notNull().check(sql`guarantors between 0 and 3`))
		// What a member leaving mid-cycle takes: their savings, or their savings and their profit.
		.addColumn('leaver_takes', 'text', (c) =>
			c.notNull().check(sql`leaver_takes in ('savings', 'savings_and_profit')`)
		)
		.addColumn('reason', 'text')
		.addColumn('changed_by', 'uuid')
		.addColumn('created_at', 'timestamptz', now)
		.addUniqueConstraint('savings_rules_version_unique', ['cycle_id', 'version'])
		.addCheckConstraint('savings_rules_shares_check', sql`max_shares >= greatest(min_shares, 1)`)
		.execute();

	await db.schema
		.createTable('savings_meeting')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('cycle_id', 'uuid', (c) =>
			c.notNull().references('savings_cycle.id').onDelete('cascade')
		)
		.addColumn('held_on', 'date', (c) => c.notNull())
		// 'opening': the balances of a group that kept its books on paper, entered once.
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('meeting', 'opening')`))
		.addColumn('rules_id', 'uuid', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('recorded_by', 'uuid', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', now)
		.addUniqueConstraint('savings_meeting_date_unique', ['group_id', 'held_on'])
		.execute();

	await db.schema
		.createTable('savings_attendance')
		.addColumn('meeting_id', 'uuid', (c) =>
			c.notNull().references('savings_meeting.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status in ('present', 'late', 'absent', 'represented')`)
		)
		.addPrimaryKeyConstraint('savings_attendance_pkey', ['meeting_id', 'member_id'])
		.execute();

	// A loan keeps the terms it was issued on, whatever the rules say later.
	await db.schema
		.createTable('savings_loan')
		.addColumn('id', 'uuid', id)
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('meeting_id', 'uuid', (c) =>
			c.notNull().references('savings_meeting.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) => c.notNull())
		.addColumn('principal', 'bigint', (c) => c.notNull().check(sql`principal > 0`))
		.addColumn('currency', 'text', currency)
		.addColumn('issued_on', 'date', (c) => c.notNull())
		.addColumn('due_on', 'date', (c) => c.notNull())
		.addColumn('rate_bp', 'integer', (c) => c.notNull())
		.addColumn('charge_method', 'text', (c) =>
			c.notNull().check(sql`charge_method in ('flat', 'declining')`)
		)
		.addColumn('term_months', 'integer', (c) => c.notNull().check(sql`term_months > 0`))
		.addColumn('late_penalty', 'text', (c) =>
			c.notNull().check(sql`late_penalty in ('none', 'percent', 'fixed')`)
		)
		.addColumn('late_penalty_bp', 'integer', (c) => c.notNull())
		.addColumn('late_penalty_amount', 'bigint', (c) => c.notNull())
		.addColumn('purpose', 'text')
		// Brought in with the opening balances: the principal is what was still owed then, its
		// charge at issue already in it.
		.addColumn('brought_in', 'boolean', (c) => c.notNull().defaultTo(false))
		.addCheckConstraint('savings_loan_due_check', sql`due_on > issued_on`)
		.execute();
	for (const column of ['member_id', 'meeting_id', 'group_id']) {
		await db.schema
			.createIndex(`savings_loan_${column}_idx`)
			.on('savings_loan')
			.column(column)
			.execute();
	}

	await db.schema
		.createTable('savings_loan_guarantor')
		.addColumn('loan_id', 'uuid', (c) =>
			c.notNull().references('savings_loan.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid', (c) => c.notNull())
		.addPrimaryKeyConstraint('savings_loan_guarantor_pkey', ['loan_id', 'member_id'])
		.execute();

	// The ledger. Each entry says what it changes: the cash of one fund in one place, what a
	// member owes on one loan, and their shares and savings. A correction reverses an entry
	// (the same kind with every change negated, `reverses` naming it) and records the right one.
	await db.schema
		.createTable('savings_entry')
		.addColumn('id', 'uuid', id)
		// The order entries were written in, for statements and exports.
		.addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
		.addColumn('group_id', 'uuid', (c) =>
			c.notNull().references('savings_group.id').onDelete('cascade')
		)
		.addColumn('cycle_id', 'uuid', (c) =>
			c.notNull().references('savings_cycle.id').onDelete('cascade')
		)
		// The meeting whose books it belongs to (a correction: the original's meeting).
		.addColumn('meeting_id', 'uuid', (c) =>
			c.notNull().references('savings_meeting.id').onDelete('cascade')
		)
		.addColumn('member_id', 'uuid')
		.addColumn('loan_id', 'uuid')
		.addColumn('kind', 'text', (c) =>
			c.notNull().check(
				sql`kind in ('opening_cash', 'opening_shares', 'opening_loan', 'shares', 'social_fund',
					'fine_late', 'fine_absent', 'fine_other', 'loan_out', 'charge', 'penalty', 'repayment',
					'grant', 'income', 'cost', 'transfer', 'count_difference', 'write_off', 'leaver_payout',
					'payout', 'carried_over')`
			)
		)
		.addColumn('fund', 'text', fund)
		.addColumn('place', 'text', place)
		.addColumn('currency', 'text', currency)
		.addColumn('cash', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('owed', 'bigint', (c) => c.notNull().defaultTo(0))
		.addColumn('shares', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('savings', 'bigint', (c) => c.notNull().defaultTo(0))
		// A grant's reason, an income's source, a correction's why.
		.addColumn('note', 'text')
		.addColumn('reverses', 'uuid', (c) => c.unique())
		.addColumn('recorded_by', 'uuid', (c) => c.notNull())
		.addColumn('recorded_at', 'timestamptz', now)
		.addCheckConstraint('savings_entry_cash_place_check', sql`(cash = 0) = (place is null)`)
		.addCheckConstraint('savings_entry_loan_check', sql`owed = 0 or loan_id is not null`)
		.addCheckConstraint(
			'savings_entry_member_check',
			sql`(shares = 0 and savings = 0 and loan_id is null) or member_id is not null`
		)
		.execute();
	await db.schema
		.createIndex('savings_entry_group_idx')
		.on('savings_entry')
		.columns(['group_id', 'cycle_id', 'seq'])
		.execute();
	// The books of a cycle are sums over its entries, by kind.
	await db.schema
		.createIndex('savings_entry_cycle_idx')
		.on('savings_entry')
		.columns(['cycle_id', 'kind'])
		.execute();
	await db.schema
		.createIndex('savings_entry_member_idx')
		.on('savings_entry')
		.columns(['member_id', 'seq'])
		.execute();
	await db.schema
		.createIndex('savings_entry_loan_idx')
		.on('savings_entry')
		.column('loan_id')
		.execute();
	await db.schema
		.createIndex('savings_entry_meeting_idx')
		.on('savings_entry')
		.column('meeting_id')
		.execute();

	// The cash counted per fund and place at the start and the end of a meeting, beside what the
	// ledger said it should be. A difference is also an entry (count_difference), so the books
	// follow the box from then on, and the difference stays on record.
	await db.schema
		.createTable('savings_cash_count')
		.addColumn('meeting_id', 'uuid', (c) =>
			c.notNull().references('savings_meeting.id').onDelete('cascade')
		)
		.addColumn('fund', 'text', fund)
		.addColumn('place', 'text', (c) => place(c).notNull())
		.addColumn('moment', 'text', (c) => c.notNull().check(sql`moment in ('start', 'end')`))
		.addColumn('amount', 'bigint', amount)
		.addColumn('expected', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('savings_cash_count_pkey', ['meeting_id', 'fund', 'place', 'moment'])
		.execute();

	for (const [table, column, target] of [
		['savings_rules', 'changed_by', 'savings_member'],
		['savings_meeting', 'recorded_by', 'savings_member'],
		['savings_meeting', 'rules_id', 'savings_rules'],
		['savings_attendance', 'member_id', 'savings_member'],
		['savings_loan', 'member_id', 'savings_member'],
		['savings_loan_guarantor', 'member_id', 'savings_member'],
		['savings_entry', 'member_id', 'savings_member'],
		['savings_entry', 'loan_id', 'savings_loan'],
		['savings_entry', 'reverses', 'savings_entry'],
		['savings_entry', 'recorded_by', 'savings_member']
	]) {
		await deferredKey(table, column, target);
	}

	// Whether the row's group still exists: when it does not, the row is going with a practice
	// group (a real group cannot be deleted: savings_group_refuse_delete below). Each statement is
	// planned only when it runs, so each can name its own table's columns.
	await sql`
		create function savings_refuse_change() returns trigger language plpgsql as $$
		declare
			in_group boolean;
		begin
			if tg_op = 'UPDATE' and tg_argv[0] = 'may_update' then
				return new;
			end if;
			if tg_op = 'DELETE' then
				if tg_table_name = 'savings_rules' then
					in_group := exists (select 1 from savings_cycle c join savings_group g on g.id = c.group_id
						where c.id = old.cycle_id);
				elsif tg_table_name in ('savings_attendance', 'savings_cash_count') then
					in_group := exists (select 1 from savings_meeting m join savings_group g on g.id = m.group_id
						where m.id = old.meeting_id);
				elsif tg_table_name = 'savings_loan_guarantor' then
					in_group := exists (select 1 from savings_loan l join savings_group g on g.id = l.group_id
						where l.id = old.loan_id);
				else
					in_group := exists (select 1 from savings_group where id = old.group_id);
				end if;
				if not in_group then
					return old;
				end if;
			end if;
			raise exception 'savings records are never changed or deleted: record a correction'
				using errcode = 'restrict_violation';
		end;
		$$`.execute(db);
	await sql`
		create function savings_refuse_truncate() returns trigger language plpgsql as $$
		begin
			raise exception 'savings records are never deleted' using errcode = 'restrict_violation';
		end;
		$$`.execute(db);
	const protect = async (table: string, options: { mayUpdate: boolean }) => {
		await sql`
			create trigger ${sql.id(`${table}_append_only`)}
			before update or delete on ${sql.table(table)} for each row
			execute function savings_refuse_change(${sql.lit(options.mayUpdate ? 'may_update' : 'no')})`.execute(
			db
		);
		await sql`
			create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
			for each statement execute function savings_refuse_truncate()`.execute(db);
	};
	for (const table of [
		'savings_rules',
		'savings_meeting',
		'savings_attendance',
		'savings_loan',
		'savings_loan_guarantor',
		'savings_entry',
		'savings_cash_count'
	]) {
		await protect(table, { mayUpdate: false });
	}
	// Names, officers and a cycle's state change; members and cycles are never deleted.
	await protect('savings_member', { mayUpdate: true });
	await protect('savings_cycle', { mayUpdate: true });
	await sql`
		create function savings_group_refuse_delete() returns trigger language plpgsql as $$
		begin
			-- A practice group, or one set up by mistake that has met no time yet.
			if old.practice or not exists (select 1 from savings_meeting where group_id = old.id) then
				return old;
			end if;
			raise exception 'a savings group with books is never deleted'
				using errcode = 'restrict_violation';
		end;
		$$`.execute(db);
	await sql`
		create trigger savings_group_no_delete before delete on savings_group
		for each row execute function savings_group_refuse_delete()`.execute(db);
	await sql`
		create trigger savings_group_no_truncate before truncate on savings_group
		for each statement execute function savings_refuse_truncate()`.execute(db);
}

// No down: a ledger is not dropped.
