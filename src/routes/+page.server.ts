import { getDb } from '$lib/server/db';
import { listCircleNews } from '$lib/server/groups/circle-news';
import { newsLines } from '$lib/server/groups/news-lines';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	// What is new in the member's circles since they last looked: one query, however many circles.
	const circles = await listCircleNews(getDb(), locals.actor);
	return {
		circles: circles.map((circle) => ({
			id: circle.groupId,
			name: circle.name,
			news: newsLines(circle)
		}))
	};
};
