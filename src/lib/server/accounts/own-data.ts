import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { requireAccess } from '../access/require';
import type { DB } from '../db/schema';
import { exportOwnCourseData } from '../courses';
import { exportOwnGroupData } from '../groups';
import { exportOwnSavingsData } from '../savings';
import { exportOwnServiceData } from '../services';

/**
 * Everything the platform holds about the member, as they may download it: their rows, never
 * someone else's, and never a secret (hashes of passphrases, codes or session tokens).
 */
export async function exportOwnData(db: Kysely<DB>, actor: Actor) {
	requireAccess(actor, 'account:manage-own');
	const id = actor.id;
	const [
		account,
		sessions,
		recoveryCodes,
		invitations,
		joinedWith,
		audit,
		inCircles,
		inSavings,
		inCourses,
		inServices
	] = await Promise.all([
		db
			.selectFrom('account')
			.select(['pseudonym', 'role', 'locale', 'country', 'quick_exit_signs_out', 'created_at'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('session')
			.select(['mode', 'created_at', 'expires_at'])
			.where('account_id', '=', id)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('recovery_code')
			.select(['created_at', 'used_at'])
			.where('account_id', '=', id)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('invitation')
			.select(['label', 'max_uses', 'use_count', 'expires_at', 'revoked_at', 'created_at'])
			.where('issued_by', '=', id)
			.orderBy('created_at')
			.execute(),
		db.selectFrom('invitation_use').select(['used_at']).where('account_id', '=', id).execute(),
		db
			.selectFrom('audit_event')
			.select(['action', 'details', 'created_at'])
			.where((eb) => eb.or([eb('actor_id', '=', id), eb('subject_id', '=', id)]))
			.orderBy('created_at')
			.execute(),
		// Their places in circles and everything they wrote or did there, from the circles.
		exportOwnGroupData(db, actor),
		// Their savings books, from the savings groups.
		exportOwnSavingsData(db, actor),
		// Their places in courses and the courses they train, from the courses.
		exportOwnCourseData(db, actor),
		// Their ratings of services and their complaints, from the services.
		exportOwnServiceData(db, actor)
	]);
	return {
		exportedAt: new Date().toISOString(),
		account,
		sessions,
		recoveryCodes: {
			total: recoveryCodes.length,
			unused: recoveryCodes.filter((code) => code.used_at === null).length,
			createdAt: recoveryCodes[0]?.created_at ?? null
		},
		invitationsIssued: invitations,
		joinedWithInvitationAt: joinedWith.map((use) => use.used_at),
		accountEvents: audit,
		...inCircles,
		...inSavings,
		...inCourses,
		...inServices
	};
}
