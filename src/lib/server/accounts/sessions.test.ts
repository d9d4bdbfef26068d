import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount } from '../../../../tests/helpers/factories';
import type { DB } from '../db/schema';
import {
	createSession,
	invalidateAccountSessions,
	invalidateSession,
	sessionCookieOptions,
	validateSessionToken
} from './sessions';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('sessions', () => {
	it('store only the SHA-256 of the token, in no column the raw token', async () => {
		const account = await createAccount(db);
		const { token, session } = await createSession(db, account.id, 'shared', new Date());
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(session.id).toBe(encodeHexLowerCase(sha256(new TextEncoder().encode(token))));
		const { rows } = await sql<
			Record<string, unknown>
		>`select * from session where id = ${session.id}`.execute(db);
		expect(rows).toHaveLength(1);
		for (const value of Object.values(rows[0])) expect(String(value)).not.toContain(token);
	});

	it('give a new token every time', async () => {
		const account = await createAccount(db);
		const first = await createSession(db, account.id, 'shared', new Date());
		const second = await createSession(db, account.id, 'shared', new Date());
		expect(first.token).not.toBe(second.token);
	});

	it('on a shared phone end after 30 minutes unused, and live on while used', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const { token } = await createSession(db, account.id, 'shared', clock());
		for (let i = 0; i < 10; i++) {
			clock.advance(20 * MINUTE);
			expect(await validateSessionToken(db, token, clock()), `use ${i}`).not.toBeNull();
		}
		clock.advance(30 * MINUTE);
		expect(await validateSessionToken(db, token, clock())).toBeNull();
		// An expired session is gone, not just refused.
		clock.advance(-60 * MINUTE);
		expect(await validateSessionToken(db, token, clock())).toBeNull();
	});

	it('on a shared phone end after 12 hours even when used', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const { token } = await createSession(db, account.id, 'shared', clock());
		for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
			clock.advance(20 * MINUTE);
			expect(await validateSessionToken(db, token, clock())).not.toBeNull();
		}
		clock.advance(20 * MINUTE);
		expect(await validateSessionToken(db, token, clock())).toBeNull();
	});

	it('when remembered, end after 14 days unused', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const { token } = await createSession(db, account.id, 'remember', clock());
		clock.advance(13 * DAY);
		expect(await validateSessionToken(db, token, clock())).not.toBeNull();
		clock.advance(14 * DAY + MINUTE);
		expect(await validateSessionToken(db, token, clock())).toBeNull();
	});

	it('when remembered, renew once half used and end after 30 days whatever happens', async () => {
		const clock = fakeClock();
		const account = await createAccount(db);
		const { token } = await createSession(db, account.id, 'remember', clock());
		clock.advance(3 * DAY);
		expect((await validateSessionToken(db, token, clock()))?.renewed).toBe(false);
		clock.advance(5 * DAY);
		const renewed = await validateSessionToken(db, token, clock());
		expect(renewed?.renewed).toBe(true);
		expect(renewed?.session.expiresAt.getTime()).toBe(clock().getTime() + 14 * DAY);
		for (let day = 8; day < 29; day += 7) {
			clock.advance(7 * DAY);
			expect(await validateSessionToken(db, token, clock())).not.toBeNull();
		}
		clock.advance(2 * DAY); // day 31
		expect(await validateSessionToken(db, token, clock())).toBeNull();
	});

	it('end on sign-out, one or all', async () => {
		const account = await createAccount(db);
		const now = new Date();
		const a = await createSession(db, account.id, 'shared', now);
		const b = await createSession(db, account.id, 'remember', now);
		const c = await createSession(db, account.id, 'shared', now);
		await invalidateSession(db, a.session.id);
		expect(await validateSessionToken(db, a.token, now)).toBeNull();
		expect(await validateSessionToken(db, b.token, now)).not.toBeNull();
		await invalidateAccountSessions(db, account.id);
		expect(await validateSessionToken(db, b.token, now)).toBeNull();
		expect(await validateSessionToken(db, c.token, now)).toBeNull();
	});
});

describe('sessionCookieOptions', () => {
	const expiresAt = new Date('2026-12-13T08:00:00Z');

	it('for a shared phone: HttpOnly, SameSite=Lax, Path=/, and no expiry (gone with the browser)', () => {
		const options = sessionCookieOptions({ mode: 'shared', expiresAt }, false);
		expect(options).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: false });
	});

	it('when remembered: expires with the session', () => {
		expect(sessionCookieOptions({ mode: 'remember', expiresAt }, true)).toEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			expires: expiresAt
		});
	});
});
