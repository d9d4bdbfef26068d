import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { toJson } from '$lib/json';
import { createAccount, fromAddress, signedIn } from '../../../../tests/helpers/factories';
import { ANONYMOUS } from '../access/actor';
import { systemClock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { createInvitation } from './invitations';
import {
	changePassphrase,
	deleteOwnAccount,
	setLocale,
	setSessionMode,
	signOut,
	signOutEverywhere
} from './own-account';
import { exportOwnData } from './own-data';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { AccountActor } from '../access/actor';
import { sendMessage } from '../groups/messages';
import { verifyPassphrase } from './passphrase';
import { issueResetCode, regenerateRecoveryCodes } from './recovery';
import { validateSessionToken } from './sessions';
import { signIn } from './signin';
import { hashAddress, THROTTLE } from './throttle';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('changePassphrase', () => {
	it('needs the current passphrase, then keeps this session and ends the others', async () => {
		const account = await createAccount(db);
		const here = await signedIn(db, account);
		const there = await signedIn(db, account);
		expect(
			await changePassphrase(
				db,
				here,
				{ current: 'wrong one', next: 'fresh green leaves' },
				fromAddress()
			)
		).toEqual({
			ok: false,
			field: 'current',
			problem: 'wrong'
		});
		expect(
			await changePassphrase(
				db,
				here,
				{ current: account.passphrase, next: 'qwerty123' },
				fromAddress()
			)
		).toEqual({
			ok: false,
			field: 'next',
			problem: 'common'
		});
		expect(
			await changePassphrase(
				db,
				here,
				{ current: account.passphrase, next: 'fresh green leaves' },
				fromAddress()
			)
		).toEqual({
			ok: true
		});
		const { passphrase_hash } = await db
			.selectFrom('account')
			.select('passphrase_hash')
			.where('id', '=', account.id)
			.executeTakeFirstOrThrow();
		expect(await verifyPassphrase(passphrase_hash, 'fresh green leaves')).toBe(true);
		expect(await validateSessionToken(db, here.token, new Date())).not.toBeNull();
		expect(await validateSessionToken(db, there.token, new Date())).toBeNull();
	});

	it('is refused to an anonymous visitor with 404', async () => {
		await expect(
			changePassphrase(db, ANONYMOUS, { current: 'x', next: 'fresh green leaves' }, fromAddress())
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('the passphrase asked inside a session', () => {
	// Whoever picks up a shared phone with a session open must not learn the passphrase by guessing.
	for (const where of ['change passphrase', 'delete account'] as const) {
		it(`is counted like sign-in on "${where}", and past the limit ends the session`, async () => {
			const account = await createAccount(db);
			const here = await signedIn(db, account);
			// The phone switches between two networks: its guesses count wherever they come from.
			const addresses = [fromAddress().address, fromAddress().address];
			const guess = (passphrase: string, i = 0) => {
				const request = { address: addresses[i % 2], now: new Date() };
				return where === 'change passphrase'
					? changePassphrase(db, here, { current: passphrase, next: 'fresh green leaves' }, request)
					: deleteOwnAccount(db, here, { passphrase, words: 'erase' }, request);
			};
			for (let i = 0; i < THROTTLE.perPseudonym; i++) {
				expect(await guess(`wrong guess ${i}`, i)).toMatchObject({ ok: false, problem: 'wrong' });
			}
			// Even the right passphrase now ends the session instead of being checked.
			expect(await guess(account.passphrase)).toEqual({ ok: false, problem: 'signed_out' });
			expect(await validateSessionToken(db, here.token, new Date())).toBeNull();
			const { count } = await db
				.selectFrom('account')
				.select((eb) => eb.fn.countAll<string>().as('count'))
				.where('id', '=', account.id)
				.executeTakeFirstOrThrow();
			expect(Number(count)).toBe(1);
			// The guesses count against the nickname from that address: signing in there waits, as
			// after wrong sign-ins; the owner's own phone elsewhere still gets in.
			const signingIn = (address: string) =>
				signIn(
					db,
					{ pseudonym: account.pseudonym, passphrase: account.passphrase, mode: 'shared', address },
					systemClock
				);
			expect(await signingIn(addresses[1])).toMatchObject({ ok: false, problem: 'throttled' });
			expect((await signingIn(fromAddress().address)).ok).toBe(true);
		});
	}

	it('forgives earlier wrong tries once the right passphrase is given', async () => {
		const account = await createAccount(db);
		const here = await signedIn(db, account);
		for (let i = 0; i < THROTTLE.perPseudonym - 1; i++) {
			await changePassphrase(
				db,
				here,
				{ current: 'wrong', next: 'fresh green leaves' },
				fromAddress()
			);
		}
		expect(
			await changePassphrase(
				db,
				here,
				{ current: account.passphrase, next: 'fresh green leaves' },
				fromAddress()
			)
		).toEqual({ ok: true });
		expect(
			await changePassphrase(
				db,
				here,
				{ current: 'wrong', next: 'other green leaves' },
				fromAddress()
			)
		).toMatchObject({ problem: 'wrong' });
	});
});

describe('sessions of my own', () => {
	it('switching this phone to "remember" keeps it for 14 days unused', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const actor = await signedIn(db, account, { now: clock() });
		const session = await setSessionMode(db, actor, 'remember', clock);
		expect(session.mode).toBe('remember');
		clock.advance(10 * DAY);
		expect(await validateSessionToken(db, actor.token, clock())).not.toBeNull();
		await setSessionMode(db, actor, 'shared', clock);
		clock.advance(DAY);
		expect(await validateSessionToken(db, actor.token, clock())).toBeNull();
	});

	it('switching a remembered phone to "shared" after days keeps it signed in, now for 30 idle minutes', async () => {
		const clock = fakeClock();
		const actor = await signedIn(db, await createAccount(db), { mode: 'remember', now: clock() });
		clock.advance(3 * DAY);
		await setSessionMode(db, actor, 'shared', clock);
		clock.advance(20 * MINUTE);
		expect(await validateSessionToken(db, actor.token, clock())).not.toBeNull();
		clock.advance(31 * MINUTE);
		expect(await validateSessionToken(db, actor.token, clock())).toBeNull();
	});

	it('sign out ends this session; sign out everywhere ends them all', async () => {
		const account = await createAccount(db);
		const [a, b, c] = [
			await signedIn(db, account),
			await signedIn(db, account),
			await signedIn(db, account)
		];
		await signOut(db, a);
		expect(await validateSessionToken(db, a.token, new Date())).toBeNull();
		expect(await validateSessionToken(db, b.token, new Date())).not.toBeNull();
		await signOutEverywhere(db, b);
		expect(await validateSessionToken(db, b.token, new Date())).toBeNull();
		expect(await validateSessionToken(db, c.token, new Date())).toBeNull();
	});

	it('keeps the chosen language on the account', async () => {
		const account = await createAccount(db);
		const actor = await signedIn(db, account);
		await setLocale(db, actor, 'km');
		await setLocale(db, actor, 'xx');
		const row = await db
			.selectFrom('account')
			.select('locale')
			.where('id', '=', account.id)
			.executeTakeFirstOrThrow();
		expect(row.locale).toBe('km');
	});
});

describe('exportOwnData', () => {
	it('holds my rows and nothing of anyone else, and no secret', async () => {
		const me = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const other = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		await regenerateRecoveryCodes(db, me);
		await createInvitation(
			db,
			me,
			{ formKey: newFormKey(new Date()), maxUses: 2, expiresInDays: 7, label: 'mine' },
			systemClock
		);
		await createInvitation(
			db,
			other,
			{ formKey: newFormKey(new Date()), maxUses: 1, expiresInDays: 7, label: 'theirs' },
			systemClock
		);
		const member = await createAccount(db);
		const clock = fakeClock();
		await issueResetCode(db, me, member.id, { formKey: newFormKey(clock()) }, clock);

		const group = await createTestGroup(db);
		await db
			.insertInto('group_member')
			.values({
				group_id: group.id,
				account_id: me.id,
				status: 'active',
				display_name: 'Lotus',
				display_name_key: 'lotus'
			})
			.execute();
		const peer = await createGroupMember(db, group.id);
		const say = (who: AccountActor, body: string) =>
			sendMessage(db, who, { groupId: group.id, clientId: crypto.randomUUID(), body }, fakeClock());
		await say(me, 'my own words');
		await say(peer, 'words of someone else');

		const data = await exportOwnData(db, me);
		expect(data.account.pseudonym).toBe(me.pseudonym);
		expect(data.circles).toMatchObject([{ display_name: 'Lotus', status: 'active' }]);
		expect(data.messages.map((message) => message.body)).toEqual(['my own words']);
		expect(data.sessions).toHaveLength(1);
		expect(data.recoveryCodes).toMatchObject({ total: 10, unused: 10 });
		expect(data.invitationsIssued.map((invitation) => invitation.label)).toEqual(['mine']);
		expect(data.accountEvents.map((event) => event.action)).toEqual(['reset_code.issued']);

		const text = toJson(data);
		for (const foreign of [
			other.pseudonym,
			'theirs',
			member.pseudonym,
			me.token,
			me.sessionId,
			other.id,
			'words of someone else',
			peer.displayName
		]) {
			expect(text).not.toContain(foreign);
		}
		expect(text).not.toMatch(/argon2|code_hash|passphrase/);
	});
});

describe('deleteOwnAccount', () => {
	it('needs the passphrase, then removes the account, its sessions and codes; shared records stay', async () => {
		const account = await createAccount(db, { role: 'coordinator' });
		const actor = await signedIn(db, account);
		await regenerateRecoveryCodes(db, actor);
		const { id: invitationId } = await createInvitation(
			db,
			actor,
			{ formKey: newFormKey(new Date()), maxUses: 1, expiresInDays: 7 },
			systemClock
		);

		expect(
			await deleteOwnAccount(
				db,
				actor,
				{ passphrase: 'not my passphrase', words: 'erase' },
				fromAddress()
			)
		).toEqual({
			ok: false,
			problem: 'wrong'
		});
		expect(await validateSessionToken(db, actor.token, new Date())).not.toBeNull();
		// Someone elsewhere tried the nickname: that trace goes with the account too.
		const elsewhere = fromAddress().address;
		await signIn(
			db,
			{ pseudonym: account.pseudonym, passphrase: 'a guess', mode: 'shared', address: elsewhere },
			systemClock
		);
		const tries = () =>
			db
				.selectFrom('auth_failure')
				.select('id')
				.where('address_hash', '=', hashAddress(elsewhere))
				.execute();
		expect(await tries()).toHaveLength(1);

		expect(
			await deleteOwnAccount(
				db,
				actor,
				{ passphrase: account.passphrase, words: 'erase' },
				fromAddress()
			)
		).toEqual({ ok: true });
		expect(await validateSessionToken(db, actor.token, new Date())).toBeNull();
		const left = await Promise.all([
			db.selectFrom('account').select('id').where('id', '=', account.id).execute(),
			db.selectFrom('session').select('id').where('account_id', '=', account.id).execute(),
			db.selectFrom('recovery_code').select('id').where('account_id', '=', account.id).execute()
		]);
		expect(left.map((rows) => rows.length)).toEqual([0, 0, 0]);
		expect(await tries()).toHaveLength(0);
		const invitation = await db
			.selectFrom('invitation')
			.select('issued_by')
			.where('id', '=', invitationId)
			.executeTakeFirstOrThrow();
		expect(invitation.issued_by).toBeNull();
	});
});
