import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { ROUTE_MATRIX, type Who } from '../route-matrix';
import { adminContext, personWithRole } from './people';

test.describe.configure({ mode: 'serial' });

const contexts = {} as Record<Who, BrowserContext>;

test.beforeAll(async ({ browser, baseURL }) => {
	const admin = await adminContext(browser, baseURL!);
	contexts.admin = admin;
	contexts.anonymous = await browser.newContext({ baseURL });
	contexts.member = (await personWithRole(browser, baseURL!, admin, 'member')).context;
	contexts.coordinator = (await personWithRole(browser, baseURL!, admin, 'coordinator')).context;
});

test.afterAll(async () => {
	for (const context of Object.values(contexts)) await context.close();
});

async function statusOf(
	request: APIRequestContext,
	row: (typeof ROUTE_MATRIX)[number],
	baseURL: string
) {
	const options = {
		maxRedirects: 0,
		headers: { accept: 'text/html', origin: baseURL }
	};
	const response =
		row.method === 'GET'
			? await request.get(row.path, options)
			: await request.post(row.path, { ...options, form: row.form ?? {} });
	return response.status();
}

for (const row of ROUTE_MATRIX) {
	test(`${row.method} ${row.path}: ${JSON.stringify(row.expect)}`, async ({ baseURL }) => {
		const got = {} as Record<Who, number>;
		for (const who of Object.keys(row.expect) as Who[]) {
			got[who] = await statusOf(contexts[who].request, row, baseURL!);
		}
		expect(got).toEqual(row.expect);
	});
}
