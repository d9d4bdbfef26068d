import { expect, test, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { dayFrom, personIn, publishedCourseOnPage, wordsIn } from './courses';
import { adminContext } from './people';
import { pressPrint } from './print';

/*
 * A member's whole way through courses, on a phone-sized screen, in English with JavaScript and
 * in Thai without: find one with a filter, enrol under a chosen name; a second member joins the
 * waiting list, is offered the seat the first gives up and takes it. In a course happening now,
 * the second checks in with the code the trainer shows (a wrong code is refused in words and
 * kept); once its session is over, prints a certificate, which anyone can check by its code
 * without learning who holds it. (Seats are offered from the line only until a day before a
 * course starts: the waiting list is shown on a course three days away.)
 */

/** axe runs in the page: only where scripts run, as in the other files. */
async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
}

const BANGKOK_MS = 7 * 3_600_000;
const hhmm = (bangkok: Date) => bangkok.toISOString().slice(11, 16);

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`find, enrol, wait, take an offered seat, check in with the code, print the certificate (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		// The session's start and end are waited for on the clock (about three minutes), and the
		// set-up shares two busy cores with the other workers.
		test.setTimeout(420_000);
		const say = wordsIn(locale);
		const number = (value: number) => new Intl.NumberFormat(locale).format(value);

		// One session on the Bangkok clock that starts in about two minutes and lasts one: the
		// certificate is given once it has ended.
		const minute = 60_000;
		const start = new Date(Math.ceil((Date.now() + BANGKOK_MS) / minute) * minute + 2 * minute);
		const end = new Date(start.getTime() + minute);
		const day = start.toISOString().slice(0, 10);
		test.skip(end.toISOString().slice(0, 10) !== day, 'a session cannot run past midnight');

		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
		const suffix = `${locale} ${Math.random().toString(36).slice(2, 7)}`;
		const title = `Market stall basics ${suffix}`;
		const id = await publishedCourseOnPage(coordinator.context, {
			title,
			capacity: 1,
			sessions: [[dayFrom(3), '09:00', '12:00']],
			closes: dayFrom(2)
		});
		const nowTitle = `Keeping accounts ${suffix}`;
		const nowId = await publishedCourseOnPage(coordinator.context, {
			title: nowTitle,
			capacity: 5,
			sessions: [[day, hhmm(start), hhmm(end)]],
			closes: day
		});
		const options = { javaScriptEnabled, locale };
		const first = await personIn(browser, baseURL!, admin, 'member', options);
		const second = await personIn(browser, baseURL!, admin, 'member', options);

		// Found with a filter; enrolled under a name that is not the sign-in nickname.
		const page = await first.context.newPage();
		await page.goto('/courses');
		await page.getByLabel(say('courses_filter_area'), { exact: true }).fill('Chiang Rai');
		await page.getByRole('button', { name: say('courses_filter_submit') }).click();
		await expect(page.getByRole('link', { name: title })).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);
		await page.getByRole('link', { name: title }).click();
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		const name = page.getByLabel(say('course_name_label'), { exact: true });
		await expect(name).not.toHaveValue('');
		await expect(name).not.toHaveValue(first.pseudonym);
		await name.fill('Lotus12');
		await page.getByRole('button', { name: say('course_enrol_submit') }).click();
		await expect(page.getByText(say('courses_standing_enrolled'))).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);

		// The course is full: the second member waits, first in line. A name with a phone number
		// is refused beside the field, and kept.
		const other = await second.context.newPage();
		await other.goto(`/courses/${id}`);
		await expect(other.getByText(say('course_waitlist_explained'))).toBeVisible();
		const otherName = other.getByLabel(say('course_name_label'), { exact: true });
		await otherName.fill('call 0812345678');
		await other.getByRole('button', { name: say('course_waitlist_submit') }).click();
		await expect(otherName).toHaveAttribute('aria-invalid', 'true');
		await expect(otherName).toHaveValue('call 0812345678');
		await otherName.fill('Heron40');
		await other.getByRole('button', { name: say('course_waitlist_submit') }).click();
		await expect(
			other.getByText(say('courses_standing_waitlisted', { place: number(1) }))
		).toBeVisible();

		// The first gives the seat up, after a confirmation: it is offered to the second.
		await page.getByRole('link', { name: say('course_withdraw_submit') }).click();
		await expect(page.getByText(say('course_withdraw_confirm'))).toBeVisible();
		await page.getByRole('button', { name: say('course_withdraw_submit') }).click();
		await expect(page.getByRole('button', { name: say('course_waitlist_submit') })).toBeVisible();

		await other.goto('/');
		await expect(other.getByRole('link', { name: new RegExp(title) })).toBeVisible();
		await other.goto(`/courses/${id}`);
		await other.getByRole('button', { name: say('course_accept_submit') }).click();
		await expect(other.getByText(say('courses_standing_enrolled'))).toBeVisible();
		await expect(other.getByText(say('course_your_name', { name: 'Heron40' }))).toBeVisible();

		// In the course happening now, the trainer (here the coordinator) shows the check-in code;
		// the member, enrolled in it, types it.
		await other.goto(`/courses/${nowId}`);
		await other.getByLabel(say('course_name_label'), { exact: true }).fill('Heron40');
		await other.getByRole('button', { name: say('course_enrol_submit') }).click();
		await expect(other.getByText(say('courses_standing_enrolled'))).toBeVisible();
		const sheet = await coordinator.context.newPage();
		await sheet.goto(`/courses/${nowId}/attendance`);
		await sheet.getByRole('link', { name: en_('attendance_open_sheet'), exact: true }).click();
		await sheet.getByRole('button', { name: en_('attendance_check_in_open') }).click();
		const codeUrl = `${sheet.url().replace(/[?#].*$/, '')}/code`;
		const readCode = async () =>
			((await (await coordinator.context.request.get(codeUrl)).json()) as { code: string }).code;

		await other.goto(`/courses/${nowId}`);
		await other.getByRole('link', { name: say('course_check_in_link') }).click();
		const codeField = other.getByLabel(say('check_in_code_label'), { exact: true });
		const code = await readCode();
		const wrong = code === '000000' ? '111111' : '000000';
		await codeField.fill(wrong);
		await other.getByRole('button', { name: say('check_in_submit'), exact: true }).click();
		await expect(other.getByText(say('check_in_wrong_code'))).toBeVisible();
		await expect(codeField).toHaveValue(wrong);
		await codeField.fill(await readCode());
		await other.getByRole('button', { name: say('check_in_submit'), exact: true }).click();
		await expect(other).toHaveURL(new RegExp(`/courses/${nowId}`));
		await expect(other.getByText(say('course_checked_in'))).toBeVisible();

		// After the session: the certificate, with the name typed for it, and its code.
		await other.waitForTimeout(Math.max(0, end.getTime() - BANGKOK_MS - Date.now()) + 2_000);
		await other.goto(`/courses/${nowId}`);
		await other.getByRole('link', { name: say('course_certificate_link') }).click();
		await other.getByLabel(say('certificate_name_label'), { exact: true }).fill('Sokha Chan');
		await other.getByRole('button', { name: say('certificate_show') }).click();
		const certificate = other.getByRole('article');
		await expect(certificate.getByText('Sokha Chan')).toBeVisible();
		await expect(certificate.getByText(nowTitle)).toBeVisible();
		const printedCode = (await certificate.locator('[translate="no"]').textContent())!.trim();
		expect(printedCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		await expectAccessible(other, javaScriptEnabled);
		if (javaScriptEnabled) {
			// The page has no script of its own: the head's script prints.
			await pressPrint(other, other.getByRole('button', { name: say('certificate_print') }));
		} else {
			await expect(other.getByText(say('certificate_print_hint'))).toBeVisible();
		}
		// On paper: the certificate alone, nothing of the site around it.
		await other.emulateMedia({ media: 'print' });
		await expect(certificate).toBeVisible();
		await expect(other.getByRole('button', { name: say('certificate_show') })).toBeHidden();
		await other.emulateMedia({ media: 'screen' });

		// Anyone can check it, signed out, and learns the course, never the person.
		const anyone = await browser.newContext({ baseURL, javaScriptEnabled });
		const check = await anyone.newPage();
		await check.goto('/certificates');
		await check.getByLabel(en_('certificate_code_label'), { exact: true }).fill(printedCode);
		await check.getByRole('button', { name: en_('certificate_check_submit') }).click();
		await expect(check.getByText(en_('certificate_check_valid'))).toBeVisible();
		await expect(check.getByText(nowTitle)).toBeVisible();
		for (const secret of ['Sokha', 'Heron40', second.pseudonym])
			await expect(check.locator('main')).not.toContainText(secret);
		await expectAccessible(check, javaScriptEnabled);

		for (const context of [anyone, first.context, second.context, coordinator.context, admin])
			await context.close();
	});
}

/** The coordinator and the visitor read English. */
const en_ = wordsIn('en');
