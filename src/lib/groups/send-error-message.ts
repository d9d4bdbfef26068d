import { m } from '$lib/paraglide/messages';
import type { SendError } from '$lib/realtime/messages';
import { tooFastMessage } from './too-fast-message';

/** Why a message did not go, in the member's language. */
export function sendErrorMessage(error: SendError, retryAfterS = 0): string {
	switch (error) {
		case 'empty':
			return m.message_empty();
		case 'too_long':
			return m.message_too_long();
		case 'hidden_characters':
			return m.error_hidden_characters();
		case 'muted':
			return m.message_muted();
		case 'paused':
			return m.message_paused();
		case 'slow':
			return m.message_slow({ seconds: String(retryAfterS) });
		case 'too_fast':
			return tooFastMessage(retryAfterS);
		case 'not_found':
			return m.message_not_found();
		case 'invalid':
		case 'unavailable':
		case 'busy':
			return m.message_unavailable();
	}
}
