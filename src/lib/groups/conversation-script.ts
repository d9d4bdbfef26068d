import { m } from '$lib/paraglide/messages';
import { GroupLive, type Connection, type PendingMessage } from '$lib/realtime/group-live';
import { messageTime } from '$lib/realtime/message-time';
import type { MessageView } from '$lib/realtime/messages';
import type { ConversationSettings } from './conversation-settings';
import { groupRoleLabel } from './group-role';
import { loadEarlierOnScroll } from './load-earlier-on-scroll';
import { HELD_MESSAGE_CLASS, messageShows, replyExcerpt } from './message-model';
import { sendErrorMessage } from './send-error-message';
import { showGroupNews } from './show-group-news';
import { whenPageVisible } from './when-page-visible';

/*
 * A circle's conversation, without the framework, kept live (the page: routes/groups/[id]). The
 * server draws the page whole, and models of what this adds: a message of the viewer's and one of
 * someone else's (every part drawn, `data-part`), a message still sending, the notice when the
 * conversation ends. GroupLive keeps the messages; each time they change, an item whose message
 * changed is drawn again from its model, a new one is put in its place, the rest stay as they are.
 */

const settingsElement = document.querySelector<HTMLElement>('[data-conversation]');

const connectionWords: Partial<Record<Connection, () => string>> = {
	offline: m.connection_offline,
	reconnecting: m.connection_reconnecting,
	back: m.connection_back,
	too_many: m.socket_too_many
};

/**
 * A copy of the first element of the model named by `selector`, made in this page's document (a
 * copy in the template's own document has no address to set a link's parts against).
 */
function copyOf<T extends HTMLElement>(selector: string): T {
	const model = document.querySelector<HTMLTemplateElement>(`template${selector}`)!;
	return document.importNode(model.content, true).firstElementChild as T;
}

/** Fills in a part of a copied model, or takes it away when `text` is null. */
function part(item: HTMLElement, name: string, text: string | null | false) {
	const element = item.querySelector<HTMLElement>(`[data-part="${name}"]`);
	if (!element) return null;
	if (text === null || text === false) element.remove();
	else if (text !== '') element.textContent = text;
	return element;
}

/** A message as MessageItem draws it, from the page's models. */
function drawMessage(message: MessageView, settings: ConversationSettings): HTMLLIElement {
	const mine = message.authorKey === settings.memberKey;
	const item = copyOf<HTMLLIElement>(`[data-message-model="${mine ? 'mine' : 'others'}"]`);
	item.dataset.messageId = message.id;
	item.dataset.rev = String(message.rev);
	const article = item.querySelector('article')!;
	article.id = `message-${message.id}`;
	if (message.status === 'held') article.classList.add(...HELD_MESSAGE_CLASS.split(' '));
	part(item, 'author', message.author ?? m.former_member());
	part(item, 'role', message.authorRole && groupRoleLabel(message.authorRole));
	const time = item.querySelector('time')!;
	time.dateTime = message.at;
	time.textContent = messageTime(message.at, settings.timeZone);
	part(item, 'held', message.status === 'held' && '');
	part(item, 'hidden-badge', message.status === 'hidden' && '');
	if (message.replyTo) {
		part(item, 'reply-author', message.replyTo.author ?? m.former_member());
		part(item, 'reply-excerpt', message.replyTo.excerpt || m.message_reply_unavailable());
	} else part(item, 'reply', null);
	const shows = messageShows(message);
	for (const name of ['deleted', 'withdrawn', 'hidden', 'body'])
		part(item, name, shows === name ? (name === 'body' ? message.body : '') : null);
	const actions = part(item, 'actions', message.status === 'visible' && '');
	if (actions) {
		const reply = actions.querySelector<HTMLAnchorElement>('[data-part="reply-link"]')!;
		reply.search = `?reply=${message.id}`;
		const flagged = actions.querySelector<HTMLInputElement>('input[name="messageId"]');
		if (flagged) flagged.value = message.id;
	}
	const review = part(
		item,
		'review',
		message.status !== 'deleted' && message.status !== 'withdrawn' && ''
	) as HTMLAnchorElement | null;
	if (review) review.search = `?message=${message.id}`;
	return item;
}

