/**
 * Runs `load` now, or once more after the run under way when called meanwhile: a burst of changes
 * loads a page's data twice at most, never in parallel, and the last load sees the last change.
 */
export function coalesced(load: () => Promise<unknown>): () => void {
	let running = false;
	let again = false;
	const run = () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		void load()
			.catch(() => {})
			.finally(() => {
				running = false;
				if (again) {
					again = false;
					run();
				}
			});
	};
	return run;
}
