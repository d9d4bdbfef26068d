import { readFileSync } from 'node:fs';
import {
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { personWithRole, signInOnPage } from './people';
import { useLocale } from './site';

/** A page's words in a language, as messages/*.json hold them, with its placeholders filled. */
export type Say = (key: string, values?: Record<string, string>) => string;

type Message =
	string | Array<{ declarations: string[]; selectors: string[]; match: Record<string, string> }>;

/** English plurals are chosen by the value given for the count ('1' is one). */
export function wordsIn(locale: string): Say {
	const messages = JSON.parse(
		readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')
	) as Record<string, Message>;
	return (key, values = {}) => {
		const message = messages[key];
		expect(message, key).toBeTruthy();
		let text: string;
		if (typeof message === 'string') text = message;
		else {
			const [{ selectors, match, declarations }] = message;
			const selector = selectors[0];
			const input = declarations
				.find((d) => d.startsWith(`local ${selector} =`))!
				.split('=')[1]
				.split(':')[0]
				.trim();
			text = match[`${selector}=${values[input] === '1' ? 'one' : '*'}`] ?? match[`${selector}=*`];
		}
		return text.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
	};
}

export const en = wordsIn('en');

export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A day `days` from today on the Bangkok clock (the form's default), as a date field takes it. */
export const dayFrom = (days: number) =>
	new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** A session line of the course form, by its legend ("Session 2"), in the page's language. */
export function sessionLine(page: Page, say: Say, locale: string, number: number) {
	const legend = say('course_form_session_legend', {
		number: new Intl.NumberFormat(locale).format(number)
	});
	const line = page.getByRole('group', { name: legend, exact: true });
	return {
		line,
		date: line.getByLabel(say('course_form_session_date'), { exact: true }),
		start: line.getByLabel(say('course_form_session_start'), { exact: true }),
		end: line.getByLabel(say('course_form_session_end'), { exact: true })
	};
}

/** Someone with a role, signed in in a context of their own, with or without scripts, in a language. */
export async function personIn(
	browser: Browser,
	baseURL: string,
	admin: BrowserContext,
	role: 'member' | 'coordinator',
	options: { javaScriptEnabled?: boolean; locale?: string } = {}
) {
	const made = await personWithRole(browser, baseURL, admin, role);
	await made.context.close();
	const context = await browser.newContext({
		baseURL,
		javaScriptEnabled: options.javaScriptEnabled ?? true
	});
	await signInOnPage(await context.newPage(), made);
	// After signing in, which the helper does in English.
	if (options.locale) await useLocale(context, baseURL, options.locale);
	return { ...made, context };
}

/**
 * A course written on /courses/new by a coordinator (scripts on, in English), with its sessions
 * as [day, start, end] on the Bangkok clock, then published. Returns its id.
 */
export async function publishedCourseOnPage(
	staff: BrowserContext,
	course: {
		title: string;
		capacity: number;
		sessions: [string, string, string][];
		closes: string;
	}
): Promise<string> {
	const page = await staff.newPage();
	await page.goto('/courses/new');
	await page.waitForLoadState('networkidle');
	const field = (key: string) => page.getByLabel(en(key), { exact: true });
	await field('course_form_title_label').fill(course.title);
	await field('course_form_provider_label').fill('Mekong Small Business School');
	await field('course_form_area_label').fill('Chiang Rai');
	await field('course_form_address_label').fill('Community hall, 2nd floor');
	await field('course_form_capacity_label').fill(String(course.capacity));
	await field('course_form_opens_label').fill(dayFrom(-1));
	await field('course_form_closes_label').fill(course.closes);
	for (const [index, [date, start, end]] of course.sessions.entries()) {
		let line = sessionLine(page, en, 'en', index + 1);
		if ((await line.line.count()) === 0) {
			await page.getByRole('button', { name: en('course_form_add_session'), exact: true }).click();
			line = sessionLine(page, en, 'en', index + 1);
		}
		await line.date.fill(date);
		await line.start.fill(start);
		await line.end.fill(end);
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

/** The error said beside a field: the text its aria-describedby points to. */
export async function expectRefused(locator: Locator, message: string) {
	await expect(locator).toHaveAttribute('aria-invalid', 'true');
	const describedBy = (await locator.getAttribute('aria-describedby')) ?? '';
	const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
	expect(errorId, 'the field points to its error').toBeTruthy();
	await expect(locator.page().locator(`[id="${errorId}"]`)).toHaveText(message);
}

/** Sends a form with its button; returns the status of the answer to the POST. */
export async function send(page: Page, name: string, javaScriptEnabled: boolean): Promise<number> {
	const answer = page.waitForResponse((r) => r.request().method() === 'POST');
	await page.getByRole('button', { name, exact: true }).click();
	const response = await answer;
	if (!javaScriptEnabled) return response.status();
	const body = await response.json().catch(() => ({}));
	return (body as { status?: number }).status ?? response.status();
}
