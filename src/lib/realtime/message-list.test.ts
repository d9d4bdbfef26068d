import { describe, expect, it } from 'vitest';
import type { MessageView } from './messages';
import { latestRev, mergeMessages } from './message-list';

const message = (
	seq: number,
	rev = seq,
	status: MessageView['status'] = 'visible'
): MessageView => ({
	id: `id-${seq}`,
	seq,
	rev,
	clientId: `c-${seq}`,
	author: 'Mai',
	authorKey: 'k',
	authorRole: null,
	body: status === 'hidden' ? '' : `body ${seq}`,
	replyTo: null,
	status,
	at: new Date(0).toISOString()
});

describe('mergeMessages', () => {
	it('orders by position and keeps each message once', () => {
		const merged = mergeMessages([message(2), message(1)], [message(3), message(2), message(1)]);
		expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
	});

	it('keeps the latest change of a message whichever order they arrive in', () => {
		const hidden = message(1, 5, 'hidden');
		expect(mergeMessages([message(1)], [hidden])[0].status).toBe('hidden');
		expect(mergeMessages([hidden], [message(1)])[0].status).toBe('hidden');
	});

	it('knows the highest change number seen', () => {
		expect(latestRev([message(1), message(2, 9)], 4)).toBe(9);
		expect(latestRev([], 4)).toBe(4);
	});
});
