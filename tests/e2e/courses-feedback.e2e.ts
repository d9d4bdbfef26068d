import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { dayFrom, en, sessionLine, UUID, wordsIn } from './courses';
import { adminContext, personWithRole, signInOnPage, uniquePseudonym } from './people';
import { useLocale } from './site';

/*
 * A course's feedback pages, as far as they go before a course has ended (a course cannot be
 * written with sessions in the past): a participant is told kindly when they can rate it and that
 * nothing is asked of them months later yet, and their forms are refused until then; a member
 * without a seat finds none of the three pages; a coordinator opening the results of a new course
 * is told answers are shown from five people, for the ratings and both follow-up waves; the
 * course's trainer sees the ratings' part only. With and without JavaScript, in English and Thai.
 * What the pages say after the end (the form, its errors, the answer shown, the results added up)
 * is tested on the words the server makes: src/routes/courses/[id]/{feedback,follow-up,results}.
 */

async function expectAccessible(page: Page) {
	await page.waitForLoadState('networkidle');
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

const field = (page: Page, key: string) => page.getByLabel(en(key), { exact: true });

/**
 * A course written on /courses/new by a coordinator (two morning sessions, three weeks on, on the
 * Bangkok clock) and published on its edit page, as they do it. Returns its id and the moment its
 * last session ends.
 */
async function publishedCourse(staff: BrowserContext, title: string) {
	const page = await staff.newPage();
	await page.goto('/courses/new');
	await field(page, 'course_form_title_label').fill(title);
	await field(page, 'course_form_summary_label').fill('Five mornings on a plan.');
	await field(page, 'course_form_provider_label').fill('Mekong Small Business School');
	await field(page, 'course_form_area_label').fill('Chiang Rai');
	await field(page, 'course_form_address_label').fill('Community hall, 2nd floor');
	await field(page, 'course_form_capacity_label').fill('15');
	await field(page, 'course_form_closes_label').fill(dayFrom(20));
	for (const [number, day] of [
		[1, dayFrom(21)],
		[2, dayFrom(22)]
	] as const) {
		const line = sessionLine(page, en, 'en', number);
		await line.date.fill(day);
		await line.start.fill('09:00');
		await line.end.fill('12:00');
	}
	await page.getByRole('button', { name: en('course_form_save_draft'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${UUID}$`));
	const id = page.url().match(new RegExp(`/courses/(${UUID})$`))![1];
	await page.goto(`/courses/${id}/edit`);
	await page.getByRole('button', { name: en('course_edit_publish'), exact: true }).click();
	await expect(page).toHaveURL(`/courses/${id}/edit?done=published`);
	await page.close();
	return { id, lastEndsAt: new Date(`${dayFrom(22)}T12:00:00+07:00`) };
}

/** Someone new with a role, signed in in a context with or without JavaScript. */
async function personIn(
	browser: Browser,
	baseURL: string,
	admin: BrowserContext,
	role: 'member' | 'coordinator',
	javaScriptEnabled: boolean
) {
	const made = await personWithRole(browser, baseURL, admin, role);
	if (javaScriptEnabled) return made;
	await made.context.close();
	const context = await browser.newContext({ baseURL, javaScriptEnabled });
	await signInOnPage(await context.newPage(), made);
	return { ...made, context };
}

/** A form sent as a browser without JavaScript sends it; returns the answer's status and page. */
async function post(
	context: BrowserContext,
	baseURL: string,
	path: string,
	form: Record<string, string>
) {
	const response = await context.request.post(path, {
		headers: { accept: 'text/html', origin: baseURL },
		form,
		maxRedirects: 0
	});
	return { status: response.status(), html: await response.text() };
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'en', javaScriptEnabled: false },
	{ locale: 'th', javaScriptEnabled: true }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`before a course ends: the participant is told when to rate it, others find nothing, a coordinator is told answers show from 5 people (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(180_000);
		const say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator', javaScriptEnabled);
		const participant = await personIn(browser, baseURL!, admin, 'member', javaScriptEnabled);
		const outsider = await personIn(browser, baseURL!, admin, 'member', javaScriptEnabled);
		const trainer = await personIn(browser, baseURL!, admin, 'member', javaScriptEnabled);
		await admin.close();
		const course = await publishedCourse(coordinator.context, uniquePseudonym('rated'));

		// The coordinator names the trainer, by their sign-in nickname.
		const staff = await coordinator.context.newPage();
		await staff.goto(`/courses/${course.id}/trainers`);
		await staff
			.getByLabel(en('course_trainers_nickname_label'), { exact: true })
			.fill(trainer.pseudonym);
		await staff.getByRole('button', { name: en('course_trainers_submit'), exact: true }).click();
		await expect(
			staff.getByText(en('course_trainers_named', { name: trainer.pseudonym }))
		).toBeVisible();

		for (const person of [coordinator, participant, outsider, trainer])
			await useLocale(person.context, baseURL!, locale);

		// The participant takes a seat on the course's page.
		const page = await participant.context.newPage();
		await page.goto(`/courses/${course.id}`);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await page
			.getByLabel(say('course_name_label'), { exact: true })
			.fill(uniquePseudonym('Lotus').slice(0, 14));
		await page.getByRole('button', { name: say('course_enrol_submit'), exact: true }).click();
		await expect(page.getByText(say('courses_standing_enrolled'))).toBeVisible();

		// Rating: not yet, said kindly, with the moment it opens on the course's clock.
		const when = new Intl.DateTimeFormat(locale, {
			dateStyle: 'medium',
			timeStyle: 'short',
			timeZone: 'Asia/Bangkok'
		}).format(course.lastEndsAt);
		const notYet = say('feedback_not_ended', { when });
		expect((await page.goto(`/courses/${course.id}/feedback`))?.status()).toBe(200);
		await expect(
			page.getByRole('heading', { level: 1, name: say('feedback_title') })
		).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: notYet })).toHaveText(notYet);
		await expect(page.getByText(say('feedback_privacy'))).toBeVisible();
		await expect(page.getByRole('radio')).toHaveCount(0);
		await expect(
			page.getByRole('button', { name: say('feedback_submit'), exact: true })
		).toHaveCount(0);
		await expect(page).toHaveTitle(
			new RegExp(`^${say('feedback_title').replace(/[?]/g, '\\?')} · `)
		);
		if (javaScriptEnabled) await expectAccessible(page);
		// A rating sent all the same is refused, with the same words, and nothing is kept.
		const early = await post(
			participant.context,
			baseURL!,
			`/courses/${course.id}/feedback?/answer`,
			{
				useful: '5',
				understandable: '5',
				fittedTime: '4',
				recommend: '5',
				comment: 'Sent early'
			}
		);
		expect(early.status).toBe(400);
		expect(early.html).toContain(notYet);
		await page.reload();
		await expect(page.getByRole('heading', { name: say('feedback_yours_heading') })).toHaveCount(0);
		await expect(page.getByText(say('feedback_thanks'))).toHaveCount(0);

		// Months later: nothing asked yet, and its forms are refused.
		expect((await page.goto(`/courses/${course.id}/follow-up`))?.status()).toBe(200);
		await expect(
			page.getByRole('heading', { level: 1, name: say('follow_up_title') })
		).toBeVisible();
		await expect(page.getByText(say('follow_up_not_due'))).toBeVisible();
		await expect(page.getByText(say('follow_up_privacy'))).toBeVisible();
		await expect(page.getByRole('radio')).toHaveCount(0);
		if (javaScriptEnabled) await expectAccessible(page);
		for (const [action, form] of [
			['answer', { afterMonths: '3', work: 'found_work' }],
			['decline', { afterMonths: '3' }]
		] as const) {
			const refused = await post(
				participant.context,
				baseURL!,
				`/courses/${course.id}/follow-up?/${action}`,
				form
			);
			expect(refused.status, action).toBe(400);
			expect(refused.html, action).toContain(say('follow_up_closed'));
		}

		// Results are not for participants.
		expect((await page.goto(`/courses/${course.id}/results`))?.status()).toBe(404);

		// A member without a seat finds none of the three pages, nor their forms.
		const other = await outsider.context.newPage();
		for (const path of ['feedback', 'follow-up', 'results']) {
			const response = await other.goto(`/courses/${course.id}/${path}`);
			expect(response?.status(), path).toBe(404);
			await expect(other.getByText(say('error_not_found'))).toBeVisible();
		}
		for (const [path, form] of [
			['feedback?/answer', { useful: '1', understandable: '1', fittedTime: '1', recommend: '1' }],
			['feedback?/answer', { useful: 'nine' }],
			['follow-up?/answer', { afterMonths: '3', work: 'found_work' }],
			['follow-up?/decline', { afterMonths: '3' }]
		] as const) {
			const refused = await post(outsider.context, baseURL!, `/courses/${course.id}/${path}`, form);
			expect(refused.status, path).toBe(404);
		}

		// The coordinator: no seat, so no rating of their own; the results say they wait for 5.
		const waiting = say('results_waiting', { min: '5', count: '0' });
		const results = await coordinator.context.newPage();
		for (const path of ['feedback', 'follow-up'])
			expect((await results.goto(`/courses/${course.id}/${path}`))?.status(), path).toBe(404);
		expect((await results.goto(`/courses/${course.id}/results`))?.status()).toBe(200);
		await expect(
			results.getByRole('heading', { level: 1, name: say('results_title') })
		).toBeVisible();
		const ratings = results.getByRole('region', { name: say('results_ratings_heading') });
		await expect(ratings.getByText(waiting)).toBeVisible();
		const followUp = results.getByRole('region', { name: say('results_follow_up_heading') });
		for (const wave of ['results_wave_3', 'results_wave_12']) {
			const part = followUp.getByRole('region', { name: say(wave) });
			await expect(part.getByText(waiting)).toBeVisible();
		}
		await expect(results.getByText(say('results_privacy', { min: '5' }))).toBeVisible();
		if (javaScriptEnabled) await expectAccessible(results);

		// The course's trainer sees the ratings' part, never what was said months later.
		const own = await trainer.context.newPage();
		expect((await own.goto(`/courses/${course.id}/results`))?.status()).toBe(200);
		await expect(
			own.getByRole('region', { name: say('results_ratings_heading') }).getByText(waiting)
		).toBeVisible();
		await expect(own.getByText(say('results_follow_up_heading'))).toHaveCount(0);
		await expect(own.getByText(say('results_wave_3'))).toHaveCount(0);
		for (const path of ['feedback', 'follow-up'])
			expect((await own.goto(`/courses/${course.id}/${path}`))?.status(), path).toBe(404);

		await Promise.all(
			[coordinator, participant, outsider, trainer].map((person) => person.context.close())
		);
	});
}
