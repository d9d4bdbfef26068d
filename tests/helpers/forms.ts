import type { GenericSchema } from 'valibot';
import { superValidate } from 'sveltekit-superforms';
import { valibot } from 'sveltekit-superforms/adapters';

/**
 * A form's fields posted as a browser posts them (strings; a repeated name for a list; an unchecked
 * box or an unchosen radio not at all) and checked as an action checks them.
 */
export function postedForm<
	S extends GenericSchema<Record<string, unknown>, Record<string, unknown>>
>(schema: S, fields: Record<string, string | string[]>) {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const each of [value].flat()) data.append(name, each);
	}
	return superValidate(data, valibot(schema));
}
