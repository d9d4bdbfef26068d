import { expect, test, type Page } from '@playwright/test';
import { NO_GROUP, ROUTE_MATRIX, type Who } from '../route-matrix';
import { createGroupOnPage, groupCode, memberOfGroup } from './groups';
import { adminContext } from './people';

/**
 * The pages a visitor (`anonymous`) or a member can open, from the route matrix. A circle's pages
 * are listed there for a circle nobody is in; here they are opened in the member's own circle.
 */
function pagesFor(who: Exclude<Who, 'coordinator' | 'admin'>, groupId = NO_GROUP): string[] {
	const paths = ROUTE_MATRIX.filter(
		(row) =>
			row.method === 'GET' &&
			(row.expect[who] === 200 || (who === 'member' && row.path.includes(NO_GROUP)))
	).map((row) => row.path.replaceAll(NO_GROUP, groupId));
	return [...new Set(paths)];
}

/** Every console error, uncaught exception and refused Content-Security-Policy of a page. */
function watch(page: Page): string[] {
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
	});
	page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
	return problems;
}

/** Opens each HTML page that answers 200 and waits until its script has taken over. */
async function visitAll(page: Page, paths: string[]): Promise<string[]> {
	const visited: string[] = [];
	for (const path of paths) {
		// Asked first without the browser: a 404 or a download is not a page to watch.
		const response = await page.request.get(path, { maxRedirects: 0 });
		if (response.status() !== 200 || !response.headers()['content-type']?.includes('text/html'))
			continue;
		await page.goto(path);
		// SvelteKit adds its route announcer once the page is running; a page without scripts of
		// its own (csr = false) has no start-up script and nothing to wait for.
		if (await page.locator('link[rel="modulepreload"]').count())
			await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
		visited.push(path);
	}
	return visited;
}

test('signed out: no console error on any page', async ({ page }) => {
	const problems = watch(page);
	const visited = await visitAll(page, pagesFor('anonymous'));
	expect(visited).toEqual(expect.arrayContaining(['/', '/safety', '/signup', '/login']));
	expect(problems).toEqual([]);
});

test('a member: no console error on any page', async ({ browser, baseURL }) => {
	// Every page a member can open, one after another: on two busy cores, more than the default 45 s.
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const groupId = await createGroupOnPage(admin);
	const member = await memberOfGroup(browser, baseURL!, await groupCode(admin, groupId), groupId);
	const { page } = member;
	const problems = watch(page);

	const visited = await visitAll(page, pagesFor('member', groupId));
	expect(visited).toEqual(
		expect.arrayContaining(['/account', '/groups', `/groups/${groupId}`, `/groups/${groupId}/log`])
	);
	expect(problems).toEqual([]);

	await Promise.all([admin.close(), member.context.close()]);
});
