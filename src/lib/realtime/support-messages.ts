/** A message of a member's private conversation with the facilitators, live or on a page. */
export interface SupportMessageView {
	id: string;
	body: string;
	/** ISO 8601. */
	at: string;
	/** Written by the member whose conversation it is (else by a facilitator). */
	fromMember: boolean;
	/** A facilitator's name in the group, or null for the member, staff outside it, or deleted accounts. */
	authorName: string | null;
}

/** Adds what arrived to a conversation: each message once (by id), oldest first. */
export function mergeSupportMessages(
	current: SupportMessageView[],
	arrived: SupportMessageView[]
): SupportMessageView[] {
	const byId = new Map(current.map((message) => [message.id, message]));
	for (const message of arrived) byId.set(message.id, message);
	return [...byId.values()].sort((a, b) =>
		a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1
	);
}
