import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { en, expectRefused, personIn, wordsIn, type Say } from './courses';
import { adminContext } from './people';

/*
 * The one service directory (issue 12, point 1), on a phone-sized screen. A coordinator adds
 * services (a form with a field left empty is refused beside it, everything typed kept) and
 * archives one after saying yes; a member finds a service by country, kind and language, in
 * English with JavaScript and in Thai without; "I need help now" shows the country's crisis
 * entries from the directory.
 */

interface NewService {
	name: string;
	kind: string;
	country: string;
	languages: string[];
	howToReach: string;
	crisis?: boolean;
}

/** Fills the service form (as a coordinator, in English) with everything but the name. */
async function fillService(page: Page, service: NewService) {
	await page.getByLabel(en('services_form_kind'), { exact: true }).selectOption(service.kind);
	await page.getByLabel(en('services_form_country'), { exact: true }).selectOption(service.country);
	const languages = page.getByRole('group', { name: en('services_form_languages') });
	// The form offers the coordinator's own language ticked: only the ones asked for stay.
	for (const box of await languages.getByRole('checkbox').all()) await box.uncheck();
	for (const language of service.languages)
		await languages.getByRole('checkbox', { name: language, exact: true }).check();
	await page.getByLabel(en('services_form_how_to_reach'), { exact: true }).fill(service.howToReach);
	if (service.crisis) await page.getByLabel(en('services_form_crisis')).check();
}

/** Adds a service on /services/new; returns its id. */
async function addService(staff: BrowserContext, service: NewService): Promise<string> {
	const page = await staff.newPage();
	await page.goto('/services/new');
	await page.getByLabel(en('services_form_name'), { exact: true }).fill(service.name);
	await fillService(page, service);
	await page.getByRole('button', { name: en('services_form_add_submit') }).click();
	await expect(page.getByRole('heading', { level: 1, name: service.name })).toBeVisible();
	await expect(page.getByText(en('services_added'))).toBeVisible();
	const id = new URL(page.url()).pathname.split('/')[2];
	await page.close();
	return id;
}

test('a coordinator adds services (bad input refused, typed text kept) and archives one', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const admin = await adminContext(browser, baseURL!);
	const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
	const suffix = Math.random().toString(36).slice(2, 7);
	const page = await coordinator.context.newPage();

	await page.goto('/services');
	await page.getByRole('link', { name: en('services_add_link') }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: en('services_new_title') })
	).toBeVisible();
	const service = {
		name: `Night shelter ${suffix}`,
		kind: 'shelter',
		country: 'KH',
		languages: ['Khmer'],
		howToReach: 'Ask the commune office for the address'
	};
	// The name left empty: refused beside it, nothing stored, the rest kept as typed.
	await fillService(page, service);
	await page.getByRole('button', { name: en('services_form_add_submit') }).click();
	const name = page.getByLabel(en('services_form_name'), { exact: true });
	await expectRefused(name, en('field_required'));
	await expect(page.getByLabel(en('services_form_how_to_reach'), { exact: true })).toHaveValue(
		service.howToReach
	);
	await expect(page.getByLabel(en('services_form_country'), { exact: true })).toHaveValue('KH');
	await expect(page.getByRole('checkbox', { name: 'Khmer', exact: true })).toBeChecked();
	expect((await checkAccessibility(page)).violations).toEqual([]);
	await name.fill(service.name);
	await page.getByRole('button', { name: en('services_form_add_submit') }).click();
	await expect(page.getByRole('heading', { level: 1, name: service.name })).toBeVisible();
	await expect(page.getByText(service.howToReach)).toBeVisible();
	expect((await checkAccessibility(page)).violations).toEqual([]);

	// Archived after a question: members no longer find it; staff still open it.
	await page.getByRole('link', { name: en('services_edit_link') }).click();
	await page.getByRole('link', { name: en('services_archive_start') }).click();
	await expect(
		page.getByText(en('services_archive_question', { name: service.name }))
	).toBeVisible();
	expect((await checkAccessibility(page)).violations).toEqual([]);
	await page.getByRole('button', { name: en('services_archive_confirm') }).click();
	await expect(page.getByText(en('services_archived_done'))).toBeVisible();
	await expect(page.getByText(en('services_archived_notice'))).toBeVisible();
	const id = new URL(page.url()).pathname.split('/')[2];

	const member = await personIn(browser, baseURL!, admin, 'member');
	const memberPage = await member.context.newPage();
	await memberPage.goto('/services?country=KH&kind=shelter');
	await expect(
		memberPage.getByRole('heading', { name: en('services_results_heading') })
	).toBeVisible();
	await expect(memberPage.getByRole('link', { name: service.name })).toHaveCount(0);
	expect((await memberPage.goto(`/services/${id}`))?.status()).toBe(404);
	await page.goto('/services?country=KH&kind=shelter&archived=on');
	await expect(page.getByRole('link', { name: service.name })).toBeVisible();
});