/** A message still on its way, or refused, from the page's model. */
function drawPending(pending: PendingMessage): HTMLLIElement {
	const item = copyOf<HTMLLIElement>('[data-pending-model]');
	item.dataset.pending = pending.clientId;
	part(
		item,
		'state',
		pending.state === 'sending'
			? m.message_sending()
			: sendErrorMessage(pending.error ?? 'unavailable', pending.retryAfterS)
	);
	part(item, 'body', pending.body);
	part(item, 'failed', pending.state === 'failed' && '');
	return item;
}

/** Puts the messages and those still sending in the list, touching only what changed. */
function drawList(list: HTMLOListElement, live: GroupLive, settings: ConversationSettings) {
	const shown = new Map(
		[...list.querySelectorAll<HTMLLIElement>(':scope > li[data-message-id]')].map((item) => [
			item.dataset.messageId!,
			item
		])
	);
	let before: Element | null = list.firstElementChild;
	for (const message of live.messages) {
		let item = shown.get(message.id);
		if (!item || item.dataset.rev !== String(message.rev)) {
			const drawn = drawMessage(message, settings);
			// The "New" marker stays above the message it was drawn above.
			const marker = item?.querySelector('#new');
			if (marker) drawn.prepend(marker);
			item?.replaceWith(drawn);
			item = drawn;
		}
		if (item !== before) list.insertBefore(item, before);
		before = item.nextElementSibling;
	}
	if (live.messages.length) list.querySelector(':scope > [data-empty]')?.remove();
	for (const item of list.querySelectorAll(':scope > [data-pending]')) item.remove();
	for (const pending of live.pending) list.append(drawPending(pending));
}

/** Whether the newest message's place is on the screen: then it is kept there as things change. */
const atLatest = () =>
	(document.getElementById('latest')?.getBoundingClientRect().top ?? Infinity) <= innerHeight + 8;
const toLatest = () => document.getElementById('latest')?.scrollIntoView({ block: 'end' });

/**
 * The composer, or the mute's notice in its place, as the server draws it now: a mute that
 * began or ended. What the member had typed stays, and notices the server gave this load show.
 */
async function redrawComposerArea() {
	const response = await fetch(location.pathname, { headers: { accept: 'text/html' } });
	if (!response.ok || response.redirected) return;
	const next = new DOMParser().parseFromString(await response.text(), 'text/html');
	const area = next.querySelector('[data-composer-area]');
	const current = document.querySelector('[data-composer-area]');
	if (!area || !current) return;
	const typed = current.querySelector('textarea')?.value;
	const textarea = area.querySelector('textarea');
	if (typed && textarea) textarea.value = typed;
	current.replaceWith(document.adoptNode(area));
	// A notice the server gave this load (a warning meanwhile) shows too: it gives each only once.
	const news = document.querySelector('[data-group-news-notices]');
	for (const notice of next.querySelectorAll('[data-notice]'))
		news?.before(document.adoptNode(notice));
}

