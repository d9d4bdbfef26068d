import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The page checked against WCAG 2.2 AA by axe. Legacy mode runs axe in the page itself: these
 * pages have no frames, and the default mode opens a blank page for every check, which doubles its
 * time (the suite checks over a hundred pages).
 */
export function checkAccessibility(page: Page) {
	return new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
}
