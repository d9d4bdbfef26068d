import type { GroupNews, GroupOpened, HandshakeAuth } from './events';
import { newClientId } from './client-id';
import { latestRev, mergeMessages } from './message-list';
import type { MessageView, SendError } from './messages';
import { openSocket, type AppSocket } from './open-socket';

export interface PendingMessage {
	clientId: string;
	body: string;
	replyTo: MessageView['replyTo'];
	/** Sending until the server acknowledges; failed when it refused (and said why). */
	state: 'sending' | 'failed';
	error?: SendError;
	retryAfterS?: number;
}

const ACK_TIMEOUT_MS = 15_000;
/** A message the server keeps answering `busy` shows as failed after this long. */
const BUSY_GIVE_UP_MS = 60_000;
/** How long "back online" shows after a reconnection. */
const BACK_SHOWN_MS = 4_000;

/**
 * The connection as the member is told it: nothing while it simply works. `too_many`: the server
 * refused this page because the session has too many open already (it does not retry by itself).
 */
export type Connection = 'connecting' | 'online' | 'offline' | 'reconnecting' | 'back' | 'too_many';

/**
 * A group's discussion kept live over socket.io. The page's messages are the start; events add to
 * them. Every (re)connection names the last change the page saw, and the server answers with every
 * change after it; then the page sends again whatever was not acknowledged, with the same client
 * id, so nothing is lost or doubled. Plain state: `onChange` hears, once per turn, that some of it
 * changed (the page draws it again).
 */
export class GroupLive {
	messages: MessageView[] = [];
	pending: PendingMessage[] = [];
	connected = false;
	connection: Connection = 'connecting';
	/** The member left or was removed (on this phone or another), or was signed out. */
	ended: 'removed' | 'signed_out' | null = null;
	/** Called when the member's mute in this group starts or ends. */
	onMuteChange: (() => void) | undefined;
	/** Called after the state above changed: once for all that changed in the same turn. */
	onChange: (() => void) | undefined;
	/** Called with a poll or topic another member added while the page was open. */
	onNews: ((news: GroupNews) => void) | undefined;
	hasEarlier = false;
	#lastRev: number;
	/**
	 * From each (re)connection until its catch-up is done. The socket is back in the group's room
	 * before the missed changes are fetched, so a message that arrives live meanwhile may be newer
	 * than one not yet fetched: it must not move the resume point past that one.
	 */
	#catchingUp = false;
	#socket: AppSocket | undefined;
	/** Since when the server has answered only `busy` (0: it has not), and how many rounds. */
	#busySince = 0;
	#busyRounds = 0;
	/** Messages waiting for the server to have room: they go again one at a time, in order. */
	#queued: string[] = [];
	#resend: ReturnType<typeof setTimeout> | undefined;

	constructor(
		readonly groupId: string,
		page: { messages: MessageView[]; lastRev: number; hasEarlier: boolean }
	) {
		this.messages = page.messages;
		this.#lastRev = page.lastRev;
		this.hasEarlier = page.hasEarlier;
	}

