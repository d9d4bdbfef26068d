import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, uniquePseudonym, uniqueAddress } from '../../../../tests/helpers/factories';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import type { DB } from '../db/schema';
import { needsRehash, verifyPassphrase } from './passphrase';
import { validateSessionToken } from './sessions';
import { signIn } from './signin';
import { THROTTLE } from './throttle';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('signIn', () => {
	it('opens a session of the chosen kind with the right passphrase, a new token each time', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const input = {
			pseudonym: account.pseudonym,
			passphrase: account.passphrase,
			address: uniqueAddress()
		};
		const shared = await signIn(db, { ...input, mode: 'shared' }, clock);
		const remembered = await signIn(db, { ...input, mode: 'remember' }, clock);
		expect(shared.ok && remembered.ok).toBe(true);
		if (!shared.ok || !remembered.ok) return;
		expect(shared.token).not.toBe(remembered.token);
		expect(shared.session.mode).toBe('shared');
		expect(remembered.session.mode).toBe('remember');
		expect((await validateSessionToken(db, shared.token, clock()))?.account.id).toBe(account.id);
	});

	it('finds the account whatever the case or width of the pseudonym', async () => {
		const account = await createAccount(db, { pseudonym: uniquePseudonym('Mai') });
		const result = await signIn(
			db,
			{
				pseudonym: account.pseudonym.toUpperCase(),
				passphrase: account.passphrase,
				mode: 'shared',
				address: uniqueAddress()
			},
			fakeClock()
		);
		expect(result.ok).toBe(true);
	});

	it('answers an unknown pseudonym exactly as a wrong passphrase', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const wrong = await signIn(
			db,
			{
				pseudonym: account.pseudonym,
				passphrase: 'not the passphrase',
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		const unknown = await signIn(
			db,
			{
				pseudonym: uniquePseudonym(),
				passphrase: 'not the passphrase',
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		expect(wrong).toEqual({ ok: false, problem: 'invalid' });
		expect(unknown).toEqual(wrong);
	});

	it('makes an address that failed 5 times on a nickname wait, even with the right passphrase', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const from = uniqueAddress();
		const attempt = (passphrase: string) =>
			signIn(
				db,
				{ pseudonym: account.pseudonym, passphrase, mode: 'shared', address: from },
				clock
			);
		for (let i = 0; i < THROTTLE.perPair; i++) {
			expect(await attempt(`wrong guess ${i}`)).toEqual({ ok: false, problem: 'invalid' });
			clock.advance(MINUTE);
		}
		const waiting = await attempt(account.passphrase);
		expect(waiting).toMatchObject({ ok: false, problem: 'throttled' });
		// The first failure leaves the window 30 minutes after it was made: 25 minutes from now.
		expect(waiting.ok === false && 'retryAfterS' in waiting && waiting.retryAfterS).toBe(25 * 60);
		clock.advance(25 * MINUTE);
		expect((await attempt(account.passphrase)).ok).toBe(true);
	});

	it('never keeps the owner out: failures from elsewhere do not block a phone that has not failed', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const attackers = Array.from({ length: 3 }, () => uniqueAddress());
		const attempt = (passphrase: string, address: string) =>
			signIn(db, { pseudonym: account.pseudonym, passphrase, mode: 'shared', address }, clock);
		for (const address of attackers)
			for (let i = 0; i < THROTTLE.perPair; i++) await attempt(`wrong guess ${i}`, address);

		expect((await attempt(account.passphrase, uniqueAddress())).ok).toBe(true);
		// The owner's success forgives nobody else: the attackers still wait.
		expect(await attempt(account.passphrase, attackers[0])).toMatchObject({ problem: 'throttled' });
	});

	it('gives each address one guess once a nickname is under attack from many', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const attempt = (passphrase: string, address: string) =>
			signIn(db, { pseudonym: account.pseudonym, passphrase, mode: 'shared', address }, clock);
		for (let i = 0; i < THROTTLE.perPseudonym; i++) await attempt(`spread ${i}`, uniqueAddress());

		const fresh = uniqueAddress();
		expect(await attempt('one more guess', fresh)).toEqual({ ok: false, problem: 'invalid' });
		expect(await attempt(account.passphrase, fresh)).toMatchObject({ problem: 'throttled' });
		expect((await attempt(account.passphrase, uniqueAddress())).ok).toBe(true);
	});

	it('a success forgives the address its earlier failures', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const from = uniqueAddress();
		const attempt = (passphrase: string) =>
			signIn(
				db,
				{ pseudonym: account.pseudonym, passphrase, mode: 'shared', address: from },
				clock
			);
		for (let i = 0; i < THROTTLE.perPair - 1; i++) await attempt(`wrong ${i}`);
		expect((await attempt(account.passphrase)).ok).toBe(true);
		for (let i = 0; i < THROTTLE.perPair - 1; i++) await attempt(`wrong again ${i}`);
		expect((await attempt(account.passphrase)).ok).toBe(true);
	});

	it('lets exactly 5 of 12 parallel guesses from one address through', async () => {
		const account = await createAccount(db);
		const clock = fakeClock();
		const from = uniqueAddress();
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				signIn(
					db,
					{
						pseudonym: account.pseudonym,
						passphrase: `parallel ${i}`,
						mode: 'shared',
						address: from
					},
					clock
				)
			)
		);
		const problems = results.map((result) => (result.ok ? 'ok' : result.problem));
		expect(problems.filter((p) => p === 'invalid')).toHaveLength(THROTTLE.perPair);
		expect(problems.filter((p) => p === 'throttled')).toHaveLength(12 - THROTTLE.perPair);
	});

	// On PostgreSQL the guesses run side by side; each used to lock only its own nickname.
	it('lets exactly 30 of 40 parallel guesses on different nicknames from one address through', async () => {
		const clock = fakeClock();
		const from = uniqueAddress();
		const results = await Promise.all(
			Array.from({ length: THROTTLE.perAddress + 10 }, (_, i) =>
				signIn(
					db,
					{ pseudonym: uniquePseudonym(), passphrase: `spray ${i}`, mode: 'shared', address: from },
					clock
				)
			)
		);
		const problems = results.map((result) => (result.ok ? 'ok' : result.problem));
		expect(problems.filter((p) => p === 'invalid')).toHaveLength(THROTTLE.perAddress);
		expect(problems.filter((p) => p === 'throttled')).toHaveLength(10);
	});

	it('locks an address after 30 failures across pseudonyms', async () => {
		const clock = fakeClock();
		const from = uniqueAddress();
		for (let i = 0; i < THROTTLE.perAddress; i++) {
			const result = await signIn(
				db,
				{
					pseudonym: uniquePseudonym(),
					passphrase: 'guessing away',
					mode: 'shared',
					address: from
				},
				clock
			);
			expect(result.ok === false && result.problem).toBe('invalid');
		}
		const account = await createAccount(db);
		const blocked = await signIn(
			db,
			{
				pseudonym: account.pseudonym,
				passphrase: account.passphrase,
				mode: 'shared',
				address: from
			},
			clock
		);
		expect(blocked).toMatchObject({ ok: false, problem: 'throttled' });
		const elsewhere = await signIn(
			db,
			{
				pseudonym: account.pseudonym,
				passphrase: account.passphrase,
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		expect(elsewhere.ok).toBe(true);
	});

	it('keeps neither the nickname nor a hash anyone could reverse of the address', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const from = uniqueAddress();
		await signIn(
			db,
			{ pseudonym: account.pseudonym, passphrase: 'not it', mode: 'shared', address: from },
			clock
		);
		const rows = await db.selectFrom('auth_failure').selectAll().execute();
		const stored = JSON.stringify(rows, (_key, value) =>
			typeof value === 'bigint' ? String(value) : value
		);
		const unkeyed = createHash('sha256').update(from).digest('hex');
		expect(rows.length).toBeGreaterThan(0);
		for (const clear of [account.pseudonym, pseudonymKey(account.pseudonym), from, unkeyed]) {
			expect(stored).not.toContain(clear);
		}
	});

	it('upgrades an older, weaker hash at sign-in', async () => {
		const account = await createAccount(db);
		const weak = await hash(account.passphrase, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
		await db
			.updateTable('account')
			.set({ passphrase_hash: weak })
			.where('id', '=', account.id)
			.execute();
		const result = await signIn(
			db,
			{
				pseudonym: account.pseudonym,
				passphrase: account.passphrase,
				mode: 'shared',
				address: uniqueAddress()
			},
			fakeClock()
		);
		expect(result.ok).toBe(true);
		const { passphrase_hash } = await db
			.selectFrom('account')
			.select('passphrase_hash')
			.where('id', '=', account.id)
			.executeTakeFirstOrThrow();
		expect(passphrase_hash).not.toBe(weak);
		expect(needsRehash(passphrase_hash)).toBe(false);
		expect(await verifyPassphrase(passphrase_hash, account.passphrase)).toBe(true);
	});
});
