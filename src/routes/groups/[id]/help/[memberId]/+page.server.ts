import { fail, redirect } from '@sveltejs/kit';
import { tooFastMessage } from '$lib/groups/too-fast-message';
import { setError, superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { supportMessageSchema, supportWriteError } from '$lib/schemas/help';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { newFormKey, renewRefusedFormKey } from '$lib/server/forms/form-key';
import { acknowledgeAlert, listOpenAlerts } from '$lib/server/groups/crisis';
import { loadGroup } from '$lib/server/groups/group-access';
import {
	readConversation,
	replyToMember,
	supportMessageView
} from '$lib/server/groups/support-conversation';
import { formatDateTime } from '$lib/server/i18n/format';
import { standaloneScript } from '$lib/standalone-script-address';
import type { Actions, PageServerLoad } from './$types';

// No framework: the conversation stays live with a small script of its own
// (support-thread-script.ts); answering and "I'm on it" are plain forms.
export const csr = false;

/** A facilitator reads one member's conversation, answers it, and says "I'm on it". */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const actor = locals.actor;
	const db = getDb();
	// The group is looked up once; the conversation checks access on it (moderators of this group
	// only) before anything is read.
	const context = await loadGroup(db, actor, params.id);
	const conversation = await readConversation(db, actor, context, params.memberId);
	const alerts = (await listOpenAlerts(db, actor, context)).filter(
		(alert) => alert.memberId === conversation.member.id
	);
	return {
		group: conversation.group,
		me: { moderates: true },
		member: {
			id: conversation.member.id,
			name: (conversation.member.active && conversation.member.name) || m.former_member(),
			active: conversation.member.active
		},
		alerts: alerts.map((alert) => ({ id: alert.id, when: formatDateTime(alert.createdAt) })),
		messages: conversation.messages.map(supportMessageView),
		timeZone: config().TIME_ZONE,
		threadScript: standaloneScript('support-thread', getLocale()),
		// A fresh key for each rendered form: the next answer is not taken for a resend of the last.
		replyForm: await superValidate(
			{ formKey: newFormKey(systemClock()) },
			valibot(supportMessageSchema),
			{ errors: false }
		)
	};
};

export const actions: Actions = {
	reply: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const db = getDb();
		// Someone who may not answer here is told nothing, not what was wrong with the text.
		await readConversation(db, locals.actor, params.id, params.memberId);
		const replyForm = await superValidate(request, valibot(supportMessageSchema));
		if (!replyForm.valid) {
			renewRefusedFormKey(replyForm, systemClock());
			return fail(400, { replyForm });
		}
		const result = await replyToMember(
			db,
			locals.actor,
			params.id,
			params.memberId,
			replyForm.data,
			systemClock
		);
		if (!result.ok) {
			if (result.error === 'form_key_expired') {
				setError(replyForm, 'formKey', m.form_key_expired());
				renewRefusedFormKey(replyForm, systemClock());
				return fail(400, { replyForm });
			}
			if (result.error === 'too_fast') {
				setError(replyForm, 'body', tooFastMessage(result.retryAfterS));
				return fail(429, { replyForm });
			}
			setError(replyForm, 'body', supportWriteError(result.error));
			return fail(400, { replyForm });
		}
		redirect(303, `/groups/${params.id}/help/${params.memberId}#latest`);
	},

	acknowledge: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const alertId = (await request.formData()).get('alertId');
		await acknowledgeAlert(getDb(), locals.actor, params.id, alertId, systemClock);
		redirect(303, `/groups/${params.id}/help/${params.memberId}`);
	}
};
