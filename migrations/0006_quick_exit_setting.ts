import type { Kysely } from 'kysely';

// "Leave now" signs the member out on this phone unless they say it is their own phone.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('account')
		.addColumn('quick_exit_signs_out', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('account').dropColumn('quick_exit_signs_out').execute();
}
