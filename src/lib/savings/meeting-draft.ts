/*
 * What this phone keeps of a meeting sheet not yet recorded: in this tab only (sessionStorage,
 * gone when the tab closes), under the group and the sheet's form key, so that a reload or a lost
 * connection loses nothing and the sheet is sent again with the same key.
 */

const PREFIX = 'circles:savings-sheet:';

const keyOf = (groupId: string, formKey: string) => `${PREFIX}${groupId}:${formKey}`;

/** The keys of the drafts kept for this group. */
function draftKeys(groupId: string): string[] {
	try {
		return Object.keys(sessionStorage).filter((key) => key.startsWith(`${PREFIX}${groupId}:`));
	} catch {
		return [];
	}
}

/** Keeps the typed fields under their form key, replacing any other draft of the group. */
export function saveDraft(groupId: string, fields: Record<string, string>): void {
	const key = keyOf(groupId, fields.formKey ?? '');
	try {
		for (const other of draftKeys(groupId)) if (other !== key) sessionStorage.removeItem(other);
		sessionStorage.setItem(key, JSON.stringify(fields));
	} catch {
		// Storage full or refused: the sheet still posts.
	}
}

/** The group's draft, if this tab kept one (its form key among its fields). */
export function readDraft(groupId: string): Record<string, string> | null {
	const [key] = draftKeys(groupId);
	if (!key) return null;
	try {
		const fields = JSON.parse(sessionStorage.getItem(key) ?? 'null');
		return fields && typeof fields === 'object' ? (fields as Record<string, string>) : null;
	} catch {
		return null;
	}
}

/** Forgets the group's drafts: the meeting is recorded. */
export function clearDrafts(groupId: string): void {
	try {
		for (const key of draftKeys(groupId)) sessionStorage.removeItem(key);
	} catch {
		// Nothing kept.
	}
}
