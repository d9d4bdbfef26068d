import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { eventually, startRealtime } from '../../../../tests/helpers/realtime';
import { systemClock } from '../clock';
import { sendMessage } from '../groups/messages';
import { realtime } from '../realtime/attach';
import { groupRoom } from '../realtime/rooms';
import type { DB } from './schema';
import { inTransaction } from './transaction';

let db: Kysely<DB>;
// Each run gets its own table, so parallel files and repeated runs on one PostgreSQL never meet.
const table = `test_notes_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
let nextId = 1;

beforeAll(async () => {
	db = await openTestDatabase();
	await sql`create table ${sql.table(table)} (id int8 primary key, body text not null)`.execute(db);
});

afterAll(async () => {
	await sql`drop table if exists ${sql.table(table)}`.execute(db);
	await db.destroy();
});

/** Inserts a row with a body no other test uses, and returns the body. */
async function insert(trx: Kysely<DB>, body: string, id = nextId++): Promise<string> {
	await sql`insert into ${sql.table(table)} values (${id}, ${body})`.execute(trx);
	return body;
}

async function stored(bodies: string[]): Promise<string[]> {
	const { rows } = await sql<{ body: string }>`select body from ${sql.table(table)}
		where body in (${sql.join(bodies)}) order by id`.execute(db);
	return rows.map((row) => row.body);
}

const transactionId = async (trx: Kysely<DB>) =>
	(await sql<{ id: string }>`select txid_current()::text as id`.execute(trx)).rows[0].id;

const unique = (name: string) => `${name}-${crypto.randomUUID()}`;

describe('inTransaction', () => {
	it('runs after-commit effects once the rows are visible to others', async () => {
		const body = unique('kept');
		const seenByEffect: string[][] = [];
		await inTransaction(db, async (trx, afterCommit) => {
			await insert(trx, body);
			afterCommit(() => {
				void stored([body]).then((rows) => seenByEffect.push(rows));
			});
			expect(seenByEffect).toEqual([]);
		});
		await expect.poll(() => seenByEffect.length).toBe(1);
		expect(seenByEffect[0]).toEqual([body]);
	});

	it('drops the rows and the effects when the work fails', async () => {
		const body = unique('lost');
		let effectRan = false;
		await expect(
			inTransaction(db, async (trx, afterCommit) => {
				await insert(trx, body);
				afterCommit(() => {
					effectRan = true;
				});
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(effectRan).toBe(false);
		expect(await stored([body])).toEqual([]);
	});

	it('keeps the commit when an effect throws', async () => {
		const body = unique('committed');
		const result = await inTransaction(db, async (trx, afterCommit) => {
			await insert(trx, body);
			afterCommit(() => {
				throw new Error('socket gone');
			});
			return 'done';
		});
		expect(result).toBe('done');
		expect(await stored([body])).toEqual([body]);
	});
});

describe('inTransaction inside inTransaction', () => {
	it('joins the outer transaction, however deep', async () => {
		const ids = await inTransaction(db, async (outer) => {
			const inner = await inTransaction(outer, async (trx) => {
				const innermost = await inTransaction(trx, (deepest) => transactionId(deepest));
				return [await transactionId(trx), innermost];
			});
			return [await transactionId(outer), ...inner];
		});
		expect(new Set(ids).size).toBe(1);
	});

	it('runs every level’s effects once, in order, after the outermost commit', async () => {
		const ran: string[] = [];
		const mark = (name: string) => () => ran.push(name);
		await inTransaction(db, async (trx, afterCommit) => {
			afterCommit(mark('outer before'));
			await inTransaction(trx, async (inner, innerAfterCommit) => {
				innerAfterCommit(mark('inner'));
				await inTransaction(inner, async (_, deepestAfterCommit) => {
					deepestAfterCommit(mark('deepest'));
				});
			});
			afterCommit(mark('outer after'));
			expect(ran).toEqual([]);
		});
		expect(ran).toEqual(['outer before', 'inner', 'deepest', 'outer after']);
	});

	it('runs no effect and keeps no row when the outer transaction rolls back', async () => {
		const bodies = [unique('outer'), unique('inner')];
		const ran: string[] = [];
		await expect(
			inTransaction(db, async (trx, afterCommit) => {
				await insert(trx, bodies[0]);
				afterCommit(() => ran.push('outer'));
				await inTransaction(trx, async (inner, innerAfterCommit) => {
					await insert(inner, bodies[1]);
					innerAfterCommit(() => ran.push('inner'));
				});
				throw new Error('outer refused');
			})
		).rejects.toThrow('outer refused');
		expect(ran).toEqual([]);
		expect(await stored(bodies)).toEqual([]);
	});

	it('rolls back only the inner work, and drops its effects, when the outer catches its failure', async () => {
		const [before, lost, deepest, after] = ['before', 'lost', 'deepest', 'after'].map(unique);
		const ran: string[] = [];
		await inTransaction(db, async (trx, afterCommit) => {
			await insert(trx, before);
			afterCommit(() => ran.push('outer'));
			await expect(
				inTransaction(trx, async (inner, innerAfterCommit) => {
					await insert(inner, lost);
					innerAfterCommit(() => ran.push('inner'));
					// A level that succeeded inside the failed one goes with it.
					await inTransaction(inner, async (deep, deepAfterCommit) => {
						await insert(deep, deepest);
						deepAfterCommit(() => ran.push('deepest'));
					});
					throw new Error('inner refused');
				})
			).rejects.toThrow('inner refused');
			await insert(trx, after);
			afterCommit(() => ran.push('outer again'));
		});
		expect(await stored([before, lost, deepest, after])).toEqual([before, after]);
		expect(ran).toEqual(['outer', 'outer again']);
	});

	it('lets the outer go on after an inner statement fails in the database', async () => {
		const [first, duplicate, after] = ['first', 'duplicate', 'after'].map(unique);
		const id = nextId++;
		await inTransaction(db, async (trx) => {
			await insert(trx, first, id);
			await expect(inTransaction(trx, (inner) => insert(inner, duplicate, id))).rejects.toThrow();
			// Without the savepoint PostgreSQL would refuse this: the transaction would be aborted.
			await insert(trx, after);
		});
		expect(await stored([first, duplicate, after])).toEqual([first, after]);
	});

	it('refuses a transaction it did not start, and runs nothing in it', async () => {
		let worked = false;
		await expect(
			db.transaction().execute((trx: Transaction<DB>) =>
				inTransaction(trx, async () => {
					worked = true;
				})
			)
		).rejects.toThrow(/only join an open transaction that inTransaction started/);
		expect(worked).toBe(false);
	});
});

describe('a service called inside inTransaction', () => {
	afterEach(async () => {
		await server?.stop();
	});
	let server: Awaited<ReturnType<typeof startRealtime>> | undefined;

	/** A member's client in the group, logging messages and the test's markers in arrival order. */
	async function listener(groupId: string) {
		server = await startRealtime(db, systemClock);
		const reader = await createGroupMember(db, groupId);
		const client = await server.connect(reader.token);
		expect(await client.emitWithAck('group:open', groupId)).toEqual({ ok: true });
		const heard: string[] = [];
		client.on('message', (_, message) => heard.push(`message: ${message.body}`));
		client.on('group:closed', (marker) => heard.push(`marker: ${marker}`));
		// socket.io keeps the order of a room's events: whatever was sent before a marker arrives first.
		const marker = (name: string) => realtime()!.to(groupRoom(groupId)).emit('group:closed', name);
		return { heard, marker };
	}

	it('sends a message that is broadcast only once the outer transaction commits', async () => {
		const group = await createTestGroup(db);
		const writer = await createGroupMember(db, group.id);
		const { heard, marker } = await listener(group.id);
		const result = await inTransaction(db, async (trx) => {
			const sent = await sendMessage(
				trx,
				writer,
				{ groupId: group.id, clientId: crypto.randomUUID(), body: 'together' },
				systemClock
			);
			marker('before commit');
			return sent;
		});
		expect(result).toMatchObject({ ok: true, message: { body: 'together' } });
		await eventually(() => expect(heard).toEqual(['marker: before commit', 'message: together']));
	});

	it('broadcasts nothing and stores nothing when the outer transaction rolls back', async () => {
		const group = await createTestGroup(db);
		const writer = await createGroupMember(db, group.id);
		const { heard, marker } = await listener(group.id);
		await expect(
			inTransaction(db, async (trx) => {
				await sendMessage(
					trx,
					writer,
					{ groupId: group.id, clientId: crypto.randomUUID(), body: 'never' },
					systemClock
				);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		marker('after rollback');
		await eventually(() => expect(heard).toEqual(['marker: after rollback']));
		const rows = await db
			.selectFrom('group_message')
			.select('id')
			.where('group_id', '=', group.id)
			.execute();
		expect(rows).toEqual([]);
	});
});
