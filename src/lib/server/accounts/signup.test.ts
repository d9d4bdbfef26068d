import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { createTestGroup } from '../../../../tests/helpers/groups';
import { openTestDatabase } from '../../../../tests/helpers/database';
import {
	createAccount,
	signedIn,
	uniquePseudonym,
	uniqueAddress
} from '../../../../tests/helpers/factories';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { FORM_KEY_LIFETIME_MS, newFormKey } from '../forms/form-key';
import { getSiteSettings, setSignupOpen } from '../settings';
import { hashCode } from './codes';
import { createInvitation, revokeInvitation } from './invitations';
import { invalidateSession, validateSessionToken } from './sessions';
import { hashAddress } from './throttle';
import { signUp, signUpProblems, type SignUpProblem, type SignUpInput } from './signup';

const refusedFor = (...problems: SignUpProblem[]) => ({ ok: false, problems });

let db: Kysely<DB>;
let coordinator: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
	db = await openTestDatabase();
	coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
});
afterAll(async () => {
	await db.destroy();
});

async function invitation(clock: Clock, options: { maxUses?: number; groupId?: string } = {}) {
	return createInvitation(
		db,
		coordinator,
		{
			formKey: newFormKey(clock()),
			maxUses: options.maxUses ?? 1,
			expiresInDays: 14,
			groupId: options.groupId
		},
		clock
	);
}

const join = (
	code: string,
	clock: Clock,
	pseudonym = uniquePseudonym(),
	form: { formKey?: string; address?: string } = {}
) =>
	signUp(
		db,
		{
			formKey: form.formKey ?? newFormKey(clock()),
			code,
			pseudonym,
			passphrase: 'kind words at dawn',
			address: form.address ?? uniqueAddress()
		},
		clock
	);

const accountsNamed = async (pseudonym: string) =>
	(await db.selectFrom('account').select('id').where('pseudonym', '=', pseudonym).execute()).length;

const usesOf = async (invitationId: string) =>
	(
		await db
			.selectFrom('invitation')
			.select('use_count')
			.where('id', '=', invitationId)
			.executeTakeFirstOrThrow()
	).use_count;

