import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { normalizePseudonym } from '$lib/accounts/pseudonym-rules';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import { hashAddress } from '../accounts';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { isBlank } from '../forms/blank';
import { hasHiddenCharacters } from '../forms/hidden-characters';
import { progressOf } from './completion';
import { loadCourse } from './course-access';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters, 60 bits: nobody finds a valid code by trying, least of all at 20 tries a window. */
const CODE_LENGTH = 12;
export const CERTIFICATE_NAME_MAX = 200;

/** Lookups of the public check page, per address, in a fixed window. */
export const LOOKUP_LIMIT = { windowMs: 10 * 60_000, max: 20 };

const newCode = () =>
	Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** "7KQ2-M9XD-4TRB", for reading and printing. */
export const groupedCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

/** A code as typed: case, spaces and dashes do not matter; O is 0, I and L are 1. */
export function normalizeCode(typed: string): string | null {
	const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

export interface CertificateFacts {
	title: string;
	provider: string;
	firstSessionAt: Date;
	lastSessionEndsAt: Date;
	timeZone: string;
	/** Scheduled hours, to the quarter hour. */
	hours: number;
}

async function factsOf(db: Kysely<DB>, courseId: string) {
	return db
		.selectFrom('course as c')
		.innerJoin('course_session as s', 's.course_id', 'c.id')
		.select([
			'c.title',
			'c.provider',
			'c.time_zone',
			(eb) => eb.fn.min('s.starts_at').as('first_at'),
			(eb) => eb.fn.max('s.ends_at').as('last_at'),
			sql<string>`sum(extract(epoch from s.ends_at - s.starts_at))`.as('seconds')
		])
		.where('c.id', '=', courseId)
		.groupBy(['c.title', 'c.provider', 'c.time_zone'])
		.executeTakeFirstOrThrow();
}

const toFacts = (row: Awaited<ReturnType<typeof factsOf>>): CertificateFacts => ({
	title: row.title,
	provider: row.provider,
	firstSessionAt: new Date(row.first_at as Date),
	lastSessionEndsAt: new Date(row.last_at as Date),
	timeZone: row.time_zone,
	hours: Math.round((Number(row.seconds) / 3600) * 4) / 4
});

export type OwnCertificate =
	| { ok: true; code: string; facts: CertificateFacts; keptName: string | null; revoked: boolean }
	| { ok: false; problem: 'not_completed' | 'not_ended' };

/**
 * The member's certificate, once they completed the course and its last session has ended. Its
 * code is made the first time it is asked for, once: whoever holds the printed page can check it.
 */
export async function readOwnCertificate(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<OwnCertificate> {
	return inTransaction(db, async (trx) => {
		const { course, enrolment, resource } = await loadCourse(trx, actor, courseId);
		requireAccess(actor, 'course:certificate', resource);
		const progress = await progressOf(trx, course, enrolment!.id, now);
		if (!progress.completed) return { ok: false, problem: 'not_completed' } as const;
		if (!progress.ended) return { ok: false, problem: 'not_ended' } as const;
		await trx
			.insertInto('course_certificate')
			.values({
				code: newCode(),
				course_id: course.id,
				enrolment_id: enrolment!.id,
				issued_at: now
			})
			.onConflict((conflict) => conflict.column('enrolment_id').doNothing())
			.execute();
		const certificate = await trx
			.selectFrom('course_certificate')
			.select(['code', 'revoked_at'])
			.where('enrolment_id', '=', enrolment!.id)
			.executeTakeFirstOrThrow();
		return {
			ok: true,
			code: certificate.code,
			facts: toFacts(await factsOf(trx, course.id)),
			keptName: enrolment!.certificate_name,
			revoked: certificate.revoked_at !== null
		} as const;
	});
}

/** The name as it will be printed: the member's own words, trimmed, without hidden characters. */
export function certificateName(
	input: unknown
): { ok: true; name: string } | { ok: false; problem: 'required' | 'invalid' | 'too_long' } {
	if (typeof input !== 'string' || isBlank(input)) return { ok: false, problem: 'required' };
	const name = normalizePseudonym(input);
	if (hasHiddenCharacters(name)) return { ok: false, problem: 'invalid' };
	if ([...name].length > CERTIFICATE_NAME_MAX) return { ok: false, problem: 'too_long' };
	return { ok: true, name };
}

/**
 * Keeps the name for the certificate on the member's enrolment, or forgets it (null). It is kept
 * only when they ask; otherwise it lives only on the page they print.
 */
export async function keepCertificateName(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	name: string | null,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'not_completed' }> {
	const { course, enrolment, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:certificate', resource);
	if (!(await progressOf(db, course, enrolment!.id, now)).completed)
		return { ok: false, problem: 'not_completed' };
	await db
		.updateTable('course_enrolment')
		.set({ certificate_name: name, updated_at: now })
		.where('id', '=', enrolment!.id)
		.execute();
	return { ok: true };
}

export type Verification =
	| { ok: true; found: (CertificateFacts & { revoked: boolean }) | null }
	| { ok: false; problem: 'too_many'; retryAfterS: number };

/**
 * The public check: what a certificate says (course, dates, hours, provider) and whether it
 * stands, never who holds it. Every lookup counts against the asking address (a keyed hash) in a
 * fixed window, found or not, so codes cannot be tried in bulk.
 */
export async function verifyCertificate(
	db: Kysely<DB>,
	typedCode: string,
	address: string,
	now: Date
): Promise<Verification> {
	const windowStart = new Date(
		Math.floor(now.getTime() / LOOKUP_LIMIT.windowMs) * LOOKUP_LIMIT.windowMs
	);
	return inTransaction(db, async (trx) => {
		const { count } = await trx
			.insertInto('certificate_lookup')
			.values({ address_hash: hashAddress(address), window_start: windowStart, count: 1 })
			.onConflict((conflict) =>
				conflict.column('address_hash').doUpdateSet((eb) => ({
					window_start: windowStart,
					count: eb
						.case()
						.when('certificate_lookup.window_start', '=', windowStart)
						.then(eb('certificate_lookup.count', '+', 1))
						.else(1)
						.end()
				}))
			)
			.returning('count')
			.executeTakeFirstOrThrow();
		if (count > LOOKUP_LIMIT.max) {
			const retryAfterS = Math.ceil(
				(windowStart.getTime() + LOOKUP_LIMIT.windowMs - now.getTime()) / 1000
			);
			return { ok: false, problem: 'too_many', retryAfterS } as const;
		}
		const code = normalizeCode(typedCode);
		const certificate = code
			? await trx
					.selectFrom('course_certificate')
					.select(['course_id', 'revoked_at'])
					.where('code', '=', code)
					.executeTakeFirst()
			: undefined;
		if (!certificate) return { ok: true, found: null } as const;
		return {
			ok: true,
			found: {
				...toFacts(await factsOf(trx, certificate.course_id)),
				revoked: certificate.revoked_at !== null
			}
		} as const;
	});
}

/** A coordinator withdraws a certificate given in error: the check page then says so. */
export async function revokeCertificate(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	enrolmentId: unknown,
	now: Date
): Promise<{ ok: true } | { ok: false; problem: 'unknown_certificate' }> {
	const { course, resource } = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:cancel', resource);
	if (!isUuid(enrolmentId)) return { ok: false, problem: 'unknown_certificate' };
	const revoked = await db
		.updateTable('course_certificate')
		.set({ revoked_at: now })
		.where('course_id', '=', course.id)
		.where('enrolment_id', '=', enrolmentId)
		.where('revoked_at', 'is', null)
		.returning('id')
		.executeTakeFirst();
	return revoked ? { ok: true } : { ok: false, problem: 'unknown_certificate' };
}

/** Housekeeping: lookup windows that have passed say nothing any more. */
export async function forgetOldLookups(db: Kysely<DB>, now: Date): Promise<void> {
	await db
		.deleteFrom('certificate_lookup')
		.where('window_start', '<', new Date(now.getTime() - LOOKUP_LIMIT.windowMs))
		.execute();
}
