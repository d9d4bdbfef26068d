import { m } from '$lib/paraglide/messages';
import { formatNumber } from '../i18n/format';
import { PUBLIC_TEXT_MAX, type TextProblem } from './moderated-text';

// What the comment, reply and note forms say, in the reader's language.

const max = () => formatNumber(PUBLIC_TEXT_MAX);

/** The message beside a refused comment, proposed edit, reply or note. */
export function textProblemMessage(problem: TextProblem): string {
	switch (problem) {
		case 'required':
			return m.services_text_required();
		case 'invalid':
			return m.services_text_invalid();
		case 'too_long':
			return m.services_text_too_long({ max: max() });
	}
}

/** The hint under a text a member writes for others to read: no names, and the limit. */
export const publicTextHint = () => m.services_text_hint({ max: max() });
