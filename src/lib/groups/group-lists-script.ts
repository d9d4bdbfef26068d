import { coalesced } from '$lib/realtime/coalesced';
import { followGroup } from '$lib/realtime/group-follow';
import { refreshLists } from './refresh-lists';
import { showGroupNews } from './show-group-news';

/*
 * A circle's topics and review pages, without the framework, kept live: when the circle says its
 * polls, topics or review list changed, the page asks the server for itself again and takes the
 * new lists (refresh-lists.ts). A poll or topic someone adds is also told in a notice that links
 * to it (show-group-news.ts).
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

if (settingsElement) {
	const { groupId, catchUp }: ListsSettings = JSON.parse(settingsElement.dataset.groupLists!);
	const reload = coalesced(refresh);
	followGroup(groupId, {
		opened: (first) => (catchUp || !first) && reload(),
		news: (news) => {
			showGroupNews(news);
			reload();
		},
		reviewChanged: reload
	});
}
