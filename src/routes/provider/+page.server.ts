import { fail, redirect } from '@sveltejs/kit';
import { complaintKindName, complaintStatusName } from '$lib/complaints/complaint-words';
import { scoreLines } from '$lib/components/services/rating-scale';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import { getDb } from '$lib/server/db';
import { newFormKey } from '$lib/server/forms/form-key';
import { FormKeyExpiredError } from '$lib/server/forms/repeat-safe';
import { formatDate, formatNumber } from '$lib/server/i18n/format';
import { PUBLIC_TEXT_MAX } from '$lib/server/services/moderated-text';
import { textProblemMessage } from '$lib/server/services/moderation-words';
import { readProviderServices } from '$lib/server/services/provider-page';
import { replyToComment } from '$lib/server/services/replies';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// A provider account's page: for each service it is bound to, the published scores, the
// approved comments with a public reply form, and the complaints members agreed it may see.

const REPLY_STATE = {
	pending: m.services_provider_reply_pending,
	approved: m.services_provider_reply_approved,
	declined: m.services_provider_reply_declined
};

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const now = systemClock();
	const services = await readProviderServices(getDb(), locals.actor);
	return {
		services: services.map((service) => ({
			id: service.id,
			name: service.name,
			archived: service.archived,
			mayReply: service.mayReply,
			scores: service.figures && scoreLines(service.figures),
			comments: service.comments.map((comment) => ({
				ratingId: comment.ratingId,
				text: comment.text,
				// One key per form: each reply is its own thing to create.
				formKey: newFormKey(now),
				replies: comment.replies.map((reply) => ({
					id: reply.id,
					body: reply.body,
					state: REPLY_STATE[reply.state]()
				}))
			})),
			complaints: service.complaints.map((complaint) => ({
				id: complaint.id,
				kind: complaintKindName(complaint.kind),
				status: complaintStatusName(complaint.status),
				whatHappened: complaint.whatHappened,
				received: m.services_provider_complaint_received({ date: formatDate(complaint.createdAt) })
			}))
		})),
		sent: url.searchParams.has('sent'),
		textMax: PUBLIC_TEXT_MAX,
		hint: m.services_provider_reply_hint({ max: formatNumber(PUBLIC_TEXT_MAX) })
	};
};

export const actions: Actions = {
	reply: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const ratingId = data.get('ratingId');
		const body = data.get('body');
		const formKey = data.get('formKey');
		const now = systemClock();
		const refuse = (error: string) =>
			fail(400, {
				ratingId: String(ratingId),
				body: typeof body === 'string' ? body : '',
				error,
				formKey: newFormKey(now)
			});
		try {
			const result = await replyToComment(
				getDb(),
				locals.actor,
				ratingId,
				{ body, formKey: typeof formKey === 'string' ? formKey : '' },
				now
			);
			if (!result.ok) return refuse(textProblemMessage(result.problem));
		} catch (error) {
			if (!(error instanceof FormKeyExpiredError)) throw error;
			return refuse(m.form_key_expired());
		}
		redirect(303, '/provider?sent');
	}
};
