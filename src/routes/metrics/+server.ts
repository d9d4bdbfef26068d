import { notFound } from '$lib/server/access/require';
import { mayReadMetrics, metricsAccess, metricsRequest, scrapeMetrics } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

/**
 * Prometheus metrics, for this machine's loopback interface or a bearer of METRICS_TOKEN; anyone
 * else gets the 404 of a page that does not exist (lib/server/metrics/access.ts).
 */
export const GET: RequestHandler = async (event) => {
	if (!mayReadMetrics(metricsRequest(event), metricsAccess())) notFound();
	const { contentType, body } = await scrapeMetrics();
	return new Response(body, {
		headers: { 'content-type': contentType, 'cache-control': 'no-store' }
	});
};
