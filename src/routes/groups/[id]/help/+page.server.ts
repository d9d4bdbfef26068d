import { fail, redirect } from '@sveltejs/kit';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { COUNTRIES, isCountry, supportMessageSchema, supportWriteError } from '$lib/schemas/help';
import { can } from '$lib/server/access/policy';
import { notFound, requireAccess, requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { acknowledgeAlert, askForHelp, readHelpCalls } from '$lib/server/groups/crisis';
import { loadGroup } from '$lib/server/groups/group-access';
import {
	openHelpConversations,
	supportMessageView,
	writeToFacilitators
} from '$lib/server/groups/support-conversation';
import { formatDateTime } from '$lib/server/i18n/format';
import { crisisContactsFor } from '$lib/server/services/directory';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';

// Plain forms and no framework to fetch on a slow phone, where a call for help must not wait: the
// conversation stays live with a small script of its own (support-thread-script.ts), the answer to
// a call with the live notices' (LiveNotices.svelte).
export const csr = false;

const helpPath = (groupId: string, country?: string) =>
	`/groups/${groupId}/help${isCountry(country) ? `?country=${country}` : ''}`;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	const context = await loadGroup(db, actor, params.id);
	const { group, resource } = context;
	const takesPart = can(actor, 'group:take-part', resource);
	const moderates = can(actor, 'group:moderate', resource);
	if (!takesPart && !moderates) notFound();

	const chosen = url.searchParams.get('country');
	const [{ country, contacts }, calls, threads] = await Promise.all([
		crisisContactsFor(db, actor, isCountry(chosen) ? chosen : null, getLocale()),
		// The member's own call and the open ones, each as far as the viewer may see them.
		readHelpCalls(db, actor, context),
		// The member's thread, seen now (the home page counts the facilitators' answers written
		// after this), and every conversation for those who moderate.
		openHelpConversations(db, actor, context, systemClock())
	]);
	const { ownRequest, openAlerts: alerts } = calls;
	const { own: ownThread, all: conversations } = threads;
	return {
		group: { id: group.id, name: group.name },
		me: { takesPart, moderates },
		country,
		countries: COUNTRIES,
		contacts: contacts.map(({ id, name, howToReach, note }) => ({ id, name, howToReach, note })),
		ownRequest: ownRequest && {
			when: formatDateTime(ownRequest.createdAt),
			seen: ownRequest.seen,
			escalated: ownRequest.escalated,
			facilitators: ownRequest.facilitators
		},
		ownThread: ownThread.map(supportMessageView),
		timeZone: config().TIME_ZONE,
		threadScript: standaloneScript('support-thread', getLocale()),
		alerts: alerts.map((alert) => ({
			id: alert.id,
			memberId: alert.memberId,
			name: alert.name ?? m.former_member(),
			when: formatDateTime(alert.createdAt)
		})),
		conversations: conversations.map((conversation) => ({
			memberId: conversation.memberId,
			name: (conversation.active && conversation.name) || m.former_member(),
			when: formatDateTime(conversation.lastAt),
			waiting: conversation.waiting && conversation.active
		})),
		// Each rendered form has a fresh key: the next press or message is not taken for a resend.
		askKey: newFormKey(systemClock()),
		writeForm: await superValidate(
			{ formKey: newFormKey(systemClock()) },
			valibot(supportMessageSchema),
			{ errors: false }
		)
	};
};

export const actions: Actions = {
	/** "I need help now". A second press while waiting is the same request. */
	ask: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		// Never refused for its key: the service takes a missing or old one as a fresh press.
		const formKey = String(data.get('formKey') ?? '');
		await askForHelp(getDb(), locals.actor, params.id, { formKey }, systemClock);
		const country = data.get('country');
		redirect(303, `${helpPath(params.id, String(country))}#status`);
	},

	write: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const db = getDb();
		// Someone who may not write here is told nothing, not what was wrong with the text.
		const { resource } = await loadGroup(db, locals.actor, params.id);
		requireAccess(locals.actor, 'group:take-part', resource);
		const data = await request.formData();
		const writeForm = await superValidate(data, valibot(supportMessageSchema));
		if (!writeForm.valid) {
			renewRefusedFormKey(writeForm, systemClock());
			return fail(400, { writeForm });
		}
		const result = await writeToFacilitators(
			db,
			locals.actor,
			params.id,
			writeForm.data,
			systemClock
		);
		if (!result.ok) {
			if (result.error === 'form_key_expired') {
				setError(writeForm, 'formKey', m.form_key_expired());
				renewRefusedFormKey(writeForm, systemClock());
				return fail(400, { writeForm });
			}
			if (result.error === 'too_fast') {
				setError(writeForm, 'body', tooFastMessage(result.retryAfterS));
				return fail(429, { writeForm });
			}
			setError(writeForm, 'body', supportWriteError(result.error));
			return fail(400, { writeForm });
		}
		redirect(303, `${helpPath(params.id, String(data.get('country')))}#conversation`);
	},

	acknowledge: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const alertId = (await request.formData()).get('alertId');
		await acknowledgeAlert(getDb(), locals.actor, params.id, alertId, systemClock);
		redirect(303, `/groups/${params.id}/help#alerts`);
	}
};
