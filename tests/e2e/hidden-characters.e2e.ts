import { expect, test, type BrowserContext } from '@playwright/test';
import { ROUTE_MATRIX } from '../route-matrix';
import { adminContext, personWithRole } from './people';

/*
 * A hidden control character in any field of any form (NUL above all, which the database cannot
 * store) is refused with a 400 and a sentence, never a 500: every form action of the route
 * matrix, sent with a NUL in each of its fields, by a visitor and by a signed-in member.
 */

test.describe.configure({ mode: 'serial' });

let admin: BrowserContext;
let member: BrowserContext;
let visitor: BrowserContext;

test.beforeAll(async ({ browser, baseURL }) => {
	admin = await adminContext(browser, baseURL!);
	member = (await personWithRole(browser, baseURL!, admin, 'member')).context;
	visitor = await browser.newContext({ baseURL });
});

test.afterAll(async () => {
	for (const context of [admin, member, visitor]) await context.close();
});

const forms = ROUTE_MATRIX.filter(
	(row) => row.method === 'POST' && row.form && Object.keys(row.form).length > 0
);

test('every form action refuses a NUL in its fields with a 400 and a sentence', async ({
	baseURL
}) => {
	test.setTimeout(120_000);
	expect(forms.length).toBeGreaterThan(10);
	for (const row of forms) {
		const form = Object.fromEntries(
			Object.entries(row.form!).map(([name, value]) => [name, `${value}\u0000`])
		);
		for (const context of [visitor, member]) {
			const response = await context.request.post(row.path, {
				form,
				maxRedirects: 0,
				headers: { accept: 'text/html', origin: baseURL! }
			});
			expect(response.status(), row.path).toBe(400);
			expect(await response.text(), row.path).toContain('hidden character');
		}
	}
});

test('a form sent by script shows the sentence too', async ({ page }) => {
	await page.goto('/login');
	// A NUL cannot be typed; a script or a broken keyboard app can put one in.
	await page.getByLabel('Nickname').evaluate((input: HTMLInputElement) => {
		input.value = 'mai\u0000';
	});
	await page.getByLabel('Passphrase').fill('gentle rain on leaves');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText(/hidden character that cannot be saved/)).toBeVisible();
});
