/**
 * Loads the page of messages before the first one when the member scrolls up to the top of the
 * list (where `node`, the "Earlier messages" button, sits), and keeps the message they were reading
 * where it was: the new page appears above it instead of pushing it away.
 */
export function loadEarlierOnScroll(node: HTMLElement, load: () => Promise<void>) {
	let loading = false;
	const observer = new IntersectionObserver(async (entries) => {
		if (loading || !entries.some((entry) => entry.isIntersecting)) return;
		loading = true;
		const anchor = node.closest('section, main')?.querySelector('[role="log"] li');
		const before = anchor?.getBoundingClientRect().top;
		try {
			await load();
			// Let the new messages render before measuring how far the anchor moved.
			await new Promise(requestAnimationFrame);
			if (anchor && before !== undefined) {
				window.scrollBy(0, anchor.getBoundingClientRect().top - before);
			}
		} finally {
			loading = false;
		}
	});
	observer.observe(node);
	return { destroy: () => observer.disconnect() };
}
