import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn, uniqueAddress } from '../../../../tests/helpers/factories';
import { ANONYMOUS, type Actor } from '../access/actor';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { FORM_KEY_LIFETIME_MS, newFormKey } from '../forms/form-key';
import { verifyPassphrase } from './passphrase';
import { replaceRecoveryCodes } from './recovery-codes';
import {
	issueResetCode,
	regenerateRecoveryCodes,
	RESET_CODE_TTL_MS,
	signInWithCode
} from './recovery';
import { validateSessionToken } from './sessions';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const NEW_PASSPHRASE = 'a brand new morning';

const recoveryCodes = (accountId: string) =>
	inTransaction(db, (trx) => replaceRecoveryCodes(trx, accountId));

async function passphraseIs(accountId: string, passphrase: string) {
	const { passphrase_hash } = await db
		.selectFrom('account')
		.select('passphrase_hash')
		.where('id', '=', accountId)
		.executeTakeFirstOrThrow();
	return verifyPassphrase(passphrase_hash, passphrase);
}

describe('signInWithCode', () => {
	it('with a recovery code: signs in, sets the new passphrase, spends the code, ends other sessions', async () => {
		const account = await createAccount(db);
		const codes = await recoveryCodes(account.id);
		const elsewhere = await signedIn(db, account);
		const clock = fakeClock();
		const input = {
			pseudonym: account.pseudonym,
			code: codes[3],
			newPassphrase: NEW_PASSPHRASE,
			mode: 'shared' as const
		};
		const result = await signInWithCode(db, { ...input, address: uniqueAddress() }, clock);
		expect(result.ok).toBe(true);
		expect(await passphraseIs(account.id, NEW_PASSPHRASE)).toBe(true);
		expect(await validateSessionToken(db, elsewhere.token, clock())).toBeNull();
		expect(await signInWithCode(db, { ...input, address: uniqueAddress() }, clock)).toEqual({
			ok: false,
			problem: 'invalid'
		});
		// The other nine still work.
		expect(
			(await signInWithCode(db, { ...input, code: codes[4], address: uniqueAddress() }, clock)).ok
		).toBe(true);
	});

	it('refuses a code of another account, and an unknown pseudonym, alike', async () => {
		const owner = await createAccount(db);
		const other = await createAccount(db);
		const [code] = await recoveryCodes(owner.id);
		const clock = fakeClock();
		for (const pseudonym of [other.pseudonym, 'nobody_here']) {
			expect(
				await signInWithCode(
					db,
					{
						pseudonym,
						code,
						newPassphrase: NEW_PASSPHRASE,
						mode: 'shared',
						address: uniqueAddress()
					},
					clock
				)
			).toEqual({ ok: false, problem: 'invalid' });
		}
		expect(await passphraseIs(other.id, other.passphrase)).toBe(true);
	});

	it('spends a code once even when two requests race', async () => {
		const account = await createAccount(db);
		const [code] = await recoveryCodes(account.id);
		const clock = fakeClock();
		const results = await Promise.all(
			[0, 1, 2].map(() =>
				signInWithCode(
					db,
					{
						pseudonym: account.pseudonym,
						code,
						newPassphrase: NEW_PASSPHRASE,
						mode: 'shared',
						address: uniqueAddress()
					},
					clock
				)
			)
		);
		expect(results.filter((result) => result.ok)).toHaveLength(1);
	});

	it('refuses a common new passphrase and changes nothing', async () => {
		const account = await createAccount(db);
		const [code] = await recoveryCodes(account.id);
		const result = await signInWithCode(
			db,
			{
				pseudonym: account.pseudonym,
				code,
				newPassphrase: 'iloveyou',
				mode: 'shared',
				address: uniqueAddress()
			},
			fakeClock()
		);
		expect(result).toEqual({ ok: false, problem: 'passphrase', reason: 'common' });
		expect(await passphraseIs(account.id, account.passphrase)).toBe(true);
	});

	it('regenerated codes replace the old ones', async () => {
		const account = await createAccount(db);
		const [old] = await recoveryCodes(account.id);
		const fresh = await regenerateRecoveryCodes(db, await signedIn(db, account));
		const attempt = (code: string) =>
			signInWithCode(
				db,
				{
					pseudonym: account.pseudonym,
					code,
					newPassphrase: NEW_PASSPHRASE,
					mode: 'shared',
					address: uniqueAddress()
				},
				fakeClock()
			);
		expect((await attempt(old)).ok).toBe(false);
		expect((await attempt(fresh[0])).ok).toBe(true);
	});
});