describe('signUp', () => {
	it('refuses anyone without a code while sign-up is closed', async () => {
		expect((await getSiteSettings(db)).signupOpen).toBe(false);
		expect(await join('', fakeClock())).toEqual({
			ok: false,
			problems: [{ field: 'code', problem: 'required' }]
		});
	});

	it('with a valid code makes the account, ten recovery codes and a session', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		const result = await join(code, clock);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.recoveryCodes).toHaveLength(10);
		expect(new Set(result.recoveryCodes).size).toBe(10);
		const stored = await db
			.selectFrom('recovery_code')
			.select('code_hash')
			.where('account_id', '=', result.accountId)
			.execute();
		expect(stored.map((row) => row.code_hash).sort()).toEqual(
			result.recoveryCodes.map(hashCode).sort()
		);
		expect(result.session.mode).toBe('shared');
		expect((await validateSessionToken(db, result.token, clock()))?.account.id).toBe(
			result.accountId
		);
	});

	it('uses a single-use code once', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		expect((await join(code, clock)).ok).toBe(true);
		expect(await join(code, clock)).toEqual(refusedFor({ field: 'code', problem: 'used_up' }));
	});

	it('accepts the code typed in lower case, with spaces', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		expect((await join(` ${code.toLowerCase().replace('-', ' ')} `, clock)).ok).toBe(true);
	});

	it('refuses expired, revoked and unknown codes', async () => {
		const clock = fakeClock();
		const expiring = await invitation(clock);
		const revoked = await invitation(clock);
		await revokeInvitation(db, coordinator, revoked.id, clock);
		clock.advance(14 * DAY);
		expect(await join(expiring.code, clock)).toEqual(
			refusedFor({ field: 'code', problem: 'expired' })
		);
		expect(await join(revoked.code, clock)).toEqual(
			refusedFor({ field: 'code', problem: 'revoked' })
		);
		expect(await join('AAAA-AAAA', clock)).toEqual(
			refusedFor({ field: 'code', problem: 'unknown' })
		);
	});

	it('never lets parallel sign-ups use a code more often than allowed', async () => {
		const clock = fakeClock();
		const { code, id } = await invitation(clock, { maxUses: 3 });
		const results = await Promise.all(Array.from({ length: 8 }, () => join(code, clock)));
		expect(results.filter((result) => result.ok)).toHaveLength(3);
		expect(
			results.filter(
				(r) => !r.ok && r.problems.some((p) => p.field === 'code' && p.problem === 'used_up')
			)
		).toHaveLength(5);
		const uses = await db
			.selectFrom('invitation_use')
			.selectAll()
			.where('invitation_id', '=', id)
			.execute();
		expect(uses).toHaveLength(3);
	});

	it('invites the new member into the group a code is bound to', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const { code } = await invitation(clock, { groupId: group.id });
		const result = await join(code, clock);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.groupId).toBe(group.id);
		const membership = await db
			.selectFrom('group_member')
			.select('status')
			.where('account_id', '=', result.accountId)
			.executeTakeFirstOrThrow();
		expect(membership.status).toBe('invited');
	});

	it('refuses a pseudonym already taken in any case, and leaves the code unused', async () => {
		const clock = fakeClock();
		const existing = await createAccount(db);
		const { code, id } = await invitation(clock);
		expect(await join(code, clock, existing.pseudonym.toUpperCase())).toEqual(
			refusedFor({ field: 'pseudonym', problem: 'taken' })
		);
		const row = await db
			.selectFrom('invitation')
			.select('use_count')
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.use_count).toBe(0);
		expect((await join(code, clock)).ok).toBe(true);
	});

	it('keeps Thai and Khmer pseudonyms exactly as typed', async () => {
		const clock = fakeClock();
		for (const pseudonym of [`น้ำฝน${uniquePseudonym('')}`, `សុខា${uniquePseudonym('')}`]) {
			const { code } = await invitation(clock);
			const result = await join(code, clock, pseudonym);
			expect(result.ok).toBe(true);
			if (!result.ok) continue;
			const row = await db
				.selectFrom('account')
				.select('pseudonym')
				.where('id', '=', result.accountId)
				.executeTakeFirstOrThrow();
			expect(row.pseudonym).toBe(pseudonym);
		}
	});

	it.each([
		['0812345678', 'phone'],
		['mai@example.com', 'email'],
		['@somchai', 'handle'],
		['ab', 'length']
	])('refuses the pseudonym %s (%s) and leaves the code unused', async (pseudonym, problem) => {
		const clock = fakeClock();
		const { code, id } = await invitation(clock);
		expect(await join(code, clock, pseudonym)).toEqual(
			refusedFor({ field: 'pseudonym', problem } as SignUpProblem)
		);
		expect(await usesOf(id)).toBe(0);
	});

	it('refuses a common passphrase', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		const result = await signUp(
			db,
			{
				formKey: newFormKey(clock()),
				code,
				pseudonym: uniquePseudonym(),
				passphrase: 'password1',
				address: uniqueAddress()
			},
			clock
		);
		expect(result).toEqual(refusedFor({ field: 'passphrase', problem: 'common' }));
	});

	it('throttles code guessing from one address', async () => {
		const clock = fakeClock();
		const from = uniqueAddress();
		const guess = () =>
			signUp(
				db,
				{
					formKey: newFormKey(clock()),
					code: 'WXYZ-WXYZ',
					pseudonym: uniquePseudonym(),
					passphrase: 'kind words at dawn',
					address: from
				},
				clock
			);
		for (let i = 0; i < 30; i++) {
			expect(await guess()).toEqual(refusedFor({ field: 'code', problem: 'unknown' }));
		}
		expect(await guess()).toMatchObject({ problems: [{ field: 'form', problem: 'throttled' }] });
	});

	it('counts nicknames found taken, so one code cannot ask name after name who has an account', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock, { maxUses: 5 });
		const from = uniqueAddress();
		const someone = uniquePseudonym();
		expect((await join(code, clock, someone)).ok).toBe(true);
		for (let i = 0; i < 30; i++) {
			expect(await join(code, clock, someone, { address: from })).toEqual(
				refusedFor({ field: 'pseudonym', problem: 'taken' })
			);
		}
		expect(await join(code, clock, uniquePseudonym(), { address: from })).toMatchObject({
			problems: [{ field: 'form', problem: 'throttled' }]
		});
		// Another address, with a name that is free, is not held back.
		expect((await join(code, clock)).ok).toBe(true);
	});

	it('forgives a sign-up refused for anything but a guess', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		const from = uniqueAddress();
		for (let i = 0; i < 31; i++) {
			const result = await signUp(
				db,
				{
					formKey: newFormKey(clock()),
					code,
					pseudonym: uniquePseudonym(),
					passphrase: 'password1',
					address: from
				},
				clock
			);
			expect(result).toEqual(refusedFor({ field: 'passphrase', problem: 'common' }));
		}
	});

	it('lets anyone join without a code once an admin opens sign-up', async () => {
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		await setSignupOpen(db, admin, true);
		try {
			expect((await join('', fakeClock())).ok).toBe(true);
		} finally {
			await setSignupOpen(db, admin, false);
		}
	});
});