function start(settingsElement: HTMLElement) {
	const settings: ConversationSettings = JSON.parse(settingsElement.dataset.conversation!);
	const list = document.querySelector<HTMLOListElement>('ol[data-messages]')!;
	const status = document.querySelector<HTMLElement>('[data-connection]')!;
	const log = list.closest<HTMLElement>('[role="log"]')!;
	const live = new GroupLive(settings.groupId, settings);
	let replyTo: MessageView['replyTo'] = null;

	// What arrives while the member looks at the page is read (the server has read the page as it
	// loaded): the counts on the home page follow. Hidden, it waits until the page shows again.
	let readUpTo = settings.lastRev;
	let stopWaiting = () => {};
	const markRead = () => {
		const newest = live.messages.at(-1)?.seq ?? 0;
		if (!settings.memberKey || newest <= readUpTo) return;
		stopWaiting();
		stopWaiting = whenPageVisible(() => {
			readUpTo = newest;
			live.markRead(newest);
		});
	};

	// Earlier messages come in place, over the connection; without one, the link loads their page.
	const earlier = document.querySelector<HTMLElement>('[data-load-earlier]');
	if (earlier) {
		const loadEarlier = async () => {
			await live.loadEarlier();
			if (live.hasEarlier) return;
			scrolling.destroy();
			earlier.closest('[data-earlier]')?.remove();
		};
		const scrolling = loadEarlierOnScroll(earlier, loadEarlier);
		earlier.addEventListener('click', (event) => {
			if (!live.connected) return;
			event.preventDefault();
			void loadEarlier();
		});
	}

	let ended: ReturnType<typeof setTimeout> | undefined;
	live.onChange = () => {
		// The newest message and its state stay in view above the composer as they change, if the
		// member was there.
		const keepLatest = atLatest();
		drawList(list, live, settings);
		// Caught up and following: what the page shows is what the circle has.
		log.toggleAttribute('data-live', live.connected && !live.ended);
		const words = !live.ended && connectionWords[live.connection];
		if (words) {
			const line = document.createElement('span');
			line.className = 'block px-3 pb-2';
			line.textContent = words();
			status.replaceChildren(line);
		} else status.replaceChildren();
		if (live.ended && !ended) {
			// Signed out or removed on another phone: the conversation goes at once, the words stay a
			// moment, then the phone goes where it can still be.
			log.hidden = true;
			document
				.querySelector('[data-composer-area]')
				?.replaceChildren(copyOf(`[data-ended-model="${live.ended}"]`));
			const next = live.ended === 'signed_out' ? '/login' : '/groups';
			ended = setTimeout(() => location.replace(next), 3_000);
		}
		markRead();
		if (keepLatest) toLatest();
	};
	live.onNews = showGroupNews;
	live.onMuteChange = () => void redrawComposerArea();

	// A mute gives the composer back when it ends, without a reload. (setTimeout waits at most
	// 2^31 - 1 ms; a longer wait would fire at once, again and again.)
	if (settings.muteEndsAt) {
		const wait = Math.min(Date.parse(settings.muteEndsAt) - Date.now() + 1_000, 2 ** 31 - 1);
		setTimeout(() => void redrawComposerArea(), wait);
	}

	// Replying, sending, and what to do with a message that did not go.
	const showReply = (target: MessageView['replyTo']) => {
		replyTo = target;
		const composer = document.querySelector<HTMLFormElement>('form[data-composer]');
		composer?.querySelector('[data-replying]')?.remove();
		if (!composer || !target) return;
		const row = copyOf('[data-replying-model]');
		row.querySelector('input')!.value = target.id;
		part(row, 'replying', m.composer_replying({ name: target.author ?? m.former_member() }));
		part(row, 'excerpt', target.excerpt);
		composer.querySelector('input[name="clientId"]')!.after(row);
	};
	document.addEventListener('click', (event) => {
		const target = event.target as Element;
		const reply = target.closest<HTMLElement>('[data-part="reply-link"]');
		const cancel = target.closest('[data-replying] a');
		const pending = target.closest<HTMLElement>('[data-pending]');
		const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
		if (reply) {
			const message = live.messages.find(
				(message) => message.id === reply.closest<HTMLElement>('li')!.dataset.messageId
			);
			if (!message) return;
			event.preventDefault();
			showReply({
				id: message.id,
				author: message.author,
				excerpt: replyExcerpt(message.body)
			});
			document.getElementById('composer-body')?.focus();
		} else if (cancel) {
			event.preventDefault();
			showReply(null);
		} else if (pending && action === 'retry') live.retry(pending.dataset.pending!);
		else if (pending && action === 'discard') live.discard(pending.dataset.pending!);
	});
	document.addEventListener('submit', (event) => {
		const composer = event.target as HTMLFormElement;
		if (!composer.matches('[data-composer]')) return;
		event.preventDefault();
		const body = composer.querySelector('textarea')!;
		const text = body.value.trim();
		if (!text) return;
		live.send(text, replyTo);
		body.value = '';
		showReply(null);
		composer.querySelector('#composer-error')?.remove();
		body.removeAttribute('aria-invalid');
		queueMicrotask(toLatest);
	});

	// The page the server drew, with the reply it was asked for (`?reply=`), as GroupLive's start.
	const replying = document.querySelector<HTMLInputElement>('[data-replying] input');
	const asked = replying && settings.messages.find((message) => message.id === replying.value);
	if (asked)
		replyTo = {
			id: asked.id,
			author: asked.author,
			excerpt: replyExcerpt(asked.body)
		};
	live.start();
	// A conversation opens at its first unread message ("New"), else at its latest, unless the
	// address points elsewhere.
	if (!location.hash || location.hash === '#new') {
		const unread = document.getElementById('new');
		if (unread) unread.scrollIntoView({ block: 'start' });
		else toLatest();
	}
}

if (settingsElement) start(settingsElement);