/** A reset code from a freshly rendered form. */
async function issued(actor: Actor, accountId: string, clock: Clock) {
	const result = await issueResetCode(
		db,
		actor,
		accountId,
		{ formKey: newFormKey(clock()) },
		clock
	);
	if (!result.ok) throw new Error(result.error);
	return result.code;
}

const unusedCodes = (accountId: string) =>
	db
		.selectFrom('reset_code')
		.select('code_hash')
		.where('account_id', '=', accountId)
		.where('used_at', 'is', null)
		.execute();

describe('issueResetCode', () => {
	it('gives a coordinator a code that lets the member in for 24 hours, and logs it', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const member = await createAccount(db);
		const clock = fakeClock();
		const code = await issued(coordinator, member.id, clock);
		const audit = await db
			.selectFrom('audit_event')
			.select(['actor_id', 'action'])
			.where('subject_id', '=', member.id)
			.execute();
		expect(audit).toEqual([{ actor_id: coordinator.id, action: 'reset_code.issued' }]);

		clock.advance(RESET_CODE_TTL_MS + MINUTE);
		const late = await signInWithCode(
			db,
			{
				pseudonym: member.pseudonym,
				code,
				newPassphrase: NEW_PASSPHRASE,
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		expect(late).toEqual({ ok: false, problem: 'invalid' });

		const again = await issued(coordinator, member.id, clock);
		clock.advance(RESET_CODE_TTL_MS - MINUTE);
		const inTime = await signInWithCode(
			db,
			{
				pseudonym: member.pseudonym,
				code: again,
				newPassphrase: NEW_PASSPHRASE,
				mode: 'shared',
				address: uniqueAddress()
			},
			clock
		);
		expect(inTime.ok).toBe(true);
	});

	it.each([
		['an anonymous visitor', 'anonymous', 'member'],
		['a member', 'member', 'member'],
		['a coordinator, for a coordinator', 'coordinator', 'coordinator'],
		['a coordinator, for an admin', 'coordinator', 'admin']
	] as const)('is refused to %s with 404', async (_case, actorRole, targetRole) => {
		const actor =
			actorRole === 'anonymous'
				? ANONYMOUS
				: await signedIn(db, await createAccount(db, { role: actorRole }));
		const target = await createAccount(db, { role: targetRole });
		await expect(issued(actor, target.id, fakeClock())).rejects.toMatchObject({
			status: 404
		});
	});

	it('answers 404 for an id that is not an account, or not an id', async () => {
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
			await expect(issued(admin, id, fakeClock())).rejects.toMatchObject({
				status: 404
			});
		}
	});

	it('shows the same code when the form is sent again, and issues no other', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const member = await createAccount(db);
		const clock = fakeClock();
		const input = { formKey: newFormKey(clock()) };
		const first = await issueResetCode(db, coordinator, member.id, input, clock);
		const again = await issueResetCode(db, coordinator, member.id, input, clock);
		expect(first.ok).toBe(true);
		expect(again).toEqual(first);
		expect(await unusedCodes(member.id)).toHaveLength(1);
	});

	it('issues one code when the same form is sent twice at once', async () => {
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const member = await createAccount(db);
		const clock = fakeClock();
		const input = { formKey: newFormKey(clock()) };
		const send = () => issueResetCode(db, coordinator, member.id, input, clock);
		const [one, two] = await Promise.all([send(), send()]);
		expect(one.ok).toBe(true);
		expect(two).toEqual(one);
		expect(await unusedCodes(member.id)).toHaveLength(1);
		const audit = await db
			.selectFrom('audit_event')
			.select('action')
			.where('subject_id', '=', member.id)
			.execute();
		expect(audit).toHaveLength(1);
	});

	it('refuses an expired form key and issues nothing', async () => {
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		const member = await createAccount(db);
		const clock = fakeClock();
		const old = { formKey: newFormKey(clock()) };
		clock.advance(FORM_KEY_LIFETIME_MS + MINUTE);
		expect(await issueResetCode(db, admin, member.id, old, clock)).toEqual({
			ok: false,
			error: 'form_key_expired'
		});
		expect(await unusedCodes(member.id)).toEqual([]);
	});
});
