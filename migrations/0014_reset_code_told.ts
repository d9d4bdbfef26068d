import type { Kysely } from 'kysely';

// Whoever holds a reset code can sign in as its member, the staff member who made it included:
// the member is told of every code made for them, and by whom, the next time they sign in. Codes
// made before this are told too.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('reset_code').addColumn('told_at', 'timestamptz').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('reset_code').dropColumn('told_at').execute();
}
