import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { formatNumber } from '$lib/server/i18n/format';
import {
	decideComment,
	listPendingComments,
	proposeCommentEdit
} from '$lib/server/services/comments';
import { PUBLIC_TEXT_MAX } from '$lib/server/services/moderated-text';
import { textProblemMessage } from '$lib/server/services/moderation-words';
import { decideReply, listPendingReplies } from '$lib/server/services/replies';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// Coordinators read pending comments and providers' replies, and approve, decline, or propose a
// version of a comment without identifying details. Nothing here says who wrote what, or when.

const DONE = '/services/moderation?done';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	const [comments, replies] = await Promise.all([
		listPendingComments(db, locals.actor),
		listPendingReplies(db, locals.actor)
	]);
	return {
		comments,
		replies,
		done: url.searchParams.has('done'),
		textMax: PUBLIC_TEXT_MAX,
		proposeHint: m.services_mod_propose_hint({ max: formatNumber(PUBLIC_TEXT_MAX) })
	};
};

/** Already decided by someone else: the page, read again, shows what is left. */
const taken = () => fail(409, { problem: m.services_mod_not_pending() });

async function decideOnComment(
	request: Request,
	locals: App.Locals,
	url: URL,
	decision: 'approve' | 'decline'
) {
	requireSignedIn(locals.actor, url);
	const data = await request.formData();
	const result = await decideComment(getDb(), locals.actor, data.get('ratingId'), decision);
	if (!result.ok) return taken();
	redirect(303, DONE);
}

async function decideOnReply(
	request: Request,
	locals: App.Locals,
	url: URL,
	decision: 'approve' | 'decline'
) {
	requireSignedIn(locals.actor, url);
	const data = await request.formData();
	const result = await decideReply(getDb(), locals.actor, data.get('replyId'), decision);
	if (!result.ok) return taken();
	redirect(303, DONE);
}

export const actions: Actions = {
	approveComment: ({ request, locals, url }) => decideOnComment(request, locals, url, 'approve'),
	declineComment: ({ request, locals, url }) => decideOnComment(request, locals, url, 'decline'),
	proposeEdit: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		const ratingId = data.get('ratingId');
		const text = data.get('text');
		const result = await proposeCommentEdit(getDb(), locals.actor, ratingId, text);
		if (result.ok) redirect(303, DONE);
		if (result.problem === 'not_pending') return taken();
		return fail(400, {
			ratingId: String(ratingId),
			text: typeof text === 'string' ? text : '',
			error: textProblemMessage(result.problem)
		});
	},
	approveReply: ({ request, locals, url }) => decideOnReply(request, locals, url, 'approve'),
	declineReply: ({ request, locals, url }) => decideOnReply(request, locals, url, 'decline')
};
