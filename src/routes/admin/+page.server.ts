import { fail } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { resetCodeSchema } from '$lib/schemas/accounts';
import { can } from '$lib/server/access/policy';
import { requireAccess, requireSignedIn } from '$lib/server/access/require';
import { issueResetCode } from '$lib/server/accounts/recovery';
import { listAccounts, listAuditEvents, setRole, SITE_ROLES } from '$lib/server/accounts/roles';
import { backupStatus } from '$lib/server/backup/backup-status';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import type { SiteRole } from '$lib/server/db/schema';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { formatDate, formatDateTime } from '$lib/server/i18n/format';
import { getSiteSettings, setSignupOpen } from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	requireAccess(locals.actor, 'account:list');
	const actor = locals.actor;
	const db = getDb();
	const now = systemClock();
	const [accounts, events, settings] = await Promise.all([
		listAccounts(db, actor),
		listAuditEvents(db, actor),
		getSiteSettings(db)
	]);
	return {
		accounts: accounts.map((account) => ({
			id: account.id,
			pseudonym: account.pseudonym,
			role: account.role,
			// Only the roles this actor may give this account.
			roles: SITE_ROLES.filter(
				(newRole) => newRole === account.role || can(actor, 'account:set-role', { id: account.id })
			),
			canReset: can(actor, 'reset-code:issue', { id: account.id, role: account.role }),
			// Each rendered form has a fresh key: the next code is not taken for a resend.
			resetKey: newFormKey(now)
		})),
		events: events.map((event) => ({
			id: event.id,
			action: event.action,
			actor: event.actor_pseudonym,
			subject: event.subject_pseudonym,
			from: String(event.details.from ?? ''),
			to: String(event.details.to ?? ''),
			date: formatDate(event.created_at)
		})),
		signupOpen: settings.signupOpen,
		canManageSettings: can(actor, 'settings:manage'),
		backup: can(actor, 'settings:manage') ? describeBackup(now) : undefined
	};
};

/** The server's own backups (embedded PGlite only), formatted for the page. */
function describeBackup(now: Date) {
	const settings = config();
	const status = backupStatus(
		{
			embedded: !settings.DATABASE_URL && !settings.DATA_DIR.startsWith('memory://'),
			dir: settings.BACKUP_DIR,
			everyHours: settings.BACKUP_EVERY_HOURS
		},
		now
	);
	if (status.state === 'off' || status.state === 'none') return { state: status.state };
	return {
		state: status.state,
		date: formatDateTime(status.at),
		size: new Intl.NumberFormat(getLocale(), {
			style: 'unit',
			unit: 'megabyte',
			maximumFractionDigits: 1
		}).format(status.bytes / 1_000_000)
	};
}

const isRole = (value: unknown): value is SiteRole => SITE_ROLES.includes(value as SiteRole);

export const actions: Actions = {
	role: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const form = await request.formData();
		const accountId = String(form.get('accountId'));
		const role = form.get('role');
		if (!isRole(role)) return fail(400, { accountId, invalid: true });
		await setRole(getDb(), locals.actor, accountId, role);
		return { accountId, roleSaved: true };
	},

	/** A resend of the same form shows the same code (server/forms/repeat-safe.ts). */
	reset: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const resetForm = await superValidate(request, valibot(resetCodeSchema));
		const { accountId } = resetForm.data;
		if (!resetForm.valid) {
			renewRefusedFormKey(resetForm, systemClock());
			return fail(400, { accountId, resetForm });
		}
		const result = await issueResetCode(
			getDb(),
			locals.actor,
			accountId,
			resetForm.data,
			systemClock
		);
		if (!result.ok) {
			setError(resetForm, 'formKey', m.form_key_expired());
			renewRefusedFormKey(resetForm, systemClock());
			return fail(400, { accountId, resetForm });
		}
		return { accountId, resetCode: result.code };
	},

	settings: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const open = (await request.formData()).get('signupOpen') === 'on';
		await setSignupOpen(getDb(), locals.actor, open);
		return { settingsSaved: true };
	}
};
