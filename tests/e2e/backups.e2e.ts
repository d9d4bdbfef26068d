import { expect, test } from '@playwright/test';
import { adminContext } from './people';
import { useLocale } from './site';

// The end-to-end server runs on PGlite with backups on: it makes the first one as it starts.
test('the admin page shows when the last backup was made and how big it is, in English and in Thai', async ({
	browser,
	baseURL
}) => {
	const admin = await adminContext(browser, baseURL!);
	const page = await admin.newPage();
	const section = page.getByRole('region', { name: 'Backups' });
	// The first backup may still be being written when the test starts.
	await expect(async () => {
		await page.goto('/admin');
		await expect(section).toContainText(/Last backup: .+, [\d.,]+\s?MB\./, { timeout: 1000 });
	}).toPass();
	await expect(section.getByText('This backup is late')).toHaveCount(0);

	await useLocale(admin, baseURL!, 'th');
	await page.reload();
	await expect(page.getByRole('region', { name: 'การสำรองข้อมูล' })).toContainText(
		/สำรองข้อมูลล่าสุด: .+, [\d.,]+\s?MB/
	);
	await admin.close();
});
