import { scoreLines } from '$lib/components/services/rating-scale';
import { m } from '$lib/paraglide/messages';
import { can } from '$lib/server/access/policy';
import { requireSignedIn } from '$lib/server/access/require';
import { getDb } from '$lib/server/db';
import { getService } from '$lib/server/services/directory';
import { loadService } from '$lib/server/services/service-access';
import { serviceView } from '$lib/server/services/service-words';
import { scoreFilterFrom, serviceScoresView } from '$lib/server/services/scores-view';
import { formatDate } from '$lib/server/i18n/format';
import { listChangeNotes } from '$lib/server/services/change-notes';
import { readPageComments } from '$lib/server/services/comments';
import type { PageServerLoad } from './$types';

const DONE = new Map([
	['added', m.services_added],
	['saved', m.services_saved],
	['archived', m.services_archived_done]
]);

/** A service's page: what it is and how to reach it, and what the reader may do about it. */
// A service's facts, scores and comments, and links: the page comes whole from the server, with no
// framework to fetch on a slow phone.
export const csr = false;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const db = getDb();
	// Looked up once; each reader below checks access on it.
	const context = await loadService(db, locals.actor, params.id);
	const { service, resource } = await getService(db, locals.actor, context);
	const [{ figures, ...scores }, comments, changeNotes] = await Promise.all([
		serviceScoresView(db, locals.actor, context, scoreFilterFrom(url.searchParams)),
		// Comments (from 10 raters, approved, no names or dates) with the member's own, and
		// "you said, we did" notes.
		readPageComments(db, locals.actor, context),
		listChangeNotes(db, locals.actor, context)
	]);
	return {
		service: serviceView(service),
		scores: { ...scores, shown: figures && scoreLines(figures) },
		mayRate: can(locals.actor, 'service:rate', resource),
		mayComplain: can(locals.actor, 'service:complain', resource),
		mayManage: can(locals.actor, 'service:manage'),
		comments: comments.published,
		hasOwnComment: comments.own !== null,
		changeNotes: changeNotes.map((note) => ({
			id: note.id,
			body: note.body,
			on: m.services_said_on({ date: formatDate(note.publishedAt) })
		})),
		done: DONE.get(url.searchParams.get('done') ?? '')?.() ?? null
	};
};
