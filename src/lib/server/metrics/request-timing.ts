import type { Handle } from '@sveltejs/kit';
import { observeRequest } from './registry';

/**
 * Times each request through the other hooks and the route, by route id (`/groups/[id]`, never
 * the path as requested) and status. A hook or route that throws counts as a 500.
 */
export const timeRequest: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		observeRequest(
			event.route.id,
			event.request.method,
			status,
			(performance.now() - started) / 1000
		);
	}
};
