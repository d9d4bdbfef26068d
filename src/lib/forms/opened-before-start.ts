import { onMount } from 'svelte';

/**
 * The parts of the page (`<details>`) a member opened or closed before the page's script started.
 * On a slow phone a folded form is there to open seconds before then, and hydration sets every
 * `open` the page computes: the form would shut under the member's fingers, with what they typed
 * in it. Called from the root layout's script, which runs before any of the page is hydrated:
 * each part's state is noted and put back once the page has mounted (its `toggle` event then
 * tells the page, as the member's own click would have).
 */
export function keepWhatWasOpened(): void {
	const parts = [...document.querySelectorAll('details')].map(
		(details) => [details, details.open] as const
	);
	onMount(() => {
		for (const [details, open] of parts)
			if (details.isConnected && details.open !== open) details.open = open;
	});
}
