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
