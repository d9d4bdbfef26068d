import type { MessageView } from '$lib/realtime/messages';

/** What the server writes for a circle's conversation script (`data-conversation`). */
export interface ConversationSettings {
	groupId: string;
	/** The page's messages, as GroupLive starts from them. */
	messages: MessageView[];
	lastRev: number;
	hasEarlier: boolean;
	/** The viewer's membership, to know their own messages; null if they are not a member. */
	memberKey: string | null;
	/** When the viewer's mute ends (ISO 8601), or null. */
	muteEndsAt: string | null;
	timeZone: string;
}
