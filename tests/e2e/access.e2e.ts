import {
	expect,
	test,
	type APIRequestContext,
	type APIResponse,
	type BrowserContext
} from '@playwright/test';
import { ROUTE_MATRIX, type RouteCheck, type Who } from '../route-matrix';
import { adminContext, formKeyIn, personWithRole } from './people';
import { expectSecurityHeaders } from './response-headers';

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

/** The response's status, once its security headers are found right (issue 13, point 10). */
async function statusOf(
	request: APIRequestContext,
	row: (typeof ROUTE_MATRIX)[number],
	baseURL: string,
	signedIn: boolean
) {
	const options = {
		maxRedirects: 0,
		headers: { accept: 'text/html', origin: baseURL }
	};
	const checked = (response: APIResponse) => {
		expectSecurityHeaders(response, { signedIn });
		return response;
	};
	if (row.method === 'GET') return checked(await request.get(row.path, options)).status();
	const form = { ...row.form };
	if (row.formKeyFrom) {
		// Only someone who may see the form gets its key; the others send the form without one.
		const page = checked(await request.get(row.formKeyFrom, options));
		if (page.ok()) form.formKey = formKeyIn(await page.text());
	}
	return checked(await request.post(row.path, { ...options, form })).status();
}

// Rows that sign the visitor out come last: the others need everyone still signed in.
const rows = [
	...ROUTE_MATRIX.filter((row) => !row.endsSession),
	...ROUTE_MATRIX.filter((row) => row.endsSession)
];

/** A row's name: its request (with its form: two rows may send different forms to one action). */
const title = (row: RouteCheck) =>
	`${row.method} ${row.path}${row.form ? ` ${JSON.stringify(row.form)}` : ''}: ${JSON.stringify(row.expect)}`;

for (const row of rows) {
	test(title(row), async ({ baseURL }) => {
		const got = {} as Record<Who, number>;
		for (const who of Object.keys(row.expect) as Who[]) {
			got[who] = await statusOf(contexts[who].request, row, baseURL!, who !== 'anonymous');
		}
		expect(got).toEqual(row.expect);
	});
}