describe('signUp says everything wrong at once', () => {
	const form = (clock: Clock, fields: Partial<SignUpInput>): SignUpInput => ({
		formKey: newFormKey(clock()),
		code: '',
		pseudonym: uniquePseudonym(),
		passphrase: 'kind words at dawn',
		address: uniqueAddress(),
		...fields
	});

	it('names the code, the nickname and the passphrase together', async () => {
		const clock = fakeClock();
		const input = form(clock, { code: 'QQQQ-QQQQ', pseudonym: '0812345678', passphrase: 'short' });
		const result = await signUp(db, input, clock);
		expect(result).toEqual(
			refusedFor(
				{ field: 'pseudonym', problem: 'phone' },
				{ field: 'passphrase', problem: 'too_short' },
				{ field: 'code', problem: 'unknown' }
			)
		);
		expect(await accountsNamed('0812345678')).toBe(0);
	});

	it('names a nickname taken, a common passphrase and a code used up together', async () => {
		const clock = fakeClock();
		const existing = await createAccount(db);
		const { code, id } = await invitation(clock);
		expect((await join(code, clock)).ok).toBe(true);
		const input = form(clock, { code, pseudonym: existing.pseudonym, passphrase: 'password1' });
		expect(await signUp(db, input, clock)).toEqual(
			refusedFor(
				{ field: 'passphrase', problem: 'common' },
				{ field: 'code', problem: 'used_up' },
				{ field: 'pseudonym', problem: 'taken' }
			)
		);
		expect(await usesOf(id)).toBe(1);
	});

	it('checks a form without making anything (signUpProblems)', async () => {
		const clock = fakeClock();
		const { code, id } = await invitation(clock);
		const fine = form(clock, { code });
		expect(await signUpProblems(db, fine, clock)).toEqual([]);
		expect(await accountsNamed(fine.pseudonym)).toBe(0);
		expect(await usesOf(id)).toBe(0);
		expect(await signUpProblems(db, form(clock, { code: 'QQQQ-QQQQ' }), clock)).toEqual([
			{ field: 'code', problem: 'unknown' }
		]);
	});
});

describe('signUp keeps where the member is and their language', () => {
	const joinWith = async (extra: Pick<SignUpInput, 'country' | 'locale'>) => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		const result = await signUp(
			db,
			{
				formKey: newFormKey(clock()),
				code,
				pseudonym: uniquePseudonym(),
				passphrase: 'kind words at dawn',
				address: uniqueAddress(),
				...extra
			},
			clock
		);
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		return db
			.selectFrom('account')
			.select(['country', 'locale'])
			.where('id', '=', result.accountId)
			.executeTakeFirstOrThrow();
	};

	it('stores the country chosen and the language the page was shown in', async () => {
		expect(await joinWith({ country: 'KH', locale: 'km' })).toEqual({
			country: 'KH',
			locale: 'km'
		});
	});

	it('stores no country when none was chosen, and no language that is not one of ours', async () => {
		expect(await joinWith({ country: null, locale: 'xx' })).toEqual({
			country: null,
			locale: null
		});
	});
});

