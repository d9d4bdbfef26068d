import { isHttpError } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Ack, GroupOpened, HandshakeAuth } from '$lib/realtime/events';
import type { SendMessageInput } from '$lib/realtime/messages';
import type { AccountActor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { log } from '../log';
import type { RealtimeSocket } from '../realtime/attach';
import { groupModeratorRoom, groupRoom } from '../realtime/rooms';
import { socketActor } from '../accounts';
import { loadGroup } from './group-access';
import { groupsWaitingForHelp, waitsForHelp } from './crisis';
import { changesSeenBy, listMessages, messagesChangedAfter, sendMessage } from './messages';
import { markConversationRead } from './read-position';
import { listOwnConversation, readConversation, supportMessageView } from './support-conversation';
import { eventRefused } from '../metrics';
import { processSendAdmission, type SendAdmission } from '../limits/send-admission';
import { inFlight } from '../work-in-flight';

/**
 * A number a client sent; NaN for anything else (text, or an object whose conversion to a number
 * would throw).
 */
const wholeNumber = (value: unknown): number => (typeof value === 'number' ? value : NaN);

/**
 * A group's live events. Each event checks the session and the access rule again, through the same
 * services as the pages: a socket is never trusted more than a request.
 */
export function registerGroupEvents(
	socket: RealtimeSocket,
	db: Kysely<DB>,
	clock: Clock,
	sends: SendAdmission = processSendAdmission()
): void {
	/**
	 * Runs one event: a refusal (404 from the services) becomes `not_found`, anything else
	 * `unavailable`. With `admission`, an event beyond the process's capacity is answered `busy` at
	 * once, before the session is read: nothing is done for it, so the client may send it again.
	 */
	const handle =
		<I, T extends object>(
			event: string,
			work: (actor: AccountActor, input: I) => Promise<T | { ok: false }>,
			admission?: SendAdmission
		) =>
		async (...args: unknown[]) => {
			// The acknowledgement is the last argument; a client that sends more than the input
			// (or none) is answered with a refusal rather than left waiting.
			const reply = args.at(-1) as Ack<T>;
			if (typeof reply !== 'function') return;
			const ack: Ack<T> = (answer) => {
				if (!answer.ok) eventRefused(event, answer.error);
				reply(answer);
			};
			if (args.length !== 2) return ack({ ok: false, error: 'invalid' });
			const input = args[0] as I;
			const place = admission?.admit();
			if (place && !place.ok)
				return ack({ ok: false, error: 'busy', retryAfterMs: place.retryAfterMs });
			// Counted until answered: shutdown lets it finish before the database closes.
			await inFlight(async () => {
				try {
					const actor = await socketActor(db, socket, clock());
					if (!actor) {
						ack({ ok: false, error: 'not_found' });
						socket.disconnect(true);
						return;
					}
					const result = await work(actor, input);
					ack(('ok' in result ? result : { ok: true, ...result }) as Parameters<Ack<T>>[0]);
				} catch (error) {
					if (isHttpError(error) && error.status === 404)
						return ack({ ok: false, error: 'not_found' });
					log().error({ event, err: (error as Error)?.name }, 'socket event failed');
					ack({ ok: false, error: 'unavailable' });
				} finally {
					if (place?.ok) place.done();
				}
			});
		};

	/** Puts the socket in the group's rooms, on its page's access rule; the group's context. */
	const join = async (actor: AccountActor, groupId: unknown) => {
		const context = await loadGroup(db, actor, groupId);
		requireAccess(actor, 'group:view', context.resource);
		const rooms = [groupRoom(context.group.id)];
		if (can(actor, 'group:moderate', context.resource))
			rooms.push(groupModeratorRoom(context.group.id));
		await socket.join(rooms);
		return context;
	};

	socket.on(
		'group:open',
		handle('group:open', async (actor, groupId: string) => {
			await join(actor, groupId);
			return {};
		})
	);

	// A circle's page opens its group in the handshake, with the point to catch up from: the
	// answer follows the connection's at once, a round trip sooner than asking after it.
	const { open } = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
	if (open !== undefined)
		void handle('group:open', async (actor, input: HandshakeAuth['open']) => {
			const afterRev = wholeNumber(input?.afterRev);
			if (!Number.isSafeInteger(afterRev) || afterRev < 0)
				return { ok: false as const, error: 'invalid' };
			const context = await join(actor, input.groupId);
			// Read once in the room: a change made meanwhile arrives live, none falls between.
			return { changes: await changesSeenBy(db, context, actor, afterRev) };
		})(open, (answer: GroupOpened) => socket.emit('group:opened', answer));

	socket.on(
		'message:send',
		handle(
			'message:send',
			async (actor, input: SendMessageInput) => {
				// Whatever a client sends is checked: only the shape here, the rest in the service.
				if (typeof input !== 'object' || input === null) {
					return { ok: false as const, error: 'invalid' };
				}
				return sendMessage(db, actor, input, clock);
			},
			sends
		)
	);

	socket.on(
		'message:sync',
		handle('message:sync', async (actor, input: { groupId: string; afterRev: number }) => {
			const afterRev = wholeNumber(input?.afterRev);
			if (!Number.isSafeInteger(afterRev) || afterRev < 0)
				return { ok: false as const, error: 'invalid' };
			return messagesChangedAfter(db, actor, input.groupId, afterRev);
		})
	);

	socket.on(
		'crisis:waiting',
		handle('crisis:waiting', async (actor) => ({
			groupIds: await groupsWaitingForHelp(db, actor),
			ownCallWaiting: await waitsForHelp(db, actor)
		}))
	);

	// Reads as they happen, one small update each, rather than a beacon as the page closes: a
	// phone may close a tab without one, and the next page (the home page's counts) could be
	// read before it arrived.
	socket.on(
		'group:read',
		handle('group:read', async (actor, input: { groupId: string; seq: number }) => {
			const seq = wholeNumber(input?.seq);
			if (typeof input?.groupId !== 'string' || !Number.isSafeInteger(seq) || seq < 0)
				return { ok: false as const, error: 'invalid' };
			await markConversationRead(db, actor, input.groupId, seq);
			return {};
		})
	);

	socket.on(
		'support:sync',
		handle('support:sync', async (actor, input: { groupId: string; memberId: string | null }) => {
			if (typeof input !== 'object' || input === null)
				return { ok: false as const, error: 'invalid' };
			// The same services as the pages: a member reads only their own, moderators any.
			const messages =
				input.memberId === null
					? await listOwnConversation(db, actor, input.groupId)
					: (await readConversation(db, actor, input.groupId, input.memberId)).messages;
			return { messages: messages.map(supportMessageView) };
		})
	);

	socket.on(
		'message:history',
		handle('message:history', async (actor, input: { groupId: string; beforeSeq: number }) => {
			const beforeSeq = wholeNumber(input?.beforeSeq);
			if (!Number.isSafeInteger(beforeSeq) || beforeSeq < 1)
				return { ok: false as const, error: 'invalid' };
			const page = await listMessages(db, actor, input.groupId, { beforeSeq });
			return { messages: page.messages, hasEarlier: page.hasEarlier };
		})
	);
}
