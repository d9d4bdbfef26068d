import { parseWholeNumber, type FormFields } from './meeting-sheet-form';
import { MAX_REINVEST_SHARES } from './next-cycle';

/*
 * The shares members put into the next cycle from their payout, as the plain form posts them:
 * one field `reinvest.<memberId>.shares` per member listed, empty meaning none. Pure. Every field
 * of that shape is read, listed or not, so that the service, which alone knows who was paid and
 * how much, refuses a member who should not be there; what was typed is kept to show again.
 */

export const reinvestField = (memberId: string) => `reinvest.${memberId}.shares`;

const FIELD = /^reinvest\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.shares$/i;

export type ReinvestFieldProblem = 'whole_number' | 'negative' | 'too_many';

export interface ParsedReinvestForm {
	/** Each field as typed, by name. */
	values: Record<string, string>;
	errors: Record<string, ReinvestFieldProblem>;
	/** Member id to shares, for every field with more than zero; null when a field was refused. */
	reinvest: Map<string, number> | null;
}

export function parseReinvestForm(fields: FormFields): ParsedReinvestForm {
	const values: Record<string, string> = {};
	const errors: Record<string, ReinvestFieldProblem> = {};
	const reinvest = new Map<string, number>();
	for (const [name, text] of Object.entries(fields)) {
		const match = FIELD.exec(name);
		if (!match) continue;
		values[name] = text;
		if (text.trim() === '') continue;
		const parsed = parseWholeNumber(text, MAX_REINVEST_SHARES);
		if (!parsed.ok)
			errors[name] =
				parsed.problem === 'negative'
					? 'negative'
					: parsed.problem === 'too_large'
						? 'too_many'
						: 'whole_number';
		else if (parsed.value > 0) reinvest.set(match[1].toLowerCase(), parsed.value);
	}
	return { values, errors, reinvest: Object.keys(errors).length === 0 ? reinvest : null };
}
