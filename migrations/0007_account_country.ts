import { sql, type Kysely } from 'kysely';

// A member may say which country they are in, so that "I need help now" shows that country's
// contacts. Optional: without it, the country follows the member's language.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('account')
		.addColumn('country', 'text', (c) => c.check(sql`country in ('TH', 'KH', 'LA', 'MM', 'VN')`))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database as it was
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('account').dropColumn('country').execute();
}
