import { m } from '$lib/paraglide/messages';
import { formatNumber } from '../i18n/format';
import type { CircleNews } from './circle-news';

/** Where a line of news leads: the conversation, the topics and polls, or the help conversation. */
export type NewsPlace = 'messages' | 'topics' | 'help';

export interface NewsLine {
	place: NewsPlace;
	text: string;
}

/**
 * A circle's news as the member reads it, one line for each kind there is some of, in their
 * language with its own digits; said on the server, so no page carries these words as code.
 */
export function newsLines(news: CircleNews): NewsLine[] {
	const lines: Array<[number, NewsPlace, (inputs: { count: string }) => string]> = [
		[news.messages, 'messages', m.news_messages],
		[news.topics, 'topics', m.news_topics],
		[news.polls, 'topics', m.news_polls],
		[news.replies, 'help', m.news_replies]
	];
	return lines
		.filter(([count]) => count > 0)
		.map(([count, place, say]) => ({ place, text: say({ count: formatNumber(count) }) }));
}
