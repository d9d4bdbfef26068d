import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { FORM_KEY_LIFETIME_MS, newFormKey } from './form-key';
import { FormKeyExpiredError, repeatSafe } from './repeat-safe';
import { formKeyHash } from './sealed-result';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A form's work that counts its runs and hands back a secret-looking result. */
function counted<T>(result: T, delayMs = 0) {
	const work = Object.assign(
		async () => {
			work.runs++;
			await pause(delayMs);
			return result;
		},
		{ runs: 0 }
	);
	return work;
}

const send = <T>(use: { scope: string; key: string; now: Date }, work: () => Promise<T>) =>
	inTransaction(db, (trx) => repeatSafe(trx, use, work));

const storedRow = (scope: string, key: string) =>
	db
		.selectFrom('form_result')
		.selectAll()
		.where('key_hash', '=', formKeyHash({ scope, key }))
		.executeTakeFirst();

describe('repeatSafe', () => {
	it('does the work once: the same key again gets the first result, sealed in between', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		const result = { ok: true, token: 'secret-token', at: now };
		const work = counted(result);

		expect(await send(use, work)).toEqual({ result, repeated: false });
		expect(await send(use, work)).toEqual({ result, repeated: true });
		expect(work.runs).toBe(1);

		const row = await storedRow('test', use.key);
		expect(row?.scope).toBe('test');
		expect(Buffer.from(row!.result!).toString('latin1')).not.toContain('secret-token');
	});

	it('does the work once when the same form is sent twice at the same time', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		// The work takes a while, so that on PostgreSQL the second send arrives while it runs.
		const work = counted({ ok: true, id: crypto.randomUUID() }, 150);
		const [first, second] = await Promise.all([send(use, work), send(use, work)]);
		expect(work.runs).toBe(1);
		expect(first.result).toEqual(second.result);
		expect([first.repeated, second.repeated].sort()).toEqual([false, true]);
	});

	it('keeps nothing when the work fails: the same key then does the work', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		await expect(
			send(use, async () => {
				throw new Error('failed');
			})
		).rejects.toThrow('failed');
		expect(await storedRow('test', use.key)).toBeUndefined();

		const work = counted({ ok: true });
		expect(await send(use, work)).toEqual({ result: { ok: true }, repeated: false });
		expect(work.runs).toBe(1);
	});

	it('keeps nothing when the work fails and the caller carries on in its transaction', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		await inTransaction(db, async (trx) => {
			const failing = repeatSafe(trx, use, async () => {
				throw new Error('failed');
			});
			await expect(failing).rejects.toThrow('failed');
		});
		expect(await storedRow('test', use.key)).toBeUndefined();
	});

	it('keeps no refusal, so the member can correct the form and send it again', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		const refusal = { ok: false, field: 'name', problem: 'taken' };
		expect(await send(use, counted(refusal))).toEqual({ result: refusal, repeated: false });
		expect(await storedRow('test', use.key)).toBeUndefined();

		const work = counted({ ok: true });
		expect((await send(use, work)).result).toEqual({ ok: true });
		expect(work.runs).toBe(1);
	});

	it('lets a second send do the work when the first, running at the same time, fails', async () => {
		const now = fakeClock()();
		const use = { scope: 'test', key: newFormKey(now), now };
		const work = counted({ ok: true });
		const [first, second] = await Promise.allSettled([
			send(use, async () => {
				await pause(150);
				throw new Error('failed');
			}),
			pause(20).then(() => send(use, work))
		]);
		expect(first.status).toBe('rejected');
		expect(second).toEqual({
			status: 'fulfilled',
			value: { result: { ok: true }, repeated: false }
		});
		expect(work.runs).toBe(1);
	});

	it('refuses a key older than its lifetime, or from the future, without doing the work', async () => {
		const clock = fakeClock();
		const key = newFormKey(clock());
		const work = counted({ ok: true });
		clock.advance(FORM_KEY_LIFETIME_MS + MINUTE);
		await expect(send({ scope: 'test', key, now: clock() }, work)).rejects.toBeInstanceOf(
			FormKeyExpiredError
		);
		const ahead = newFormKey(new Date(clock().getTime() + 10 * MINUTE));
		await expect(send({ scope: 'test', key: ahead, now: clock() }, work)).rejects.toBeInstanceOf(
			FormKeyExpiredError
		);
		expect(work.runs).toBe(0);
		expect(await storedRow('test', key)).toBeUndefined();
	});

	it("never hands one key's result to another key, or to another kind of form", async () => {
		const now = fakeClock()();
		const mine = { scope: 'test', key: newFormKey(now), now };
		await send(mine, counted({ ok: true, token: 'mine' }));

		// The same key on another kind of form is another form.
		const elsewhere = counted({ ok: true, token: 'elsewhere' });
		expect(await send({ ...mine, scope: 'other' }, elsewhere)).toEqual({
			result: { ok: true, token: 'elsewhere' },
			repeated: false
		});

		// Someone who could write the table and moved my sealed result under their own key still
		// cannot open it.
		const theirs = { scope: 'test', key: newFormKey(now), now };
		await db
			.insertInto('form_result')
			.values({
				key_hash: formKeyHash(theirs),
				scope: 'test',
				result: (await storedRow('test', mine.key))!.result,
				created_at: now
			})
			.execute();
		await expect(send(theirs, counted({ ok: true }))).rejects.toThrow();
	});
});
