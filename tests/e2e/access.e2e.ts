import { expect, test, type APIRequestContext, type BrowserContext } from '@playwright/test';
import { ROUTE_MATRIX, type Who } from '../route-matrix';
import { adminContext, formKeyIn, personWithRole } from './people';

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
	if (row.method === 'GET') return (await request.get(row.path, options)).status();
	const form = { ...row.form };
	if (row.formKeyFrom) {
		// Only someone who may see the form gets its key; the others send the form without one.
		const page = await request.get(row.formKeyFrom, options);
		if (page.ok()) form.formKey = formKeyIn(await page.text());
	}
	return (await request.post(row.path, { ...options, form })).status();
}

// Rows that sign the visitor out come last: the others need everyone still signed in.
const rows = [
	...ROUTE_MATRIX.filter((row) => !row.endsSession),
	...ROUTE_MATRIX.filter((row) => row.endsSession)
];

for (const row of rows) {
	test(`${row.method} ${row.path}: ${JSON.stringify(row.expect)}`, async ({ baseURL }) => {
		const got = {} as Record<Who, number>;
		for (const who of Object.keys(row.expect) as Who[]) {
			got[who] = await statusOf(contexts[who].request, row, baseURL!);
		}
		expect(got).toEqual(row.expect);
	});
}
