import { expect, test, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { en, expectRefused, personIn, wordsIn, type Say } from './courses';
import { adminContext } from './people';

/*
 * A member rates a service they used (issue 12, point 2), on a phone-sized screen, in English
 * with JavaScript and in Thai without: a rating without "I used this service" is refused beside
 * the box with every answer kept; then it is saved, changed and, after a confirmation, withdrawn.
 * The service page says there are not enough ratings for scores yet, and no page's data carries
 * a date or the rater's nickname.
 */

/** axe runs in the page: only where scripts run, as in the other files. */
async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
}

/** Chooses an answer (by its word) to one of the four questions. */
async function answer(page: Page, say: Say, question: string, word: string) {
	await page
		.getByRole('radiogroup', { name: say(question) })
		.getByRole('radio', { name: say(word), exact: true })
		.check();
}

/**
 * What a page sends its script (its own data, past the layout's, which names the viewer): no date
 * of any kind, nor the nickname of whoever rated.
 */
async function expectNoDatesNorRater(page: Page, path: string, pseudonym: string) {
	const body = (await (await page.request.get(`${path}/__data.json`)).json()) as {
		nodes: unknown[];
	};
	const own = JSON.stringify(body.nodes.at(-1));
	expect(own).toContain('"type":"data"');
	expect(own).not.toMatch(/\d{4}-\d{2}-\d{2}/);
	expect(own).not.toContain(pseudonym);
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`a member rates a service, changes the rating and withdraws it (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
		const name = `Harbour counselling ${locale} ${Math.random().toString(36).slice(2, 7)}`;

		// The service, as a coordinator adds it to the directory.
		const staff = await coordinator.context.newPage();
		await staff.goto('/services/new');
		await staff.getByLabel(en('services_form_name'), { exact: true }).fill(name);
		await staff.getByLabel(en('services_form_kind'), { exact: true }).selectOption('counselling');
		await staff.getByLabel(en('services_form_country'), { exact: true }).selectOption('TH');
		await staff
			.getByLabel(en('services_form_how_to_reach'), { exact: true })
			.fill('Ask at the harbour office');
		await staff.getByRole('button', { name: en('services_form_add_submit') }).click();
		await expect(staff.getByRole('heading', { level: 1, name })).toBeVisible();
		const id = new URL(staff.url()).pathname.split('/')[2];

		const member = await personIn(browser, baseURL!, admin, 'member', {
			javaScriptEnabled,
			locale
		});
		const page = await member.context.newPage();
		await page.goto(`/services/${id}`);
		await expect(page.getByRole('heading', { name: say('rating_scores_heading') })).toBeVisible();
		await expect(page.getByText(say('rating_scores_none'))).toBeVisible();
		await page.getByRole('link', { name: say('services_rate_link') }).click();
		const title = say('rating_title', { service: name });
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);

		// Without "I used this service": refused beside the box, the answers and comment kept.
		await answer(page, say, 'rating_dim_respect', 'feedback_scale_5');
		await answer(page, say, 'rating_dim_helped', 'feedback_scale_4');
		await answer(page, say, 'rating_dim_safe', 'feedback_scale_5');
		await answer(page, say, 'rating_dim_reach', 'feedback_scale_2');
		const comment = page.getByLabel(say('rating_comment_label'), { exact: true });
		await comment.fill('The phone line was busy for days.');
		await page.getByRole('button', { name: say('rating_submit') }).click();
		const used = page.getByLabel(say('rating_used_label'), { exact: true });
		await expectRefused(used, say('rating_used_required'));
		await expect(page.getByText(say('form_fix_errors'))).toBeVisible();
		await expect(
			page
				.getByRole('radiogroup', { name: say('rating_dim_reach') })
				.getByRole('radio', { name: say('feedback_scale_2'), exact: true })
		).toBeChecked();
		await expect(comment).toHaveValue('The phone line was busy for days.');
		await expectAccessible(page, javaScriptEnabled);

		await used.check();
		await page.getByRole('button', { name: say('rating_submit') }).click();
		await expect(page.getByText(say('rating_saved'))).toBeVisible();
		const own = page.getByRole('region', { name: say('rating_own_heading') });
		await expect(own).toContainText(say('rating_comment_state_pending'));
		const ownReach = own
			.locator('div')
			.filter({ has: page.locator('dt', { hasText: say('rating_dim_reach') }) })
			.locator('dd');
		await expect(ownReach).toContainText(say('feedback_scale_2'));
		await expectAccessible(page, javaScriptEnabled);

		// Changed: the form holds the rating given; the box is ticked again.
		await answer(page, say, 'rating_dim_reach', 'feedback_scale_3');
		await page.getByLabel(say('rating_used_label'), { exact: true }).check();
		await page.getByRole('button', { name: say('rating_save_change') }).click();
		await expect(page.getByText(say('rating_saved'))).toBeVisible();
		await expect(ownReach).toContainText(say('feedback_scale_3'));
		await expectNoDatesNorRater(page, `/services/${id}/rate`, member.pseudonym);
		await expectNoDatesNorRater(page, `/services/${id}`, member.pseudonym);
		await expectNoDatesNorRater(staff, `/services/${id}`, member.pseudonym);

		// Withdrawn after a confirmation.
		await page.getByRole('link', { name: say('rating_withdraw') }).click();
		await expect(page.getByText(say('rating_withdraw_text'))).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);
		await page.getByRole('button', { name: say('rating_withdraw_yes') }).click();
		await expect(page.getByText(say('rating_withdrawn'))).toBeVisible();
		await expect(page.getByRole('region', { name: say('rating_own_heading') })).toHaveCount(0);
		await expect(page.getByRole('button', { name: say('rating_submit') })).toBeVisible();
	});
}