describe('signUp sent twice', () => {
	it('with the same form makes one account and gives the same session, codes and group', async () => {
		const clock = fakeClock();
		const group = await createTestGroup(db);
		const { code, id } = await invitation(clock, { maxUses: 2, groupId: group.id });
		const pseudonym = uniquePseudonym();
		const form = { formKey: newFormKey(clock()), address: uniqueAddress() };

		const first = await join(code, clock, pseudonym, form);
		clock.advance(MINUTE);
		const again = await join(code, clock, pseudonym, form);
		if (!first.ok || !again.ok) throw new Error('not joined');
		expect(again).toMatchObject({
			accountId: first.accountId,
			token: first.token,
			recoveryCodes: first.recoveryCodes,
			groupId: group.id
		});
		expect((await validateSessionToken(db, again.token, clock()))?.account.id).toBe(
			first.accountId
		);
		expect(await accountsNamed(pseudonym)).toBe(1);
		expect(await usesOf(id)).toBe(1);
		// The repeat was no code guess.
		const failures = await db
			.selectFrom('auth_failure')
			.select('id')
			.where('address_hash', '=', hashAddress(form.address))
			.execute();
		expect(failures).toHaveLength(0);
	});

	it('with the same form at the same time makes one account, and both get it', async () => {
		const clock = fakeClock();
		const { code, id } = await invitation(clock, { maxUses: 3 });
		const pseudonym = uniquePseudonym();
		const form = { formKey: newFormKey(clock()) };
		const results = await Promise.all([
			join(code, clock, pseudonym, form),
			join(code, clock, pseudonym, form),
			join(code, clock, pseudonym, form)
		]);
		const [first, ...others] = results;
		if (!first.ok) throw new Error(JSON.stringify(first.problems));
		for (const other of others) {
			expect(other).toMatchObject({
				ok: true,
				accountId: first.accountId,
				token: first.token,
				recoveryCodes: first.recoveryCodes
			});
		}
		expect(await accountsNamed(pseudonym)).toBe(1);
		expect(await usesOf(id)).toBe(1);
	});

	it('with one nickname from two forms at the same time makes one account; the other is told', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock, { maxUses: 2 });
		const pseudonym = uniquePseudonym();
		const results = await Promise.all([
			join(code, clock, pseudonym, { formKey: newFormKey(clock()) }),
			join(code, clock, pseudonym, { formKey: newFormKey(clock()) })
		]);
		expect(results.filter((result) => result.ok)).toHaveLength(1);
		expect(results.find((result) => !result.ok)).toEqual({
			ok: false,
			problems: [{ field: 'pseudonym', problem: 'taken' }]
		});
		expect(await accountsNamed(pseudonym)).toBe(1);
	});

	it('after a refusal, the same form corrected and sent again joins', async () => {
		const clock = fakeClock();
		const existing = await createAccount(db);
		const { code } = await invitation(clock);
		const form = { formKey: newFormKey(clock()) };
		expect(await join(code, clock, existing.pseudonym, form)).toEqual(
			refusedFor({ field: 'pseudonym', problem: 'taken' })
		);
		expect((await join(code, clock, uniquePseudonym(), form)).ok).toBe(true);
	});

	it('once the new member has signed out, signs nobody in and shows no codes', async () => {
		const clock = fakeClock();
		const { code } = await invitation(clock);
		const pseudonym = uniquePseudonym();
		const form = { formKey: newFormKey(clock()) };
		const first = await join(code, clock, pseudonym, form);
		if (!first.ok) throw new Error(JSON.stringify(first.problems));
		await invalidateSession(db, first.session.id);
		expect(await join(code, clock, pseudonym, form)).toEqual(
			refusedFor({ field: 'form', problem: 'already_joined' })
		);
	});

	it('with a form open for longer than its lifetime is refused and creates nothing', async () => {
		const clock = fakeClock();
		const { code, id } = await invitation(clock);
		const pseudonym = uniquePseudonym();
		const form = { formKey: newFormKey(clock()) };
		clock.advance(FORM_KEY_LIFETIME_MS + MINUTE);
		expect(await join(code, clock, pseudonym, form)).toEqual(
			refusedFor({ field: 'formKey', problem: 'expired' })
		);
		expect(await accountsNamed(pseudonym)).toBe(0);
		expect(await usesOf(id)).toBe(0);
	});
});
