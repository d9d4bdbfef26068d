/** Escape pressed this many times within the window leaves the site. */
export const QUICK_EXIT_PRESSES = 3;
export const QUICK_EXIT_WINDOW_MS = 2_000;

/**
 * Leave now in the browser, for the link QuickExit.svelte draws (`data-leave-now`: where to go;
 * `href`: the route that signs this phone out). It runs from the page's head, as the HTML arrives:
 * on a slow phone the page's own scripts take seconds more, and Leave now must keep its promise
 * from the first moment.
 * It listens on the document, so it holds for every page this document shows, before and after
 * the framework starts. A press hides the page at once, forgets what this tab stored, asks the
 * server to sign out without waiting for it, and replaces this history entry, so that Back does
 * not return here; if the beacon cannot be queued, the browser goes through the link itself.
 * Sent as its source text (`LEAVE_NOW_SCRIPT`): it may use nothing from outside its body.
 */
function keepLeaveNow(presses: number, windowMs: number) {
	function leave(event?: Event) {
		const link = document.querySelector<HTMLAnchorElement>('a[data-leave-now]');
		if (!link) return;
		event?.preventDefault();
		document.documentElement.hidden = true;
		try {
			sessionStorage.clear();
		} catch {
			// Storage switched off: there is nothing to clear.
		}
		location.replace(navigator.sendBeacon?.(link.href) ? link.dataset.leaveNow! : link.href);
	}
	// Capturing, so that no other handler of the page can keep the press from leaving.
	document.addEventListener(
		'click',
		(event) => {
			if (event.target instanceof Element && event.target.closest('a[data-leave-now]')) {
				leave(event);
			}
		},
		true
	);
	let escapes: number[] = [];
	document.addEventListener(
		'keydown',
		(event) => {
			if (event.key !== 'Escape') return;
			const now = event.timeStamp;
			escapes = [...escapes.filter((at) => now - at < windowMs), now];
			if (escapes.length >= presses) leave();
		},
		true
	);
	// A page restored from the back-forward cache is asked for again, so that after Leave now the
	// server decides what Back shows. Chromium keeps no `no-store` page there; Safari does.
	addEventListener('pageshow', (event) => {
		if (event.persisted) location.reload();
	});
}

/** Leave now's part of the script every page's head runs (head-script.ts). */
export const LEAVE_NOW_SCRIPT = `(${keepLeaveNow.toString()})(${QUICK_EXIT_PRESSES},${QUICK_EXIT_WINDOW_MS})`;
