import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/events';
import type { MessageView } from '../../src/lib/realtime/messages';

/*
 * A member's phone, reduced to what the fault tests watch: it sends messages one after another,
 * each under its own client id, again with the same id until the server acknowledges it, as the
 * chat page does; after every (re)connection it opens the circle and asks for every change since
 * the last one it saw (message:sync), and it keeps every message it learns of.
 */

const ACK_TIMEOUT_MS = 5_000;
const RETRY_PAUSE_MS = 200;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SendingMember {
	/** What the server acknowledged, by client id. */
	readonly acked = new Map<string, MessageView>();
	/** When each acknowledgement arrived (Date.now()), in order. */
	readonly ackedAt: number[] = [];
	/** When each send was refused (`unavailable`...) or went unanswered. */
	readonly failedAt: number[] = [];
	/** How many sends were refused, by the server's reason, or `unanswered`. */
	readonly refusals = new Map<string, number>();
	/** Client ids sent more than once: refused or unanswered at first. */
	readonly retried = new Set<string>();
	/** Every message this member has learnt of (live, synced or acknowledged), by id. */
	readonly seen = new Map<string, MessageView>();
	/** Catch-ups finished: one per connection that opened the circle and synced. */
	catchUps = 0;
	#lastRev = 0;
	#catchingUp = false;

	private constructor(
		readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
		readonly groupId: string
	) {
		socket.on('message', (group, message) => {
			if (group !== groupId) return;
			this.seen.set(message.id, message);
			// While catching up, a live message may be newer than one not synced yet.
			if (!this.#catchingUp) this.#lastRev = Math.max(this.#lastRev, message.rev);
		});
		socket.on('connect', () => void this.#catchUp().catch(() => (this.#catchingUp = false)));
	}

	/** Connects to `url` with a signed-in session's cookie; resolves once caught up. */
	static async connect(url: string, origin: string, sid: string, groupId: string) {
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
			transports: ['websocket'],
			reconnectionDelay: 250,
			reconnectionDelayMax: 1_000,
			extraHeaders: { cookie: `sid=${sid}`, origin }
		});
		const member = new SendingMember(socket, groupId);
		for (let tries = 0; member.catchUps === 0; tries++) {
			if (tries === 100) throw new Error('the first catch-up did not finish');
			await pause(100);
		}
		return member;
	}

	async #catchUp() {
		this.#catchingUp = true;
		const socket = this.socket.timeout(ACK_TIMEOUT_MS);
		const opened = await socket.emitWithAck('group:open', this.groupId);
		if (!opened.ok) throw new Error(`group:open: ${opened.error}`);
		for (;;) {
			const changes = await socket.emitWithAck('message:sync', {
				groupId: this.groupId,
				afterRev: this.#lastRev
			});
			if (!changes.ok) throw new Error(`message:sync: ${changes.error}`);
			for (const message of changes.messages) this.seen.set(message.id, message);
			this.#lastRev = Math.max(this.#lastRev, ...changes.messages.map((m: MessageView) => m.rev));
			if (!changes.more) break;
		}
		this.#catchingUp = false;
		this.catchUps++;
	}

	/**
	 * Sends `body` under a new client id, and again under the same one until it is acknowledged.
	 * Gives up (throws) at `deadline`.
	 */
	async send(body: string, deadline: number): Promise<MessageView> {
		const clientId = crypto.randomUUID();
		let waitMs = 0;
		for (let attempt = 0; Date.now() < deadline; attempt++) {
			if (attempt > 0) {
				this.retried.add(clientId);
				await pause(waitMs);
			}
			waitMs = RETRY_PAUSE_MS;
			// Offline, it waits: socket.io would otherwise queue every retry for the reconnection.
			if (!this.socket.connected) continue;
			const result = await this.socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('message:send', { groupId: this.groupId, clientId, body })
				.catch(() => null);
			if (!result?.ok) {
				this.failedAt.push(Date.now());
				const why = result?.error ?? 'unanswered';
				this.refusals.set(why, (this.refusals.get(why) ?? 0) + 1);
				waitMs = Math.max(waitMs, (result?.retryAfterS ?? 0) * 1000);
				continue;
			}
			this.acked.set(clientId, result.message);
			this.ackedAt.push(Date.now());
			this.seen.set(result.message.id, result.message);
			return result.message;
		}
		throw new Error(
			`not acknowledged in time (${this.retried.has(clientId) ? 'retried' : 'sent'})`
		);
	}

	/** Sends numbered messages `pauseMs` apart until `stop()` says so or `max` were sent. */
	async keepSending(stop: () => boolean, max: number, pauseMs: number, deadline: number) {
		for (let n = 1; n <= max && !stop(); n++) {
			await this.send(`message ${n}`, deadline);
			await pause(pauseMs);
		}
	}

	close() {
		this.socket.close();
	}
}
