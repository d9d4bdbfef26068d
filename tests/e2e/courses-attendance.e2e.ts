import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { en, expectRefused, send, UUID, wordsIn, type Say } from './courses';
import { adminContext, personWithRole, signInOnPage, uniquePseudonym } from './people';
import { useLocale } from './site';

/*
 * Attendance: a coordinator (looking after the course as its trainer would) opens check-in for a
 * session starting in a few minutes and shows the code; a member types a wrong code (refused in
 * their words, what they typed kept), then the right one, and is marked present by the code; the
 * trainer corrects the list (excused, absent), with and without JavaScript, and a list drawn before
 * someone checked in does not mark them absent. Members find none of the trainer's pages; the
 * trainer has no check-in page of their own.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const BANGKOK = 7 * 60 * MINUTE;

/** The day ('YYYY-MM-DD') and time ('HH:MM') of an instant on the Bangkok clock. */
function onBangkokClock(instant: number) {
	const local = new Date(instant + BANGKOK).toISOString();
	return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * A session starting about ten minutes from now on the Bangkok clock, so that members can still
 * enrol (enrolment ends when the first session starts) and check-in can already be opened (from
 * half an hour before). Late at night it starts at midnight instead, never running past it.
 */
function sessionSoon() {
	let start = Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE;
	let local = onBangkokClock(start);
	if (local.time > '23:48') {
		start = Date.parse(`${local.date}T00:00:00+07:00`) + DAY;
		local = onBangkokClock(start);
	}
	const end = onBangkokClock(start + 60 * MINUTE);
	return {
		date: local.date,
		start: local.time,
		end: end.date === local.date ? end.time : '23:59',
		later: onBangkokClock(start + 2 * DAY).date
	};
}

async function expectAccessible(page: Page) {
	expect((await checkAccessibility(page)).violations).toEqual([]);
}

/** A signed-in context of its own for an account, with or without JavaScript, in a language. */
async function contextFor(
	browser: Browser,
	baseURL: string,
	who: { pseudonym: string; passphrase: string },
	options: { javaScriptEnabled: boolean; locale: string }
): Promise<BrowserContext> {
	const context = await browser.newContext({
		baseURL,
		javaScriptEnabled: options.javaScriptEnabled
	});
	await signInOnPage(await context.newPage(), who);
	await useLocale(context, baseURL, options.locale);
	return context;
}

const field = (page: Page, say: Say, key: string) => page.getByLabel(say(key), { exact: true });

/**
 * A published course written on /courses/new (in English, JavaScript on): a session starting in
 * a few minutes and another two days later, enrolment closing on the first one's day.
 */
async function courseStartingSoon(staff: BrowserContext, title: string): Promise<string> {
	const soon = sessionSoon();
	const page = await staff.newPage();
	await page.goto('/courses/new');
	await field(page, en, 'course_form_title_label').fill(title);
	await field(page, en, 'course_form_provider_label').fill('Mekong Small Business School');
	await field(page, en, 'course_form_area_label').fill('Chiang Rai');
	await field(page, en, 'course_form_address_label').fill('Community hall, 2nd floor');
	await field(page, en, 'course_form_time_zone_label').selectOption('Asia/Bangkok');
	await field(page, en, 'course_form_capacity_label').fill('10');
	await field(page, en, 'course_form_opens_label').fill(onBangkokClock(Date.now()).date);
	await field(page, en, 'course_form_closes_label').fill(soon.date);
	for (const [number, [date, start, end]] of [
		[1, [soon.date, soon.start, soon.end]],
		[2, [soon.later, '09:00', '12:00']]
	] as const) {
		const line = page.getByRole('group', {
			name: en('course_form_session_legend', { number: String(number) }),
			exact: true
		});
		await line.getByLabel(en('course_form_session_date'), { exact: true }).fill(date);
		await line.getByLabel(en('course_form_session_start'), { exact: true }).fill(start);
		await line.getByLabel(en('course_form_session_end'), { exact: true }).fill(end);
	}
	await page.getByRole('button', { name: en('course_form_save_draft'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${UUID}$`));
	const id = page.url().match(new RegExp(`/courses/(${UUID})$`))![1];
	await page.goto(`/courses/${id}/edit`);
	await page.getByRole('button', { name: en('course_edit_publish'), exact: true }).click();
	await expect(page).toHaveURL(`/courses/${id}/edit?done=published`);
	await page.close();
	return id;
}

/** Takes a seat on the course's page under the name given. */
async function enrolAs(context: BrowserContext, say: Say, courseId: string, name: string) {
	const page = await context.newPage();
	await page.goto(`/courses/${courseId}`);
	await field(page, say, 'course_name_label').fill(name);
	await page.getByRole('button', { name: say('course_enrol_submit'), exact: true }).click();
	await expect(page.getByText(say('courses_standing_enrolled'))).toBeVisible();
	await page.close();
}

/** The code on the trainer's sheet, as digits. */
async function codeOn(sheet: Page): Promise<string> {
	const text = (await sheet.getByTestId('check-in-code').textContent()) ?? '';
	const code = text.replace(/\D/g, '');
	expect(code).toMatch(/^\d{6}$/);
	return code;
}

/** One person's marks on the sheet, by the name they gave. */
function personOn(sheet: Page, say: Say, name: string) {
	const group = sheet.getByRole('group', { name, exact: true });
	return {
		group,
		present: group.getByRole('radio', { name: say('attendance_mark_present'), exact: true }),
		excused: group.getByRole('radio', { name: say('attendance_mark_excused'), exact: true }),
		absent: group.getByRole('radio', { name: say('attendance_mark_absent'), exact: true }),
		byCode: group.getByText(say('attendance_by_code'), { exact: true })
	};
}

const thaiDigits = (digits: string) =>
	digits.replace(/\d/g, (d) => String.fromCodePoint(0x0e50 + Number(d)));

const RUNS = [
	{ javaScriptEnabled: true, memberLocale: 'en' },
	{ javaScriptEnabled: false, memberLocale: 'th' }
];

for (const { javaScriptEnabled, memberLocale } of RUNS) {
	test(`a trainer shows the check-in code, a member checks in with it, the trainer corrects the list (member in ${memberLocale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(240_000);
		const say = wordsIn(memberLocale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personWithRole(browser, baseURL!, admin, 'coordinator');
		const arriving = await personWithRole(browser, baseURL!, admin, 'member');
		const missing = await personWithRole(browser, baseURL!, admin, 'member');
		await admin.close();
		const courseId = await courseStartingSoon(coordinator.context, uniquePseudonym('attend'));
		const options = { javaScriptEnabled, locale: memberLocale };
		const trainer = await contextFor(browser, baseURL!, coordinator, {
			javaScriptEnabled,
			locale: 'en'
		});
		const member = await contextFor(browser, baseURL!, arriving, options);
		const other = await contextFor(browser, baseURL!, missing, options);
		await Promise.all([coordinator.context.close(), arriving.context.close()]);
		await missing.context.close();

		// Without a seat there is no check-in page; with one, it says check-in is not open yet.
		const phone = await member.newPage();
		expect((await phone.goto(`/courses/${courseId}/check-in`))?.status()).toBe(404);
		const arrivingName = uniquePseudonym('Mali');
		const missingName = uniquePseudonym('Dao');
		await enrolAs(member, say, courseId, arrivingName);
		await enrolAs(other, say, courseId, missingName);
		expect((await phone.goto(`/courses/${courseId}/check-in`))?.status()).toBe(200);
		await expect(phone.getByText(say('check_in_not_open'))).toBeVisible();
		await expect(phone.getByLabel(say('check_in_code_label'))).toHaveCount(0);
		await expect(
			phone.getByText(say('check_in_progress', { present: '0', scheduled: '2', needed: '2' }))
		).toBeVisible();

		// The trainer's list of sessions: the one about to start comes next.
		const sheet = await trainer.newPage();
		expect((await sheet.goto(`/courses/${courseId}/attendance`))?.status()).toBe(200);
		await expect(
			sheet.getByRole('heading', { name: en('attendance_next_heading'), exact: true })
		).toBeVisible();
		await expect(sheet.getByText(en('attendance_badge_next'), { exact: true })).toBeVisible();
		if (javaScriptEnabled) await expectAccessible(sheet);
		await sheet.getByRole('link', { name: en('attendance_open_sheet'), exact: true }).click();
		await expect(sheet).toHaveURL(new RegExp(`/courses/${courseId}/attendance/${UUID}$`));
		const sessionId = sheet.url().match(new RegExp(`/attendance/(${UUID})$`))![1];
		const sheetPath = `/courses/${courseId}/attendance/${sessionId}`;
		const arrivingMarks = personOn(sheet, en, arrivingName);
		const missingMarks = personOn(sheet, en, missingName);
		await expect(arrivingMarks.absent).toBeChecked();
		await expect(missingMarks.absent).toBeChecked();
		if (javaScriptEnabled) await expectAccessible(sheet);

		// The code, large, with the seconds it has left; nobody has checked in yet.
		await sheet.getByRole('button', { name: en('attendance_check_in_open'), exact: true }).click();
		await expect(sheet.getByTestId('check-in-code')).toBeVisible();
		await expect(sheet.getByTestId('check-in-seconds')).toHaveText(/\d/);
		await expect(sheet.getByTestId('check-in-count')).toHaveText(
			en('attendance_code_checked_in', { count: '0' })
		);
		await expect(sheet.getByText(en('attendance_code_shared_phone'))).toBeVisible();
		await expect(sheet.getByText(en('attendance_code_correct'))).toBeVisible();
		const firstCode = await codeOn(sheet);
		if (javaScriptEnabled) await expectAccessible(sheet);

		// Its JSON, for the sheet's script: for the trainer, never stored; nobody else gets it.
		const fresh = await trainer.request.get(`${sheetPath}/code`);
		expect(fresh.status()).toBe(200);
		expect(fresh.headers()['cache-control']).toContain('no-store');
		expect(await fresh.json()).toMatchObject({
			open: true,
			code: expect.stringMatching(/^\d{6}$/)
		});
		expect((await member.request.get(`${sheetPath}/code`)).status()).toBe(404);

		// With scripts the list is reloaded when someone checks in: a choice not yet saved stays.
		if (javaScriptEnabled) await missingMarks.excused.check();

		// The member types a wrong code: refused beside the field in their words, typed kept.
		await phone.reload();
		const codeField = phone.getByLabel(say('check_in_code_label'), { exact: true });
		await expect(codeField).toHaveAttribute('inputmode', 'numeric');
		await expect(codeField).toHaveAttribute('autocomplete', 'off');
		const wrong = (await codeOn(sheet)).replace(/\d/g, (d) => String((Number(d) + 5) % 10));
		const typedWrong = memberLocale === 'th' ? thaiDigits(wrong) : wrong;
		await codeField.fill(typedWrong);
		expect(await send(phone, say('check_in_submit'), javaScriptEnabled)).toBe(400);
		await expectRefused(codeField, say('check_in_wrong_code'));
		await expect(codeField).toHaveValue(typedWrong);
		if (javaScriptEnabled) await expectAccessible(phone);

		// The right one (in Thai digits, spaced as read aloud, for the Thai member): present.
		const code = await codeOn(sheet);
		const typed =
			memberLocale === 'th' ? `${thaiDigits(code.slice(0, 3))} ${thaiDigits(code.slice(3))}` : code;
		await codeField.fill(typed);
		await phone.getByRole('button', { name: say('check_in_submit'), exact: true }).click();
		await expect(phone).toHaveURL(`/courses/${courseId}?checked-in`);
		await phone.goto(`/courses/${courseId}/check-in`);
		await expect(
			phone.getByText(say('check_in_progress', { present: '1', scheduled: '2', needed: '2' }))
		).toBeVisible();

		if (javaScriptEnabled) {
			// The sheet shows the check-in by itself, and a new code when the last one runs out.
			await expect(arrivingMarks.byCode).toBeVisible({ timeout: 45_000 });
			await expect(arrivingMarks.present).toBeChecked();
			await expect(missingMarks.excused).toBeChecked();
			await expect(sheet.getByTestId('check-in-count')).toHaveText(
				en('attendance_code_checked_in', { count: '1' })
			);
			await expect
				.poll(() => codeOn(sheet), { timeout: 45_000, intervals: [1_000] })
				.not.toBe(firstCode);
			await expectAccessible(sheet);
			// The connection drops: when the code runs out it says so, and keeps trying.
			const codeNow = new RegExp(`${sheetPath}/code$`);
			await sheet.route(codeNow, (route) => route.abort('internetdisconnected'));
			const offline = sheet.getByText(en('attendance_code_offline'));
			await expect(offline).toBeVisible({ timeout: 45_000 });
			await sheet.unroute(codeNow);
			await expect(offline).toBeHidden({ timeout: 15_000 });
		} else {
			// A list drawn before the check-in, saved with another change, leaves the check-in be.
			await expect(arrivingMarks.absent).toBeChecked();
			await missingMarks.excused.check();
			await sheet.getByRole('button', { name: en('attendance_save'), exact: true }).click();
			await expect(sheet).toHaveURL(`${sheetPath}?saved`);
			await expect(arrivingMarks.byCode).toBeVisible();
			await expect(arrivingMarks.present).toBeChecked();
			await expect(missingMarks.excused).toBeChecked();
			// Without scripts, a link shows the code now.
			await sheet.getByRole('link', { name: en('attendance_code_refresh'), exact: true }).click();
			await expect(sheet).toHaveURL(sheetPath);
			await codeOn(sheet);
		}

		// The trainer corrects the list: the one who checked in was not there after all, the
		// other one was excused.
		await arrivingMarks.absent.check();
		await missingMarks.excused.check();
		await sheet.getByRole('button', { name: en('attendance_save'), exact: true }).click();
		await expect(sheet).toHaveURL(`${sheetPath}?saved`);
		await expect(sheet.getByText(en('attendance_saved'))).toBeVisible();
		await sheet.goto(sheetPath);
		await expect(arrivingMarks.absent).toBeChecked();
		await expect(arrivingMarks.byCode).toHaveCount(0);
		await expect(missingMarks.excused).toBeChecked();
		await phone.reload();
		await expect(
			phone.getByText(say('check_in_progress', { present: '0', scheduled: '2', needed: '2' }))
		).toBeVisible();

		// The list of sessions counts the marks and says check-in is open.
		await sheet.goto(`/courses/${courseId}/attendance`);
		await expect(
			sheet
				.getByRole('region', { name: en('attendance_sessions_heading') })
				.getByText(en('attendance_session_counts', { present: '0', seated: '2', excused: '1' }))
		).toBeVisible();
		await expect(sheet.getByText(en('attendance_badge_check_in_open'))).toBeVisible();

		// Members find none of the trainer's pages nor forms; the trainer has no seat to check in to.
		for (const path of [`/courses/${courseId}/attendance`, sheetPath]) {
			expect((await phone.goto(path))?.status(), path).toBe(404);
		}
		for (const action of ['save', 'open']) {
			const response = await member.request.post(`${sheetPath}?/${action}`, {
				headers: { accept: 'text/html', origin: baseURL! },
				form: { [`mark.${sessionId}`]: 'present' },
				maxRedirects: 0
			});
			expect(response.status(), action).toBe(404);
		}
		expect((await sheet.goto(`/courses/${courseId}/check-in`))?.status()).toBe(404);

		await Promise.all([trainer.close(), member.close(), other.close()]);
	});
}
