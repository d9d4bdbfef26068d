import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import {
	answerProposedEdit,
	changeOwnComment,
	readOwnComment
} from '$lib/server/services/comments';
import { PUBLIC_TEXT_MAX } from '$lib/server/services/moderated-text';
import { publicTextHint, textProblemMessage } from '$lib/server/services/moderation-words';
import type { Actions, PageServerLoad } from './$types';

// Plain forms, each sent whole: the page comes from the server, with no framework to fetch on a
// slow phone.
export const csr = false;

// The author's view of their comment: waiting, published (or waiting for 10 raters), declined,
// or with a coordinator's proposed edit to accept or decline. An unpublished one can be rewritten.

const SAID = {
	accepted: m.services_own_comment_accepted,
	kept: m.services_own_comment_kept,
	sent: m.services_own_comment_sent
};
type Said = keyof typeof SAID;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const page = await readOwnComment(getDb(), locals.actor, params.id);
	const said = url.searchParams.get('done');
	return {
		...page,
		said: said && said in SAID ? SAID[said as Said]() : null,
		textMax: PUBLIC_TEXT_MAX,
		hint: publicTextHint()
	};
};

const back = (id: string, said: Said) => redirect(303, `/services/${id}/comment?done=${said}`);

export const actions: Actions = {
	accept: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const result = await answerProposedEdit(getDb(), locals.actor, params.id, true);
		if (!result.ok) return fail(409, { problem: m.services_own_comment_no_proposal() });
		back(params.id, 'accepted');
	},
	decline: async ({ locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const result = await answerProposedEdit(getDb(), locals.actor, params.id, false);
		if (!result.ok) return fail(409, { problem: m.services_own_comment_no_proposal() });
		back(params.id, 'kept');
	},
	change: async ({ request, locals, params, url }) => {
		requireSignedIn(locals.actor, url);
		const text = (await request.formData()).get('text');
		const result = await changeOwnComment(getDb(), locals.actor, params.id, text);
		if (result.ok) back(params.id, 'sent');
		else if (result.problem === 'published')
			return fail(409, { problem: m.services_own_comment_published() });
		else
			return fail(400, {
				text: typeof text === 'string' ? text : '',
				error: textProblemMessage(result.problem)
			});
	}
};
