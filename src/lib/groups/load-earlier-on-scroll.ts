/** How long to wait before looking again when the top is still in view (not yet connected, say). */
const RETRY_MS = 500;

/**
 * Loads the page of messages before the first one when the member scrolls up to the top of the
 * list (where `node`, the "Earlier messages" link, sits), and keeps the message they were reading
 * where it was: the new page appears above it instead of pushing it away. While the top stays in
 * view it keeps looking, so a member who scrolled up before the connection was ready is not stuck.
 */
export function loadEarlierOnScroll(node: HTMLElement, load: () => Promise<void>) {
	let loading = false;
	let retry: ReturnType<typeof setTimeout> | undefined;
	const observer = new IntersectionObserver(async (entries) => {
		if (loading || !entries.some((entry) => entry.isIntersecting)) return;
		loading = true;
		const anchor = node.closest('main')?.querySelector('[role="log"] li');
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
			// Observing again reports the node at once if it is still in view.
			retry = setTimeout(() => {
				observer.unobserve(node);
				observer.observe(node);
			}, RETRY_MS);
		}
	});
	observer.observe(node);
	return {
		destroy: () => {
			clearTimeout(retry);
			observer.disconnect();
		}
	};
}
