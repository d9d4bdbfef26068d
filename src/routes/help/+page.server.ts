import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { COUNTRIES, isCountry } from '$lib/schemas/help';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey } from '$lib/server/forms/form-key';
import {
	acknowledgeAlert,
	askCirclesForHelp,
	latestOwnRequest,
	listEscalatedAlerts
} from '$lib/server/groups/crisis';
import { listOwnGroups } from '$lib/server/groups/groups';
import { formatDateTime } from '$lib/server/i18n/format';
import { crisisContactsFor } from '$lib/server/services/directory';
import type { Actions, PageServerLoad } from './$types';

// Plain forms: the page comes from the server, with no framework to fetch on a slow phone, where
// a call for help must not wait. The answer to a call shows live all the same (LiveNotices.svelte).
export const csr = false;

/*
 * "I need help now" from any page: the member alerts the facilitators of all their circles (or
 * those they choose) and sees the help contacts of their country at once. Coordinators also find
 * here the calls that nobody answered in time.
 */

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	requireSignedIn(locals.actor, url);
	// Reloaded when someone answers the member's call, where the page runs scripts (reached from a
	// page that has them): LiveNotices.svelte.
	depends('circles:help');
	const actor = locals.actor;
	const db = getDb();
	const chosen = url.searchParams.get('country');
	const staff = can(actor, 'group:list-all');
	const [groups, { country, contacts }, request, calls] = await Promise.all([
		listOwnGroups(db, actor),
		crisisContactsFor(db, actor, isCountry(chosen) ? chosen : null, getLocale()),
		latestOwnRequest(db, actor),
		staff ? listEscalatedAlerts(db, actor) : []
	]);
	return {
		circles: groups
			.filter((group) => group.status === 'active')
			.map((group) => ({ id: group.id, name: group.name })),
		country,
		countries: COUNTRIES,
		contacts: contacts.map(({ id, name, howToReach, note }) => ({ id, name, howToReach, note })),
		request: request && {
			when: formatDateTime(request.createdAt),
			seen: request.seen,
			escalated: request.escalated,
			facilitators: request.facilitators
		},
		calls: calls.map((call) => ({
			id: call.id,
			groupId: call.groupId,
			circle: call.groupName,
			name: call.name ?? m.former_member(),
			when: formatDateTime(call.createdAt)
		})),
		// A fresh key for each rendered form: the next press is not taken for a resend of the last.
		askKey: newFormKey(systemClock())
	};
};

const backTo = (country: FormDataEntryValue | null, hash: string) =>
	`/help${isCountry(country) ? `?country=${country}` : ''}#${hash}`;

export const actions: Actions = {
	/** Alerts the circles ticked (all of them unless the member unticks some). */
	ask: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const groupIds = data.getAll('groupId').map(String);
		if (groupIds.length === 0) return fail(400, { askError: m.help_choose_circle_error() });
		// Never refused for its key: the service takes a missing or old one as a fresh press.
		const formKey = String(data.get('formKey') ?? '');
		await askCirclesForHelp(getDb(), locals.actor, groupIds, { formKey }, systemClock);
		redirect(303, backTo(data.get('country'), 'status'));
	},

	/** A coordinator answers a call that was passed on: it counts as the answer. */
	acknowledge: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const groupId = String(data.get('groupId') ?? '');
		await acknowledgeAlert(getDb(), locals.actor, groupId, data.get('alertId'), systemClock);
		redirect(303, '/help#calls');
	}
};