/** axe runs in the page: only where scripts run, as in the other files. */
async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`a member finds a service by country, kind and language, and the crisis entries on "I need help now" (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const say: Say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
		const suffix = `${locale} ${Math.random().toString(36).slice(2, 7)}`;
		const legal = `Riverside legal aid ${suffix}`;
		const legalLao = `Village legal clinic ${suffix}`;
		const hotline = `Mekong helpline ${suffix}`;
		const legalId = await addService(coordinator.context, {
			name: legal,
			kind: 'legal_aid',
			country: 'LA',
			languages: ['Lao', 'English'],
			howToReach: 'Walk in at the district office'
		});
		await addService(coordinator.context, {
			name: legalLao,
			kind: 'legal_aid',
			country: 'LA',
			languages: ['Lao'],
			howToReach: 'Ask the village chief'
		});
		await addService(coordinator.context, {
			name: hotline,
			kind: 'hotline',
			country: 'LA',
			languages: ['Lao'],
			howToReach: `Ask your facilitator for the number (${suffix})`,
			crisis: true
		});

		const member = await personIn(browser, baseURL!, admin, 'member', {
			javaScriptEnabled,
			locale
		});
		const page = await member.context.newPage();
		await page.goto('/');
		await page.getByRole('link', { name: say('services_nav'), exact: true }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: say('services_title') })
		).toBeVisible();
		await page.getByLabel(say('services_filter_country'), { exact: true }).selectOption('LA');
		await page.getByLabel(say('services_filter_kind'), { exact: true }).selectOption('legal_aid');
		await page.getByLabel(say('services_filter_language'), { exact: true }).selectOption('en');
		await page.getByRole('button', { name: say('services_filter_submit') }).click();
		await expect(page).toHaveURL(/country=LA/);
		await expect(page.getByRole('link', { name: legal })).toBeVisible();
		// Lao only, and a hotline: not what was asked for.
		await expect(page.getByRole('link', { name: legalLao })).toHaveCount(0);
		await expect(page.getByRole('link', { name: hotline })).toHaveCount(0);
		const entry = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('link', { name: legal }) });
		await expect(entry).toContainText(say('services_kind_legal_aid'));
		await expect(entry).toContainText(
			`${say('services_language_en')}, ${say('services_language_lo')}`
		);
		await expect(entry).toContainText('Walk in at the district office');
		await expectAccessible(page, javaScriptEnabled);

		await page.getByRole('link', { name: legal }).click();
		await expect(page.getByRole('heading', { level: 1, name: legal })).toBeVisible();
		await expect(page.getByRole('link', { name: say('services_rate_link') })).toHaveAttribute(
			'href',
			new RegExp(`/services/${legalId}/rate$`)
		);
		await expect(page.getByRole('link', { name: say('services_complain_link') })).toHaveAttribute(
			'href',
			new RegExp(`/complaints/new\\?service=${legalId}$`)
		);
		// Coordinators' links are not a member's.
		await expect(page.getByRole('link', { name: say('services_edit_link') })).toHaveCount(0);
		await expectAccessible(page, javaScriptEnabled);

		// "I need help now" for Laos: the directory's crisis entries, no other service.
		await page.goto('/help?country=LA');
		const contacts = page.locator('#contacts');
		await expect(contacts.getByText(hotline)).toBeVisible();
		await expect(
			contacts.getByText(`Ask your facilitator for the number (${suffix})`)
		).toBeVisible();
		await expect(contacts.getByText(legal)).toHaveCount(0);
		await expectAccessible(page, javaScriptEnabled);
	});
}
