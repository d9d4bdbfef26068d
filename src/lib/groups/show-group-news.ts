import type { GroupNews } from '$lib/realtime/events';

/**
 * Tells of a poll or topic someone added, on a page without the framework: a copy of the model
 * the server draws (GroupNewsModels.svelte), whose text holds a mark where the title goes.
 */
export function showGroupNews(news: GroupNews) {
	const notices = document.querySelector('[data-group-news-notices]');
	const model = document.querySelector<HTMLTemplateElement>(
		`template[data-group-news="${news.kind}"]`
	);
	// Imported, not cloned: a link in the template's own document has no address to set a part of.
	const link =
		model && (document.importNode(model.content, true).firstElementChild as HTMLAnchorElement);
	if (!notices || !link) return;
	link.hash = `${news.kind}-${news.id}`;
	link.textContent = link.textContent!.replace(link.dataset.titleMark!, () => news.title);
	delete link.dataset.titleMark;
	notices.append(link);
}
