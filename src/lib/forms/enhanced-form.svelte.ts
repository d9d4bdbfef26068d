import { enhance } from '$app/forms';

/**
 * A form posted without a full page load when JavaScript runs (SvelteKit's `enhance`), and as a
 * plain form otherwise, with `busy` while it is on its way. Validation happens on the server only:
 * a client-side form library would cost a slow phone about 20 KB more than it saves.
 */
export function enhancedForm(options: { invalidateAll?: boolean } = {}) {
	let busy = $state(false);
	return {
		get busy() {
			return busy;
		},
		enhance: (form: HTMLFormElement) =>
			enhance(form, () => {
				busy = true;
				return async ({ update }) => {
					await update({ invalidateAll: options.invalidateAll ?? true });
					busy = false;
				};
			})
	};
}
