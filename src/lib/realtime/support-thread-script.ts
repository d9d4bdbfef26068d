import { messageTime } from './message-time';
import { followSupportThread } from './support-follow';
import type { SupportMessageView } from './support-messages';

/*
 * A private conversation with the facilitators kept live on a page without the framework
 * (`SupportThread.svelte`): messages from the other side, and from the viewer's other phones,
 * appear as they are sent, and after each (re)connection whatever came while the phone was offline.
 * The server draws the list, in the reader's language, with a model of a message from each side;
 * this fills in copies. A message already shown (by id) is not shown again.
 */

/** What the server writes on the list for this script (`data-support-thread`). */
interface ThreadSettings {
	groupId: string;
	/** The member whose conversation it is, for a facilitator; null for the member's own. */
	memberId: string | null;
	timeZone: string;
}

const list = document.querySelector<HTMLOListElement>('ol[data-support-thread]');

/** Whether `item` (a message shown) comes after `message`: by time, then by id, as on the server. */
function comesAfter(item: HTMLElement, message: SupportMessageView) {
	const at = item.dataset.at!;
	return at === message.at ? item.dataset.messageId! > message.id : at > message.at;
}

function show(thread: HTMLOListElement, timeZone: string, message: SupportMessageView) {
	const shown = [...thread.querySelectorAll<HTMLElement>('[data-message-id]')];
	if (shown.some((item) => item.dataset.messageId === message.id)) return;
	const side = message.fromMember ? 'member' : 'facilitator';
	const model = document.querySelector<HTMLTemplateElement>(`template[data-support-${side}]`);
	const item = model?.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
	if (!item) return;
	item.dataset.messageId = message.id;
	item.dataset.at = message.at;
	// The model holds the name to show when the message has none ("You", the member's, "Facilitator").
	const author = item.querySelector('[data-support-author]');
	if (author && !message.fromMember && message.authorName) author.textContent = message.authorName;
	const time = item.querySelector('time');
	if (time) {
		time.dateTime = message.at;
		time.textContent = messageTime(message.at, timeZone);
	}
	const body = item.querySelector('[data-support-body]');
	if (body) body.textContent = message.body;
	thread.querySelector('[data-support-empty]')?.remove();
	thread.insertBefore(item, shown.find((other) => comesAfter(other, message)) ?? null);
}

if (list) {
	const { groupId, memberId, timeZone }: ThreadSettings = JSON.parse(list.dataset.supportThread!);
	followSupportThread({ groupId, memberId }, (messages) => {
		for (const message of messages) show(list, timeZone, message);
	});
}
