import { coalesced } from '$lib/realtime/coalesced';
import type { GroupNews } from '$lib/realtime/events';
import { followGroup } from '$lib/realtime/group-follow';
import { refreshLists } from './refresh-lists';

/*
 * A circle's topics and review pages, without the framework, kept live: when the circle says its
 * polls, topics or review list changed, the page asks the server for itself again and takes the
 * new lists (refresh-lists.ts). A poll or topic someone adds is also told in a notice that links
 * to it, a copy of the model the server draws (`template[data-group-news=poll|topic]`).
 */

/** What the server writes on the script's element (`data-group-lists`). */
interface ListsSettings {
	groupId: string;
	/** Whether to ask again on the first connection too: the page may have missed a change. */
	catchUp: boolean;
}

const settingsElement = document.querySelector<HTMLElement>('[data-group-lists]');

/** The page as the server draws it now, as on a new load (a message asked for stays marked). */
async function refresh() {
	const response = await fetch(location.pathname + location.search, {
		headers: { accept: 'text/html' }
	});
	if (!response.ok || response.redirected) return;
	const next = new DOMParser().parseFromString(await response.text(), 'text/html');
	refreshLists(document, next);
}

function tell(news: GroupNews) {
	const notices = document.querySelector('[data-group-news-notices]');
	const model = document.querySelector<HTMLTemplateElement>(
		`template[data-group-news="${news.kind}"]`
	);
	const link = model?.content.firstElementChild?.cloneNode(true) as HTMLAnchorElement | undefined;
	if (!notices || !link) return;
	link.hash = `${news.kind}-${news.id}`;
	// The model's text holds a mark where the title goes (GroupNewsModels.svelte).
	link.textContent = link.textContent!.replace(link.dataset.titleMark!, () => news.title);
	delete link.dataset.titleMark;
	notices.append(link);
}

if (settingsElement) {
	const { groupId, catchUp }: ListsSettings = JSON.parse(settingsElement.dataset.groupLists!);
	const reload = coalesced(refresh);
	followGroup(groupId, {
		opened: (first) => (catchUp || !first) && reload(),
		news: (news) => {
			tell(news);
			reload();
		},
		reviewChanged: reload
	});
}
