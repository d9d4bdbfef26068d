import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { checkAccessibility } from './axe';
import { en, expectRefused, personIn, send, UUID, wordsIn } from './courses';
import { adminContext, formKeyIn } from './people';

/*
 * Complaints (issue 12, point 4), on a phone-sized screen: a member complains about a service (in
 * English with JavaScript, in Thai without), a coordinator acknowledges and answers it, and the
 * member follows it to the answer. A complaint of abuse by staff stays closed to a coordinator who
 * is not named as a focal point, and opens for one who is.
 */

/** axe runs in the page: only where scripts run, as in the other files. */
async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
}

/** A service in the directory, added as a coordinator would on /services/new; returns its id. */
async function seedService(staff: BrowserContext, baseURL: string, name: string) {
	const form = await staff.request.get('/services/new');
	const response = await staff.request.post('/services/new?/add', {
		headers: { accept: 'text/html', origin: baseURL },
		form: {
			formKey: formKeyIn(await form.text()),
			name,
			kind: 'shelter',
			country: 'TH',
			languages: 'th',
			howToReach: 'Ask at the district office'
		},
		maxRedirects: 0
	});
	const id = response.headers()['location']?.match(new RegExp(UUID))?.[0];
	expect(id, 'the service was added').toBeTruthy();
	return id!;
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`a member complains about a service and follows it to the answer (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(180_000);
		const say = wordsIn(locale);
		const admin = await adminContext(browser, baseURL!);
		const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
		const serviceName = `Riverside shelter ${locale} ${Math.random().toString(36).slice(2, 7)}`;
		const serviceId = await seedService(coordinator.context, baseURL!, serviceName);
		const member = await personIn(browser, baseURL!, admin, 'member', {
			javaScriptEnabled,
			locale
		});

		// The service's link chooses it on the form; the published timelines are beside it.
		const page = await member.context.newPage();
		await page.goto(`/complaints/new?service=${serviceId}`);
		await expect(
			page.getByRole('heading', { level: 1, name: say('complaint_new_title') })
		).toBeVisible();
		const service = page.getByLabel(say('complaint_service_label'), { exact: true });
		await expect(service).toHaveValue(serviceId);
		await expect(page.getByText(say('complaint_timeline_acknowledge'))).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);

		// Nothing written: refused beside the field, the kind chosen kept.
		const kind = page.getByRole('radio', { name: say('complaint_kind_refused_help') });
		await kind.check();
		expect(await send(page, say('complaint_send'), javaScriptEnabled)).toBe(400);
		const what = page.getByLabel(say('complaint_what_label'), { exact: true });
		await expectRefused(what, say('field_required'));
		await expect(kind).toBeChecked();
		await expect(service).toHaveValue(serviceId);

		await what.fill('They told me to come back next week, three times.');
		await page.getByRole('button', { name: say('complaint_send'), exact: true }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: say('complaint_page_title_own') })
		).toBeVisible();
		await expect(page.getByText(say('complaint_sent_notice'))).toBeVisible();
		await expect(page.getByText(serviceName)).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);
		const complaintPath = new URL(page.url()).pathname;

		// The coordinator finds it among all complaints, acknowledges it, then answers it.
		const desk = await coordinator.context.newPage();
		await desk.goto('/complaints');
		await desk.locator(`a[href$="${complaintPath}"]`).click();
		await expect(
			desk.getByRole('heading', { level: 1, name: en('complaint_page_title') })
		).toBeVisible();
		await expect(desk.getByText(member.pseudonym)).toBeVisible();
		await desk.getByRole('radio', { name: en('complaint_status_acknowledged') }).check();
		await desk
			.getByLabel(en('complaint_step_message_label'), { exact: true })
			.fill('Thank you. We have your complaint.');
		await desk.getByRole('button', { name: en('complaint_step_send'), exact: true }).click();
		await expect(desk.getByText(en('complaint_step_saved'))).toBeVisible();
		await expectAccessible(desk, true);

		// Following it: acknowledged, with the message and when to expect the next step.
		await page.goto('/complaints');
		await expect(page.getByText(say('complaint_status_acknowledged'))).toBeVisible();
		await page.goto(complaintPath);
		await expect(page.getByText('Thank you. We have your complaint.')).toBeVisible();
		await expect(page.getByText(say('complaint_handled_by_coordinator')).first()).toBeVisible();

		await desk.getByRole('radio', { name: en('complaint_status_resolved') }).check();
		await desk
			.getByLabel(en('complaint_step_message_label'), { exact: true })
			.fill('The shelter now sees everyone who comes on the same day.');
		await desk.getByRole('button', { name: en('complaint_step_send'), exact: true }).click();
		await expect(desk.getByText(en('complaint_step_saved'))).toBeVisible();

		await page.goto('/complaints');
		// Links carry the page's language in their path: found by the complaint's id.
		await page.locator(`a[href$="${complaintPath}"]`).click();
		await expect(
			page.getByText('The shelter now sees everyone who comes on the same day.')
		).toBeVisible();
		const history = page.getByRole('region', { name: say('complaint_history_heading') });
		await expect(history.getByRole('listitem')).toHaveCount(3);
		await expect(history.getByText(say('complaint_status_resolved'))).toBeVisible();
		await expectAccessible(page, javaScriptEnabled);
	});
}

test('a sensitive complaint opens only for a coordinator named as a focal point', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const admin = await adminContext(browser, baseURL!);
	const coordinator = await personIn(browser, baseURL!, admin, 'coordinator');
	const focal = await personIn(browser, baseURL!, admin, 'coordinator');
	const member = await personIn(browser, baseURL!, admin, 'member');

	const page = await member.context.newPage();
	await page.goto('/complaints/new');
	await page.getByRole('radio', { name: en('complaint_kind_abuse_by_staff') }).check();
	await page
		.getByLabel(en('complaint_what_label'), { exact: true })
		.fill('A worker there asked me for money to keep my place.');
	await page.getByRole('button', { name: en('complaint_send'), exact: true }).click();
	await expect(page.getByText(en('complaint_sent_notice'))).toBeVisible();
	// Support is offered beside the investigation.
	await expect(
		page.getByRole('heading', { level: 2, name: en('complaint_support_heading') })
	).toBeVisible();
	await expectAccessible(page, true);
	const complaintPath = new URL(page.url()).pathname;

	// Not a focal point: not in the list (only counted), and not there at all.
	const desk = await coordinator.context.newPage();
	await desk.goto('/complaints');
	await expect(desk.locator(`a[href$="${complaintPath}"]`)).toHaveCount(0);
	await expect(desk.getByText(/sensitive complaints? (is|are) open/)).toBeVisible();
	const refused = await desk.goto(complaintPath);
	expect(refused?.status()).toBe(404);

	// The admin names the other coordinator; they open it and acknowledge it.
	const names = await admin.newPage();
	await names.goto('/complaints/focal-points');
	await names
		.getByLabel(en('complaint_focal_nickname_label'), { exact: true })
		.fill(focal.pseudonym);
	await names.getByRole('button', { name: en('complaint_focal_add'), exact: true }).click();
	await expect(names.getByText(en('complaint_focal_named'))).toBeVisible();
	await expect(names.getByText(focal.pseudonym, { exact: true })).toBeVisible();
	await expectAccessible(names, true);

	const focalDesk = await focal.context.newPage();
	await focalDesk.goto('/complaints');
	await focalDesk.locator(`a[href$="${complaintPath}"]`).click();
	await focalDesk
		.getByLabel(en('complaint_step_message_label'), { exact: true })
		.fill('I am looking after this myself.');
	await focalDesk.getByRole('button', { name: en('complaint_step_send'), exact: true }).click();
	await expect(focalDesk.getByText(en('complaint_step_saved'))).toBeVisible();

	await page.goto(complaintPath);
	await expect(page.getByText('I am looking after this myself.')).toBeVisible();
	await expect(page.getByText(en('complaint_handled_by_focal_point')).first()).toBeVisible();
	expect((await desk.goto(complaintPath))?.status()).toBe(404);
});
