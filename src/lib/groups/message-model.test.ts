import { describe, expect, it } from 'vitest';
import { messageShows, replyExcerpt } from './message-model';

describe('what a drawn message shows', () => {
	it('its words, unless deleted, withdrawn, or hidden from the reader', () => {
		expect(messageShows({ status: 'visible', body: 'Hello' })).toBe('body');
		expect(messageShows({ status: 'held', body: 'Hello' })).toBe('body');
		// A facilitator reads a hidden message's words; a member gets them empty.
		expect(messageShows({ status: 'hidden', body: 'Hello' })).toBe('body');
		expect(messageShows({ status: 'hidden', body: '' })).toBe('hidden');
		expect(messageShows({ status: 'deleted', body: '' })).toBe('deleted');
		expect(messageShows({ status: 'withdrawn', body: '' })).toBe('withdrawn');
	});

	it('quotes 80 characters of a reply, never half of one', () => {
		expect(replyExcerpt('short')).toBe('short');
		const emoji = '😀'.repeat(100);
		expect(replyExcerpt(emoji)).toBe('😀'.repeat(80));
		expect(replyExcerpt('a'.repeat(81))).toHaveLength(80);
	});
});
