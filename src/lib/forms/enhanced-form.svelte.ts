import { enhance } from '$app/forms';

/**
 * A form posted without a full page load when JavaScript runs (SvelteKit's `enhance`), and as a
 * plain form otherwise, with `busy` while it is on its way. Validation happens on the server: a
 * client-side form library would cost a slow phone about 20 KB more than it saves.
 */
export function enhancedForm(
	options: {
		invalidateAll?: boolean;
		/**
		 * Follow a redirect with a whole page load: after signing in, the member's own language
		 * (saved on the account) may differ from this page's, and a page drawn in place would keep
		 * the old language in its header and in `<html lang>`.
		 */
		reloadOnRedirect?: boolean;
	} = {}
) {
	let busy = $state(false);
	return {
		get busy() {
			return busy;
		},
		enhance: (form: HTMLFormElement) =>
			enhance(form, () => {
				busy = true;
				return async ({ result, update }) => {
					if (options.reloadOnRedirect && result.type === 'redirect') {
						location.assign(result.location);
						return;
					}
					await update({ invalidateAll: options.invalidateAll ?? true });
					busy = false;
				};
			})
	};
}
