import { m } from '$lib/paraglide/messages';
import type { GroupNews } from '$lib/realtime/events';

/** How a notice of a new poll or topic reads, in the reader's language. */
export const newsLabel = (kind: GroupNews['kind'], title: string) =>
	kind === 'poll' ? m.group_news_poll({ title }) : m.group_news_topic({ title });

/** What a notice's link looks like, drawn by the framework or copied by a page's own script. */
export const NEWS_NOTICE_CLASS =
	'flex min-h-11 items-center rounded-xl bg-brand-50 px-4 py-2 font-medium break-words text-brand-900 underline';
