import { redirect } from '@sveltejs/kit';
import { requireSignedIn } from '$lib/server/access/require';
import { systemClock } from '$lib/server/clock';
import {
	courseNoticeLines,
	listCourseNotices,
	markCourseNoticesSeen
} from '$lib/server/courses/course-notices';
import { getDb } from '$lib/server/db';
import { listCircleNews } from '$lib/server/groups/circle-news';
import { newsLines } from '$lib/server/groups/news-lines';
import { listChangeNotices, markChangeNoteSeen } from '$lib/server/services/change-notes';
import { isProviderAccount } from '$lib/server/services/provider-page';
import type { Actions, PageServerLoad } from './$types';

// Nothing here needs a script: the page comes whole from the server and works at once on a slow
// phone, with no framework to fetch. Leave now and the live notices bring their own.
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	// What is new in the member's circles since they last looked, and what their courses have to
	// tell them: one query each, however many circles and courses.
	const [circles, courseNotices, changeNotices, provider] = await Promise.all([
		listCircleNews(db, locals.actor),
		listCourseNotices(db, locals.actor, systemClock()),
		listChangeNotices(db, locals.actor),
		isProviderAccount(db, locals.actor)
	]);
	return {
		circles: circles.map((circle) => ({
			id: circle.groupId,
			name: circle.name,
			news: newsLines(circle)
		})),
		courseNotices: courseNoticeLines(courseNotices),
		// "You said, we did" on services the member rated or complained about, until "Got it".
		changeNotices,
		provider
	};
};

export const actions: Actions = {
	/** "Got it" under a course's cancellation or change: it is not shown again. */
	courseNoticeSeen: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		await markCourseNoticesSeen(getDb(), locals.actor, data.get('courseId'), systemClock());
		redirect(303, '/');
	},

	/** "Got it" under a "you said, we did" note: it is not shown again. */
	changeNoteSeen: async ({ request, locals, url }) => {
		requireSignedIn(locals.actor, url);
		const data = await request.formData();
		await markChangeNoteSeen(getDb(), locals.actor, data.get('noteId'));
		redirect(303, '/');
	}
};
