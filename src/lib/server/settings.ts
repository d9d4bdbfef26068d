import type { Kysely } from 'kysely';
import type { Actor } from './access/actor';
import { requireAccess } from './access/require';
import { recordAudit } from './audit';
import type { DB } from './db/schema';
import { inTransaction } from './db/transaction';

/** Site-wide choices an admin makes, with their defaults. */
export interface SiteSettings {
	/** Whether people may sign up without an invitation code. Closed by default. */
	signupOpen: boolean;
}

const DEFAULTS: SiteSettings = { signupOpen: false };

export async function getSiteSettings(db: Kysely<DB>): Promise<SiteSettings> {
	const rows = await db.selectFrom('site_setting').select(['key', 'value']).execute();
	const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
	return { signupOpen: stored.signupOpen === true ? true : DEFAULTS.signupOpen };
}

export async function setSignupOpen(db: Kysely<DB>, actor: Actor, open: boolean): Promise<void> {
	requireAccess(actor, 'settings:manage');
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('site_setting')
			.values({ key: 'signupOpen', value: JSON.stringify(open) })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({ value: JSON.stringify(open), updated_at: new Date() })
			)
			.execute();
		await recordAudit(trx, {
			actorId: actor.id,
			action: 'settings.changed',
			details: { signupOpen: open }
		});
	});
}
