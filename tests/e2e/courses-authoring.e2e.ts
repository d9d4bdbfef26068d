import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import {
	dayFrom,
	en,
	expectRefused,
	personIn,
	send,
	sessionLine,
	UUID,
	wordsIn,
	type Say
} from './courses';
import { adminContext, personWithRole, uniquePseudonym } from './people';

/*
 * Writing courses: a coordinator writes one (with and without JavaScript, in English and in Thai),
 * bad input is refused beside its field and kept, the course is published and cancelled after a
 * confirmation; a trainer named by nickname looks after their own course only; a member finds
 * none of these pages.
 */

async function expectAccessible(page: Page) {
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

async function fillLine(
	page: Page,
	say: Say,
	locale: string,
	number: number,
	[date, start, end]: [string, string, string]
) {
	const fields = sessionLine(page, say, locale, number);
	await fields.date.fill(date);
	await fields.start.fill(start);
	await fields.end.fill(end);
}

/** A level's radio button, by its name alone (its explanation is its description). */
const level = (page: Page, say: Say, value: 'idea' | 'start' | 'grow') =>
	page.getByRole('radio', { name: say(`course_form_level_${value}`), exact: true });

const field = (page: Page, say: Say, key: string) => page.getByLabel(say(key), { exact: true });

/**
 * A course written on /courses/new and saved as a draft, through the page as a coordinator does
 * it (JavaScript on): two sessions. Returns its id.
 */
async function courseOnPage(staff: BrowserContext, title: string): Promise<string> {
	const page = await staff.newPage();
	await page.goto('/courses/new');
	await field(page, en, 'course_form_title_label').fill(title);
	await field(page, en, 'course_form_provider_label').fill('Mekong Small Business School');
	await field(page, en, 'course_form_area_label').fill('Chiang Rai');
	await field(page, en, 'course_form_address_label').fill('Community hall, 2nd floor');
	await field(page, en, 'course_form_capacity_label').fill('15');
	await field(page, en, 'course_form_closes_label').fill(dayFrom(20));
	await fillLine(page, en, 'en', 1, [dayFrom(21), '09:00', '12:00']);
	await fillLine(page, en, 'en', 2, [dayFrom(22), '09:00', '12:00']);
	await page.getByRole('button', { name: en('course_form_save_draft'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${UUID}$`));
	const id = page.url().match(new RegExp(`/courses/(${UUID})$`))![1];
	await page.close();
	return id;
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'en', javaScriptEnabled: false },
	{ locale: 'th', javaScriptEnabled: true }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`a coordinator writes a course of three sessions, fixes what was refused, publishes it and cancels it (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(150_000);
		const say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator', {
			javaScriptEnabled,
			locale
		});
		await admin.close();
		const page = await coordinator.context.newPage();
		await page.goto('/courses/new');
		await expect(
			page.getByRole('heading', { level: 1, name: say('course_form_new_title') })
		).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		// The writer's language and its country's clock are chosen already; the usual hold and
		// attendance are filled in.
		await expect(field(page, say, 'course_form_language_label')).toHaveValue(locale);
		await expect(field(page, say, 'course_form_time_zone_label')).toHaveValue('Asia/Bangkok');
		await expect(field(page, say, 'course_form_hold_label')).toHaveValue('48');
		await expect(field(page, say, 'course_form_threshold_label')).toHaveValue('80');
		// Two empty session lines to start with.
		await expect(sessionLine(page, say, locale, 2).line).toBeVisible();
		await expect(sessionLine(page, say, locale, 3).line).toHaveCount(0);
		if (javaScriptEnabled) {
			await page.waitForLoadState('networkidle');
			await expectAccessible(page);
		}

		// An empty title, no seats, and a session that ends before it starts.
		const title = `${uniquePseudonym('course')} เริ่มธุรกิจ`;
		await field(page, say, 'course_form_summary_label').fill('Five mornings on a plan.');
		await field(page, say, 'course_form_outcomes_label').fill('Write a plan.\nPrice your goods.');
		await level(page, say, 'grow').check();
		await field(page, say, 'course_form_provider_label').fill('Mekong Small Business School');
		await field(page, say, 'course_form_area_label').fill('Chiang Rai');
		await field(page, say, 'course_form_address_label').fill('Community hall, 2nd floor');
		await field(page, say, 'course_form_capacity_label').fill('0');
		await field(page, say, 'course_form_closes_label').fill(dayFrom(29));
		await fillLine(page, say, locale, 1, [dayFrom(30), '12:00', '09:00']);
		const refused = await send(page, say('course_form_save_draft'), javaScriptEnabled);
		expect(refused).toBe(400);
		// The browser shows the action's answer: the page has no script of its own to send it.
		await expect(page).toHaveURL('/courses/new?/create');
		await expectRefused(field(page, say, 'course_form_title_label'), say('field_required'));
		await expectRefused(
			field(page, say, 'course_form_capacity_label'),
			say('course_form_number_range', { min: '1', max: '500' })
		);
		const first = sessionLine(page, say, locale, 1);
		await expectRefused(first.end, say('course_form_end_before_start'));
		await expect(first.date).not.toHaveAttribute('aria-invalid');
		// What was typed is all there.
		await expect(field(page, say, 'course_form_capacity_label')).toHaveValue('0');
		await expect(field(page, say, 'course_form_provider_label')).toHaveValue(
			'Mekong Small Business School'
		);
		await expect(field(page, say, 'course_form_outcomes_label')).toHaveValue(
			'Write a plan.\nPrice your goods.'
		);
		await expect(field(page, say, 'course_form_summary_label')).toHaveValue(
			'Five mornings on a plan.'
		);
		await expect(level(page, say, 'grow')).toBeChecked();
		await expect(field(page, say, 'course_form_closes_label')).toHaveValue(dayFrom(29));
		await expect(first.date).toHaveValue(dayFrom(30));
		await expect(first.start).toHaveValue('12:00');
		await expect(first.end).toHaveValue('09:00');
		await expect(page.getByText(say('form_fix_errors'))).toBeVisible();
		if (javaScriptEnabled) await expectAccessible(page);

		// Fixed, with two more sessions: "Add another session" gives a third line, typed kept.
		await field(page, say, 'course_form_title_label').fill(title);
		await field(page, say, 'course_form_capacity_label').fill('12');
		await first.start.fill('09:00');
		await first.end.fill('12:00');
		await fillLine(page, say, locale, 2, [dayFrom(31), '09:00', '12:00']);
		await expect(sessionLine(page, say, locale, 3).line).toHaveCount(0);
		// The server shows the form again, a line longer, the new line's day ready to type.
		const added: string[] = [];
		page.on('request', (request) => {
			if (request.url().includes('?/addSession')) added.push(request.method());
		});
		await page.getByRole('button', { name: say('course_form_add_session'), exact: true }).click();
		const third = sessionLine(page, say, locale, 3);
		await expect(third.date).toBeVisible();
		await expect(third.date).toHaveValue('');
		await expect(field(page, say, 'course_form_title_label')).toHaveValue(title);
		await expect(sessionLine(page, say, locale, 2).date).toHaveValue(dayFrom(31));
		expect(added).toEqual(['POST']);
		await expect(third.date).toBeFocused();
		await fillLine(page, say, locale, 3, [dayFrom(33), '13:30', '16:00']);
		await page.getByRole('button', { name: say('course_form_save_draft'), exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/courses/${UUID}$`));
		const id = page.url().match(new RegExp(`/courses/(${UUID})$`))![1];

		// Its form shows the draft as it was written: three sessions and an empty line.
		await page.goto(`/courses/${id}/edit`);
		await expect(page.getByTestId('course-state')).toHaveText(say('course_edit_state_draft'));
		await expect(field(page, say, 'course_form_title_label')).toHaveValue(title);
		await expect(field(page, say, 'course_form_capacity_label')).toHaveValue('12');
		await expect(level(page, say, 'grow')).toBeChecked();
		await expect(sessionLine(page, say, locale, 1).date).toHaveValue(dayFrom(30));
		await expect(sessionLine(page, say, locale, 3).start).toHaveValue('13:30');
		await expect(sessionLine(page, say, locale, 3).end).toHaveValue('16:00');
		await expect(sessionLine(page, say, locale, 4).date).toHaveValue('');
		await expect(sessionLine(page, say, locale, 5).line).toHaveCount(0);
		if (javaScriptEnabled) {
			await page.waitForLoadState('networkidle');
			await expectAccessible(page);
		}

		// Published: the state says so.
		await page.getByRole('button', { name: say('course_edit_publish'), exact: true }).click();
		await expect(page).toHaveURL(`/courses/${id}/edit?done=published`);
		await expect(page.getByText(say('course_edit_published'))).toBeVisible();
		await expect(page.getByTestId('course-state')).toHaveText(say('course_edit_state_published'));
		await expect(
			page.getByRole('button', { name: say('course_edit_publish'), exact: true })
		).toHaveCount(0);

		// Cancelled after a confirmation; "keep it" changes nothing.
		await page.getByRole('link', { name: say('course_edit_cancel_link'), exact: true }).click();
		await expect(
			page.getByRole('heading', { name: say('course_edit_cancel_heading') })
		).toBeVisible();
		if (javaScriptEnabled) await expectAccessible(page);
		await page.getByRole('link', { name: say('course_edit_cancel_keep'), exact: true }).click();
		await expect(page).toHaveURL(`/courses/${id}/edit`);
		await expect(page.getByTestId('course-state')).toHaveText(say('course_edit_state_published'));
		await page.getByRole('link', { name: say('course_edit_cancel_link'), exact: true }).click();
		await page
			.getByRole('button', { name: say('course_edit_cancel_confirm'), exact: true })
			.click();
		await expect(page).toHaveURL(`/courses/${id}/edit?done=cancelled`);
		await expect(page.getByText(say('course_edit_cancelled_now'))).toBeVisible();
		await expect(page.getByTestId('course-state')).toHaveText(say('course_edit_cancelled'));
		await expect(field(page, say, 'course_form_title_label')).toHaveCount(0);
		if (javaScriptEnabled) await expectAccessible(page);

		// A cancelled course is not changed, even by a whole form sent as its page once sent it.
		const late = await coordinator.context.request.post(`/courses/${id}/edit?/save`, {
			headers: { accept: 'text/html', origin: baseURL! },
			form: {
				title: 'A new title',
				language: locale,
				level: 'start',
				provider: 'Mekong Small Business School',
				where: 'online',
				country: 'TH',
				area: 'Chiang Rai',
				timeZone: 'Asia/Bangkok',
				capacity: '12',
				enrolmentOpens: dayFrom(0),
				enrolmentCloses: dayFrom(29),
				offerHoldHours: '48',
				attendanceThreshold: '80',
				'sessions.0.date': dayFrom(30),
				'sessions.0.start': '09:00',
				'sessions.0.end': '12:00'
			},
			maxRedirects: 0
		});
		expect(late.status()).toBe(409);
		expect(await late.text()).toContain(say('course_edit_cancelled'));
		await coordinator.context.close();
	});
}

test('a trainer named by nickname looks after their own course only; a member finds none of the writing pages', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	const admin = await adminContext(browser, baseURL!);
	const coordinator = await personWithRole(browser, baseURL!, admin, 'coordinator');
	const trainer = await personWithRole(browser, baseURL!, admin, 'member');
	const member = await personWithRole(browser, baseURL!, admin, 'member');
	// Another coordinator's course (not the admin's: other tests change the admin's language).
	const other = await personWithRole(browser, baseURL!, admin, 'coordinator');
	const mine = await courseOnPage(coordinator.context, uniquePseudonym('mine'));
	const theirs = await courseOnPage(other.context, uniquePseudonym('theirs'));

	// Named by their sign-in nickname; a nickname nobody has is refused beside the field.
	const staff = await coordinator.context.newPage();
	await staff.goto(`/courses/${mine}/trainers`);
	await expect(staff.getByText(en('course_trainers_none'))).toBeVisible();
	const nickname = staff.getByLabel(en('course_trainers_nickname_label'), { exact: true });
	await nickname.fill('nobody_has_this_nickname');
	await staff.getByRole('button', { name: en('course_trainers_submit'), exact: true }).click();
	await expectRefused(nickname, en('course_trainers_account_unknown'));
	await expect(nickname).toHaveValue('nobody_has_this_nickname');
	await expectAccessible(staff);
	await nickname.fill(trainer.pseudonym);
	await staff.getByRole('button', { name: en('course_trainers_submit'), exact: true }).click();
	await expect(
		staff.getByText(en('course_trainers_named', { name: trainer.pseudonym }))
	).toBeVisible();
	const list = staff.getByRole('region', { name: en('course_trainers_list_heading') });
	await expect(list.getByRole('listitem')).toHaveText([new RegExp(`^\\s*${trainer.pseudonym}`)]);
	await expectAccessible(staff);

	// The trainer changes their course, but neither cancels it nor chooses from staff's lists.
	const own = await trainer.context.newPage();
	await own.goto(`/courses/${mine}/edit`);
	await expect(own.getByText(en('course_form_links_staff_only'))).toBeVisible();
	await expect(own.getByLabel(en('course_form_prerequisite_label'))).toHaveCount(0);
	await expect(own.getByRole('link', { name: en('course_edit_cancel_link') })).toHaveCount(0);
	await expect(own.getByRole('link', { name: en('course_edit_trainers') })).toHaveCount(0);
	await own.waitForLoadState('networkidle');
	await expectAccessible(own);
	const renamed = uniquePseudonym('renamed');
	await field(own, en, 'course_form_title_label').fill(renamed);
	await own.getByRole('button', { name: en('course_form_save_draft'), exact: true }).click();
	await expect(own).toHaveURL(`/courses/${mine}/edit?done=saved`);
	await expect(own.getByText(en('course_edit_saved'))).toBeVisible();
	await expect(field(own, en, 'course_form_title_label')).toHaveValue(renamed);
	for (const path of [
		`/courses/${theirs}/edit`,
		`/courses/${mine}/trainers`,
		`/courses/${theirs}/trainers`,
		'/courses/new'
	]) {
		expect((await own.goto(path))?.status(), path).toBe(404);
	}
	const cancel = await trainer.context.request.post(`/courses/${mine}/edit?/cancel`, {
		headers: { accept: 'text/html', origin: baseURL! },
		form: {},
		maxRedirects: 0
	});
	expect(cancel.status()).toBe(404);

	// A member finds none of the writing pages, and none of their forms.
	const page = await member.context.newPage();
	for (const path of [
		'/courses/new',
		`/courses/${mine}/edit`,
		`/courses/${mine}/trainers`,
		`/courses/${theirs}/edit`
	]) {
		expect((await page.goto(path))?.status(), path).toBe(404);
	}
	for (const action of ['save', 'publish', 'addSession', 'cancel']) {
		const response = await member.context.request.post(`/courses/${mine}/edit?/${action}`, {
			headers: { accept: 'text/html', origin: baseURL! },
			form: { title: 'taken over' },
			maxRedirects: 0
		});
		expect(response.status(), action).toBe(404);
	}
	const naming = await member.context.request.post(`/courses/${mine}/trainers?/name`, {
		headers: { accept: 'text/html', origin: baseURL! },
		form: { pseudonym: member.pseudonym },
		maxRedirects: 0
	});
	expect(naming.status()).toBe(404);

	// Taken off the course, the trainer finds its form no more.
	await staff.reload();
	await staff
		.getByRole('button', {
			name: en('course_trainers_remove', { name: trainer.pseudonym }),
			exact: true
		})
		.click();
	await expect(
		staff.getByText(en('course_trainers_removed', { name: trainer.pseudonym }))
	).toBeVisible();
	await expect(staff.getByText(en('course_trainers_none'))).toBeVisible();
	expect((await own.goto(`/courses/${mine}/edit`))?.status()).toBe(404);

	await Promise.all([
		admin.close(),
		coordinator.context.close(),
		other.context.close(),
		trainer.context.close(),
		member.context.close()
	]);
});
