import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext } from '@playwright/test';
import { checkAccessibility } from './axe';
import { en, personIn, wordsIn } from './courses';
import { adminContext, formKeyIn } from './people';

/*
 * The coordinators' report on services (issue 12, point 7), on a phone-sized screen, in English
 * with JavaScript and in Thai without: a service with one complaint shows it as "fewer than 5";
 * no count from 1 to 4 appears on the page or in the CSV it downloads; a member finds no such page.
 */

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

/** A service, as a coordinator adds it to the directory; returns its id. */
async function addService(staff: BrowserContext, name: string) {
	const page = await staff.newPage();
	await page.goto('/services/new');
	await page.getByLabel(en('services_form_name'), { exact: true }).fill(name);
	await page.getByLabel(en('services_form_kind'), { exact: true }).selectOption('legal_aid');
	await page.getByLabel(en('services_form_country'), { exact: true }).selectOption('KH');
	await page
		.getByLabel(en('services_form_how_to_reach'), { exact: true })
		.fill('Ask at the market office');
	await page.getByRole('button', { name: en('services_form_add_submit') }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const id = new URL(page.url()).pathname.split('/')[2];
	await page.close();
	return id;
}

/** A count from 1 to 4 on its own: what the report must never show. */
const SMALL = /^[1-4]$/;

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`a coordinator reads the service report and downloads it; a member finds none (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator', {
			javaScriptEnabled,
			locale
		});
		const name = `Market legal aid ${locale} ${Math.random().toString(36).slice(2, 7)}`;
		const serviceId = await addService(
			(await personIn(browser, baseURL!, admin, 'coordinator')).context,
			name
		);

		// One member complains about it, as the complaint form sends it.
		const member = await personIn(browser, baseURL!, admin, 'member');
		const form = await member.context.request.get(`/complaints/new?service=${serviceId}`);
		const filed = await member.context.request.post('/complaints/new', {
			headers: { accept: 'text/html', origin: baseURL! },
			form: {
				formKey: formKeyIn(await form.text()),
				service: serviceId,
				kind: 'poor_service',
				whatHappened: 'Nobody came to the desk all morning.',
				answerInApp: 'yes'
			},
			maxRedirects: 0
		});
		expect(filed.status()).toBe(303);
		expect((await member.context.request.get('/services/reports')).status()).toBe(404);
		expect((await member.context.request.get('/services/reports.csv')).status()).toBe(404);

		const page = await coordinator.context.newPage();
		await page.goto('/services/reports');
		await expect(
			page.getByRole('heading', { level: 1, name: say('services_reports_title') })
		).toBeVisible();
		if (javaScriptEnabled) {
			await page.waitForLoadState('networkidle');
			expect((await checkAccessibility(page)).violations).toEqual([]);
		}
		const card = page.locator('details').filter({ hasText: name });
		await card.locator('summary').click();
		const complaints = card.getByRole('table', { name: say('services_reports_complaints') });
		await expect(
			complaints.getByRole('row', { name: say('services_reports_complaints_total') })
		).toContainText(say('services_reports_fewer'));
		for (const cell of await page.locator('td').allTextContents())
			expect(cell.trim()).not.toMatch(SMALL);

		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: say('services_reports_download') }).click()
		]);
		expect(download.suggestedFilename()).toBe('service-report.csv');
		const csv = readFileSync((await download.path())!, 'utf8');
		const row = csv.split('\r\n').find((line) => line.includes(name));
		expect(row).toContain(say('services_reports_fewer'));
		for (const line of csv.split('\r\n'))
			for (const value of line.split(',')) expect(value.trim()).not.toMatch(SMALL);
	});
}
