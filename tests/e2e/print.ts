import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Presses a Print button and checks that the browser was asked to print. The dialog itself is
 * the browser's: `print` is replaced by a stand-in that marks the page.
 */
export async function pressPrint(page: Page, button: Locator) {
	await page.evaluate(() => {
		window.print = () => document.body.setAttribute('data-printed', '');
	});
	await button.click();
	await expect(page.locator('body[data-printed]')).toHaveCount(1);
}
