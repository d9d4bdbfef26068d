import type { SuperValidated } from 'sveltekit-superforms';

/**
 * What the last action sent back, when it came from the form with this id (by convention its
 * action's name) and, for a form repeated down a list, with these hidden fields. A page of many
 * forms shows each result, and what was typed, only in the form it belongs to. `T` is the shape of
 * that form's data, as its schema makes it.
 */
export function resultFor<T extends Record<string, unknown>>(
	actionData: unknown,
	id: string,
	fields: Record<string, string> = {}
): SuperValidated<T, string> | null {
	const form = (actionData as { form?: SuperValidated<Record<string, unknown>, string> } | null)
		?.form;
	if (form?.id !== id) return null;
	const matches = Object.entries(fields).every(([name, value]) => form.data[name] === value);
	return matches ? (form as SuperValidated<T, string>) : null;
}
