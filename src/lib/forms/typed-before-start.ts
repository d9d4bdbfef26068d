import { onMount } from 'svelte';

/**
 * What a member typed or chose before the page's script started. On a slow phone a form is there
 * to use seconds before then, and hydration writes the server's values back over what was typed:
 * Svelte sets every `value` and `checked` it renders (only `bind:value` resumes what is there).
 * Called from the root layout's script, which runs before any of the page is hydrated: every
 * control no longer as the server rendered it is noted, and put back once the page has mounted,
 * with the events the member's own typing fires, so live totals, kept drafts and bindings follow.
 * Browser autofill made before the script starts is kept the same way.
 */
export function keepWhatWasTyped(): void {
	const typed: Array<[Control, string | boolean]> = [];
	for (const control of document.querySelectorAll('input, textarea, select'))
		if (typedInto(control) && stateOf(control) !== defaultOf(control))
			typed.push([control, stateOf(control)]);
	onMount(() => {
		for (const [control, state] of typed) {
			if (!control.isConnected || stateOf(control) === state) continue;
			if (ticked(control)) control.checked = state as boolean;
			else control.value = state as string;
			for (const type of ['input', 'change'])
				control.dispatchEvent(new Event(type, { bubbles: true }));
		}
	});
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** Nothing a member types into, or nothing a script may set. */
const NOT_TYPED = /^(hidden|file|submit|button|reset|image)$/;

const typedInto = (target: Element): target is Control =>
	(target instanceof HTMLInputElement ||
		target instanceof HTMLTextAreaElement ||
		target instanceof HTMLSelectElement) &&
	!NOT_TYPED.test(target.type);

const ticked = (control: Control): control is HTMLInputElement =>
	control.type === 'checkbox' || control.type === 'radio';

/** A box's or a choice's checked, anything else's value. */
const stateOf = (control: Control) => (ticked(control) ? control.checked : control.value);

/** The state the server rendered; a list with nothing marked shows its first choice. */
function defaultOf(control: Control): string | boolean {
	if (ticked(control)) return control.defaultChecked;
	if (control instanceof HTMLSelectElement) {
		const options = [...control.options];
		return (options.find((option) => option.defaultSelected) ?? options[0])?.value ?? '';
	}
	return control.defaultValue;
}
