import { expect, test } from '@playwright/test';

// On a slow phone the page's script arrives seconds after the form: what was typed meanwhile stays.
test('what is typed on the sign-up page before its script arrives is kept', async ({ page }) => {
	let release!: () => void;
	const arrived = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await arrived;
		await route.continue();
	});
	await page.goto('/signup', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Invitation code').fill('ABCD-EFGH');
	await page.getByLabel('Nickname').fill('early_bird');
	await page.getByLabel('Passphrase').fill('a slow phone types first');
	release();
	// The Show button comes with the script.
	await expect(page.getByRole('button', { name: 'Show' })).toBeVisible();
	await expect(page.getByLabel('Invitation code')).toHaveValue('ABCD-EFGH');
	await expect(page.getByLabel('Nickname')).toHaveValue('early_bird');
	await expect(page.getByLabel('Passphrase')).toHaveValue('a slow phone types first');
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByLabel('Passphrase')).toHaveValue('a slow phone types first');
});