	/** Connects (by default as `openSocket` does); returns the function that disconnects. */
	start(socket: AppSocket = openSocket({ early: true })): () => void {
		this.#socket = socket;
		// A connection lost mid catch-up rejects its requests; the next one starts again from the
		// resume point, which only a finished sync moves.
		let backShown: ReturnType<typeof setTimeout> | undefined;
		// Each (re)connection opens the group in its handshake, from the resume point of that
		// moment; the server answers with `group:opened` right after connecting. (Set before the
		// handshake: a socket connects on a later turn at the earliest.)
		socket.auth = (send) =>
			send({ open: { groupId: this.groupId, afterRev: this.#lastRev } } satisfies HandshakeAuth);
		socket.on('connect', () => {
			if (this.connection !== 'connecting') {
				this.connection = 'back';
				backShown = setTimeout(() => {
					this.connection = 'online';
					this.#changed();
				}, BACK_SHOWN_MS);
			} else this.connection = 'online';
			this.#changed();
			// In the group's room already: live messages may come before the answer.
			this.#catchingUp = true;
		});
		socket.on('group:opened', (opened) => void this.#catchUp(opened).catch(() => {}));
		socket.on('disconnect', (reason) => {
			this.connected = false;
			clearTimeout(backShown);
			if (this.connection !== 'offline') this.connection = 'reconnecting';
			this.#changed();
			// The server cut this phone off: signed out (then the handshake is refused below), or a
			// role change that it comes back from with its new role.
			if (reason === 'io server disconnect') socket.connect();
		});
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthorized') this.#end('signed_out');
			else if (error.message === 'too_many') {
				this.connection = 'too_many';
				this.#changed();
			}
		});
		socket.on('message', (groupId, message) => {
			if (groupId === this.groupId) this.receive([message]);
		});
		socket.on('group:closed', (groupId) => {
			if (groupId === this.groupId) this.#end('removed');
		});
		socket.on('group:mute', (groupId) => {
			if (groupId === this.groupId) this.onMuteChange?.();
		});
		socket.on('group:news', (groupId, news) => {
			if (groupId === this.groupId) this.onNews?.(news);
		});
		// When the phone knows it lost the network, stop waiting on a dead connection; when it is
		// back, reconnect at once rather than after the back-off.
		const offline = () => {
			this.connection = 'offline';
			this.#changed();
			socket.disconnect();
		};
		const online = () => {
			if (socket.connected) return;
			this.connection = 'reconnecting';
			this.#changed();
			socket.connect();
		};
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		// The network lost while the page loaded: its `offline` came before anyone listened.
		if (!navigator.onLine) offline();
		return () => {
			clearTimeout(backShown);
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
			socket.close();
		};
	}

	/**
	 * Adds what arrived; a message of ours that arrived is no longer pending. Only events and syncs
	 * move the sync point, events only once caught up: a page of messages may skip changes to
	 * messages outside it.
	 */
	receive(arrived: MessageView[], options: { advance: boolean } = { advance: true }): void {
		if (arrived.length === 0) return;
		this.messages = mergeMessages(this.messages, arrived);
		if (options.advance && !this.#catchingUp) this.#lastRev = latestRev(arrived, this.#lastRev);
		const ids = arrived.map((message) => message.clientId);
		this.pending = this.pending.filter((message) => !ids.includes(message.clientId));
		this.#changed();
	}

	send(body: string, replyTo: MessageView['replyTo']): void {
		const message: PendingMessage = { clientId: newClientId(), body, replyTo, state: 'sending' };
		this.pending = [...this.pending, message];
		this.#changed();
		// While earlier ones wait for room, a new one waits behind them: messages keep their order.
		if (this.#resend || this.#queued.length) this.#queued.push(message.clientId);
		else void this.#emit(message);
	}

	retry(clientId: string): void {
		const message = this.pending.find((pending) => pending.clientId === clientId);
		if (!message) return;
		this.#busySince = 0;
		this.#update(clientId, { state: 'sending', error: undefined, retryAfterS: undefined });
		void this.#emit(message);
	}

	discard(clientId: string): void {
		this.pending = this.pending.filter((message) => message.clientId !== clientId);
		this.#changed();
	}

	/** Tells the server the member has read up to `seq`; offline, the next page load does. */
	markRead(seq: number): void {
		if (!this.#socket?.connected) return;
		this.#socket.emit('group:read', { groupId: this.groupId, seq }, () => {});
	}

	async loadEarlier(): Promise<void> {
		const socket = this.#socket;
		const first = this.messages[0];
		if (!socket?.connected || !first) return;
		const page = await socket.emitWithAck('message:history', {
			groupId: this.groupId,
			beforeSeq: first.seq
		});
		if (!page.ok) return;
		this.messages = mergeMessages(this.messages, page.messages);
		this.hasEarlier = page.hasEarlier;
		this.#changed();
	}

	async #catchUp(opened: GroupOpened): Promise<void> {
		const socket = this.#socket!;
		if (!opened.ok) {
			if (opened.error === 'not_found') this.#end('removed');
			return;
		}
		let changes = opened.changes;
		for (;;) {
			this.receive(changes.messages, { advance: false });
			// A page of changes holds every change up to its last one: the resume point moves that far.
			this.#lastRev = latestRev(changes.messages, this.#lastRev);
			if (!changes.more) break;
			const next = await socket.emitWithAck('message:sync', {
				groupId: this.groupId,
				afterRev: this.#lastRev
			});
			// Not caught up: live events leave the resume point alone until the next connection is.
			if (!next.ok) return;
			changes = next;
		}
		this.#catchingUp = false;
		this.connected = true;
		this.#changed();
		clearTimeout(this.#resend);
		this.#resend = undefined;
		this.#queued = [];
		for (const message of this.pending.filter((pending) => pending.state === 'sending'))
			void this.#emit(message);
	}

	async #emit(message: PendingMessage): Promise<void> {
		const socket = this.#socket;
		// Offline: it stays "sending" and goes out after the next connection's catch-up.
		if (!socket?.connected) return;
		try {
			const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', {
				groupId: this.groupId,
				clientId: message.clientId,
				body: message.body,
				replyToId: message.replyTo?.id ?? null
			});
			if (ack.ok) {
				this.#busySince = 0;
				this.receive([ack.message]);
			} else if (ack.error === 'busy' && this.#later(message.clientId, ack.retryAfterMs)) return;
			else
				this.#update(message.clientId, {
					state: 'failed',
					error: ack.error,
					retryAfterS: ack.retryAfterS
				});
		} catch {
			// No answer in time: the connection is probably gone; the reconnect sends it again.
		}
		if (!this.#resend) this.#next();
	}

	/**
	 * The server was at capacity and stored nothing: the message (same client id) goes again after
	 * the wait it suggested, spread out and doubling, still shown as sending. False once nothing has
	 * gone through for too long: then it fails like any refusal, and the member decides.
	 */
	#later(clientId: string, waitMs = 1_000): boolean {
		const now = Date.now();
		if (!this.#busySince) {
			this.#busySince = now;
			this.#busyRounds = 0;
		}
		if (now - this.#busySince > BUSY_GIVE_UP_MS) return false;
		this.#queued.push(clientId);
		this.#resend ??= setTimeout(
			() => {
				this.#resend = undefined;
				this.#next();
			},
			Math.min(30_000, waitMs * 2 ** Math.min(this.#busyRounds++, 5) * (0.5 + Math.random()))
		);
		return true;
	}

	/** Sends the first message still waiting for room; the next goes when it is answered. */
	#next(): void {
		const message = this.pending.find(
			(pending) => pending.state === 'sending' && this.#queued.includes(pending.clientId)
		);
		this.#queued = message ? this.#queued.filter((clientId) => clientId !== message.clientId) : [];
		if (message) void this.#emit(message);
	}

	#end(why: 'removed' | 'signed_out'): void {
		this.ended = why;
		this.#changed();
		this.#socket?.close();
	}

	#update(clientId: string, change: Partial<PendingMessage>): void {
		this.pending = this.pending.map((message) =>
			message.clientId === clientId ? { ...message, ...change } : message
		);
		this.#changed();
	}

	#changeQueued = false;
	#changed(): void {
		if (this.#changeQueued) return;
		this.#changeQueued = true;
		queueMicrotask(() => {
			this.#changeQueued = false;
			this.onChange?.();
		});
	}
}
