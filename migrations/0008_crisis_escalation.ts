import { sql, type Kysely } from 'kysely';

// One press of "I need help now" may alert several circles: its alerts share a request id, so one
// answer closes them all. A call nobody answered in time is passed on to the coordinators once.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('crisis_alert')
		.addColumn('request_id', 'uuid')
		.addColumn('escalated_at', 'timestamptz')
		.execute();
	await sql`update crisis_alert set request_id = id`.execute(db);
	await db.schema
		.alterTable('crisis_alert')
		.alterColumn('request_id', (c) => c.setNotNull())
		.execute();
	await db.schema
		.createIndex('crisis_alert_request_idx')
		.on('crisis_alert')
		.column('request_id')
		.execute();
	// The escalation job looks only at calls still waiting for anyone.
	await db.schema
		.createIndex('crisis_alert_unanswered_idx')
		.on('crisis_alert')
		.column('created_at')
		.where(sql.ref('acknowledged_at'), 'is', null)
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('crisis_alert_unanswered_idx').execute();
	await db.schema.dropIndex('crisis_alert_request_idx').execute();
	await db.schema
		.alterTable('crisis_alert')
		.dropColumn('escalated_at')
		.dropColumn('request_id')
		.execute();
}
