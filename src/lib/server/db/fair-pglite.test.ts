import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './open';

const QUERIES = 100;

/** How many of `QUERIES` queries, all asked at once, answer before the event loop takes a turn. */
async function answeredBeforeATurn(run: () => Promise<unknown>): Promise<number> {
	let answered = 0;
	let atTurn = -1;
	setImmediate(() => (atTurn = answered));
	await Promise.all(Array.from({ length: QUERIES }, () => run().then(() => answered++)));
	await new Promise((resolve) => setImmediate(resolve));
	return atTurn;
}

describe('PGlite as the app opens it', () => {
	const plain = new PGlite('memory://');
	const db = openDatabase({ dataDir: 'memory://' });

	afterAll(async () => {
		await plain.close();
		await db.destroy();
	});

	it('lets the event loop turn between queries, where plain PGlite holds it for all of them', async () => {
		await plain.query('select 1');
		await sql`select 1`.execute(db);

		expect(await answeredBeforeATurn(() => plain.query('select 1'))).toBe(QUERIES);
		expect(await answeredBeforeATurn(() => sql`select 1`.execute(db))).toBeLessThanOrEqual(1);
	});
});
