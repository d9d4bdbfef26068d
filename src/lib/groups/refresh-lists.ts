/*
 * A page without the framework keeps its lists current by asking the server for the page again and
 * putting the server's lists, drawn in the reader's language, in place of its own. A list is marked
 * `data-live-list` with its name, each of its items with an id. An item someone is working in stays
 * as it is, where it is, until the next time: a live change must never take away what a member is
 * doing (a reason half-typed, an answer ticked, a part opened).
 */

/** Whether someone is doing something in `item`: the focus, an opened part, a changed field. */
function inUse(item: Element): boolean {
	if (item.contains(document.activeElement) || item.matches('details[open]')) return true;
	if (item.querySelector('details[open]')) return true;
	return [...item.querySelectorAll('input, textarea, select')].some((field) => {
		if (field instanceof HTMLSelectElement)
			return [...field.options].some((option) => option.selected !== option.defaultSelected);
		if (field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox'))
			return field.checked !== field.defaultChecked;
		const typed = field as HTMLInputElement | HTMLTextAreaElement;
		return typed.value !== typed.defaultValue;
	});
}

/** Puts each of `next`'s live lists in place of the one of the same name in `page`. */
export function refreshLists(page: ParentNode, next: ParentNode) {
	for (const list of page.querySelectorAll<HTMLElement>('[data-live-list]')) {
		const fresh = next.querySelector(`[data-live-list="${list.dataset.liveList}"]`);
		if (!fresh) continue;
		const kept = new Map(
			[...list.children].filter((item) => item.id && inUse(item)).map((item) => [item.id, item])
		);
		const items = [...fresh.children].map((item) => kept.get(item.id) || item);
		for (const item of [...list.children]) if (!items.includes(item)) item.remove();
		// Only what is not in its place moves: moving an item would take the focus out of it.
		items.forEach((item, at) => {
			if (list.children[at] !== item) list.insertBefore(item, list.children[at] ?? null);
		});
	}
}
