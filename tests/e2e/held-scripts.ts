import { expect, type Page, type Route } from '@playwright/test';

/**
 * Holds back the app's scripts on `page` from now on (their own, and those apart from the
 * framework), as a slow phone waits seconds for them; `release` lets them come.
 */
export async function holdScripts(page: Page) {
	const held: Route[] = [];
	let holding = true;
	await page.route(/\/_app\/immutable\/.*\.js(\?|$)/, (route) => {
		if (holding) held.push(route);
		else return route.continue();
	});
	return {
		async release() {
			// Asked for by now: the page's head names them (a route is heard a moment later).
			await expect.poll(() => held.length, { message: 'scripts held back' }).toBeGreaterThan(0);
			holding = false;
			await Promise.all(held.splice(0).map((route) => route.continue()));
		}
	};
}
