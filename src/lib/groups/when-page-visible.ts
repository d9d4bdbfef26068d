/**
 * Runs `work` now if the page is in view, else as soon as it comes into view (it was in another
 * tab, or the screen was off). Returns what stops waiting.
 */
export function whenPageVisible(work: () => void): () => void {
	if (document.visibilityState === 'visible') {
		work();
		return () => {};
	}
	const stop = () => document.removeEventListener('visibilitychange', shown);
	const shown = () => {
		if (document.visibilityState !== 'visible') return;
		stop();
		work();
	};
	document.addEventListener('visibilitychange', shown);
	return stop;
}
