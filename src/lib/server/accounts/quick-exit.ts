import type { Kysely } from 'kysely';
import type { AccountActor, Actor } from '../access/actor';
import type { DB } from '../db/schema';
import { signOut } from './own-account';

// What "Leave now" does on the server. On a shared phone, Back or a reopened tab must find nobody
// signed in, so it ends this phone's session, unless the member said it is their own phone.

/** True (the default) unless the member said "I use my own phone". */
export async function quickExitSignsOut(db: Kysely<DB>, actor: AccountActor): Promise<boolean> {
	const row = await db
		.selectFrom('account')
		.select('quick_exit_signs_out')
		.where('id', '=', actor.id)
		.executeTakeFirst();
	return row?.quick_exit_signs_out ?? true;
}

/** Ends this session (not the member's others) unless they chose otherwise; true when it did. */
export async function leaveNow(db: Kysely<DB>, actor: Actor): Promise<boolean> {
	if (actor.kind !== 'account' || !(await quickExitSignsOut(db, actor))) return false;
	await signOut(db, actor);
	return true;
}
