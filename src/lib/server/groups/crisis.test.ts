import { createServer, type Server as HttpServer } from 'node:http';
import type { Kysely } from 'kysely';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { ANONYMOUS, type Actor } from '../access/actor';
import { systemClock, type Clock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { identifySocket } from '../accounts/socket-identity';
import { attachRealtime, closeRealtime } from '../realtime/attach';
import { registerGroupEvents } from './group-socket';
import { loadModerationOverview } from './moderation-overview';
import {
	acknowledgeAlert,
	askForHelp,
	crisisListening,
	hearsCrisisAlerts,
	groupsWaitingForHelp,
	latestOwnRequest,
	listOpenAlerts,
	waitsForHelp
} from './crisis';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

/** A group with a member, a facilitator and a co-facilitator, and a facilitator of another group. */
async function scene() {
	const group = await createTestGroup(db);
	const other = await createTestGroup(db);
	return {
		group,
		member: await createGroupMember(db, group.id),
		peer: await createGroupMember(db, group.id),
		facilitator: await createGroupMember(db, group.id, 'facilitator'),
		coFacilitator: await createGroupMember(db, group.id, 'co_facilitator'),
		otherFacilitator: await createGroupMember(db, other.id, 'facilitator'),
		outsider: await signedIn(db, await createAccount(db)),
		coordinator: await signedIn(db, await createAccount(db, { role: 'coordinator' })),
		admin: await signedIn(db, await createAccount(db, { role: 'admin' }))
	};
}

const notFound = { status: 404 };

/** A press of "I need help now" on a page rendered just now, unless a key is given. */
const press = (actor: Actor, groupId: string, clock: Clock, formKey = newFormKey(clock())) =>
	askForHelp(db, actor, groupId, { formKey }, clock);

/** How many calls wait for an answer, as the facilitators' review page counts them. */
const openAlertsOnReview = async (actor: Actor, groupId: string) =>
	(await loadModerationOverview(db, actor, groupId)).openAlerts;

describe('calls waiting for an answer', () => {
	it('are the groups a facilitator looks after, until someone answers', async () => {
		const s = await scene();
		const { alertId } = await press(s.member, s.group.id, systemClock);
		for (const actor of [s.facilitator, s.coFacilitator])
			expect(await groupsWaitingForHelp(db, actor)).toEqual([s.group.id]);
		for (const actor of [ANONYMOUS, s.member, s.peer, s.otherFacilitator, s.outsider, s.admin])
			expect(await groupsWaitingForHelp(db, actor)).toEqual([]);
		await acknowledgeAlert(db, s.coFacilitator, s.group.id, alertId, systemClock);
		expect(await groupsWaitingForHelp(db, s.facilitator)).toEqual([]);
	});
});

describe('asking for help', () => {
	it('makes one alert, which the facilitators see and nobody else', async () => {
		const s = await scene();
		const { alertId, created } = await press(s.member, s.group.id, systemClock);
		expect(created).toBe(true);

		for (const moderator of [s.facilitator, s.coFacilitator, s.coordinator, s.admin]) {
			const alerts = await listOpenAlerts(db, moderator, s.group.id);
			expect(alerts).toEqual([
				{
					id: alertId,
					memberId: s.member.memberId,
					name: s.member.displayName,
					createdAt: expect.any(Date)
				}
			]);
			expect(await openAlertsOnReview(moderator, s.group.id)).toBe(1);
		}
		for (const actor of [s.member, s.peer, s.otherFacilitator, s.outsider, ANONYMOUS]) {
			await expect(listOpenAlerts(db, actor, s.group.id)).rejects.toMatchObject(notFound);
			await expect(openAlertsOnReview(actor, s.group.id)).rejects.toMatchObject(notFound);
		}
	});

	it('is for active members only: anyone else, or an unknown group, is a 404', async () => {
		const s = await scene();
		const removed = await createGroupMember(db, s.group.id);
		await db
			.updateTable('group_member')
			.set({ status: 'removed' })
			.where('id', '=', removed.memberId)
			.execute();
		const refused: Actor[] = [
			ANONYMOUS,
			s.outsider,
			s.coordinator,
			s.admin,
			s.otherFacilitator,
			removed
		];
		for (const actor of refused) {
			await expect(press(actor, s.group.id, systemClock)).rejects.toMatchObject(notFound);
			await expect(latestOwnRequest(db, actor, s.group.id)).rejects.toMatchObject(notFound);
		}
		for (const groupId of [crypto.randomUUID(), 'not-an-id']) {
			await expect(press(s.member, groupId, systemClock)).rejects.toMatchObject(notFound);
		}
		const alerts = await db
			.selectFrom('crisis_alert')
			.select('id')
			.where('group_id', '=', s.group.id)
			.execute();
		expect(alerts).toEqual([]);
	});

	it('does not make a second alert within ten minutes while nobody has answered', async () => {
		const s = await scene();
		const clock = fakeClock();
		const presses = await Promise.all([1, 2, 3].map(() => press(s.member, s.group.id, clock)));
		const ids = new Set(presses.map((press) => press.alertId));
		expect(ids.size).toBe(1);
		expect(presses.filter((press) => press.created)).toHaveLength(1);

		clock.advance(9 * MINUTE);
		expect(await press(s.member, s.group.id, clock)).toEqual({
			alertId: presses[0].alertId,
			created: false
		});
		clock.advance(2 * MINUTE);
		const later = await press(s.member, s.group.id, clock);
		expect(later.created).toBe(true);
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(2);
	});

	it('makes one alert for the same form sent twice, even after ten minutes, with one result', async () => {
		const s = await scene();
		const clock = fakeClock();
		const formKey = newFormKey(clock());
		const first = await press(s.member, s.group.id, clock, formKey);
		clock.advance(11 * MINUTE);
		expect(await press(s.member, s.group.id, clock, formKey)).toEqual(first);
		expect(first.created).toBe(true);
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(1);
	});

	it('makes one alert for the same form sent three times at once, with one result', async () => {
		const s = await scene();
		const clock = fakeClock();
		const formKey = newFormKey(clock());
		const presses = await Promise.all(
			[1, 2, 3].map(() => press(s.member, s.group.id, clock, formKey))
		);
		expect(presses).toEqual([presses[0], presses[0], presses[0]]);
		expect(presses[0].created).toBe(true);
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(1);
	});

	it('takes a press with an old or missing key as a fresh press, not a refusal', async () => {
		const s = await scene();
		const clock = fakeClock();
		const hoursAgo = newFormKey(new Date(clock().getTime() - 2 * 60 * MINUTE));
		const first = await press(s.member, s.group.id, clock, hoursAgo);
		expect(first.created).toBe(true);
		// Within ten minutes it is the same request, as any press is.
		clock.advance(MINUTE);
		expect(await press(s.member, s.group.id, clock, '')).toEqual({
			alertId: first.alertId,
			created: false
		});
		clock.advance(10 * MINUTE);
		expect((await press(s.member, s.group.id, clock, hoursAgo)).created).toBe(true);
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(2);
	});

	it('makes a new alert when the last one was answered', async () => {
		const s = await scene();
		const first = await press(s.member, s.group.id, systemClock);
		await acknowledgeAlert(db, s.facilitator, s.group.id, first.alertId, systemClock);
		const second = await press(s.member, s.group.id, systemClock);
		expect(second.created).toBe(true);
		expect(second.alertId).not.toBe(first.alertId);
	});

	it('keeps each member’s alerts apart', async () => {
		const s = await scene();
		const mine = await press(s.member, s.group.id, systemClock);
		const theirs = await press(s.peer, s.group.id, systemClock);
		expect(theirs.alertId).not.toBe(mine.alertId);
		expect(theirs.created).toBe(true);
		await acknowledgeAlert(db, s.facilitator, s.group.id, mine.alertId, systemClock);
		expect(await latestOwnRequest(db, s.member, s.group.id)).toMatchObject({ seen: true });
		expect(await latestOwnRequest(db, s.peer, s.group.id)).toMatchObject({ seen: false });
	});
});

describe('answering an alert', () => {
	it('shows the member that a facilitator has seen it, and closes it for the others', async () => {
		const s = await scene();
		expect(await latestOwnRequest(db, s.member, s.group.id)).toBeNull();
		const { alertId } = await press(s.member, s.group.id, systemClock);
		expect(await latestOwnRequest(db, s.member, s.group.id)).toEqual({
			createdAt: expect.any(Date),
			seen: false,
			escalated: false,
			facilitators: 2
		});

		expect(await acknowledgeAlert(db, s.coFacilitator, s.group.id, alertId, systemClock)).toEqual({
			acknowledged: true
		});
		expect(await latestOwnRequest(db, s.member, s.group.id)).toMatchObject({ seen: true });
		expect(await listOpenAlerts(db, s.facilitator, s.group.id)).toEqual([]);
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(0);

		// The first answer stands.
		expect(await acknowledgeAlert(db, s.facilitator, s.group.id, alertId, systemClock)).toEqual({
			acknowledged: false
		});
		const row = await db
			.selectFrom('crisis_alert')
			.select('acknowledged_by')
			.where('id', '=', alertId)
			.executeTakeFirstOrThrow();
		expect(row.acknowledged_by).toBe(s.coFacilitator.id);
	});

	it('is for the group’s facilitators and staff; anyone else, or another group’s alert, is a 404', async () => {
		const s = await scene();
		const { alertId } = await press(s.member, s.group.id, systemClock);
		const other = await createTestGroup(db);
		const otherMember = await createGroupMember(db, other.id);
		const otherAlert = await press(otherMember, other.id, systemClock);

		for (const actor of [ANONYMOUS, s.member, s.peer, s.outsider, s.otherFacilitator]) {
			await expect(
				acknowledgeAlert(db, actor, s.group.id, alertId, systemClock)
			).rejects.toMatchObject(notFound);
		}
		// The facilitator of the other group, through their own group's id, cannot reach this alert.
		await expect(
			acknowledgeAlert(db, s.otherFacilitator, other.id, alertId, systemClock)
		).rejects.toMatchObject(notFound);
		// Nor can this group's facilitator reach the other group's alert through this group.
		for (const id of [otherAlert.alertId, crypto.randomUUID(), 'nope']) {
			await expect(
				acknowledgeAlert(db, s.facilitator, s.group.id, id, systemClock)
			).rejects.toMatchObject(notFound);
		}
		expect(await openAlertsOnReview(s.facilitator, s.group.id)).toBe(1);

		for (const staff of [s.coordinator, s.admin]) {
			const again = await press(s.peer, s.group.id, systemClock);
			expect(
				(await acknowledgeAlert(db, staff, s.group.id, again.alertId, systemClock)).acknowledged
			).toBe(true);
		}
	});
});

describe('who listens for alerts', () => {
	it('is whoever facilitates a group now, and every coordinator', async () => {
		const s = await scene();
		expect(await hearsCrisisAlerts(db, s.facilitator)).toBe(true);
		expect(await hearsCrisisAlerts(db, s.coFacilitator)).toBe(true);
		expect(await hearsCrisisAlerts(db, s.coordinator)).toBe(true);
		for (const actor of [s.member, s.outsider, s.admin, ANONYMOUS]) {
			expect(await hearsCrisisAlerts(db, actor)).toBe(false);
		}
		await db
			.updateTable('group_member')
			.set({ status: 'left' })
			.where('id', '=', s.facilitator.memberId)
			.execute();
		expect(await hearsCrisisAlerts(db, s.facilitator)).toBe(false);
	});

	it('is asked together with "is my call waiting" in one statement for every page', async () => {
		const s = await scene();
		const { alertId } = await press(s.member, s.group.id, systemClock);
		const everyone = [s.member, s.peer, s.facilitator, s.coFacilitator, s.outsider, s.coordinator];
		for (const actor of [...everyone, s.admin, ANONYMOUS]) {
			const listening = await crisisListening(db, actor);
			expect(listening.hearsAlerts).toBe(await hearsCrisisAlerts(db, actor));
			expect(listening.waitingCall !== null).toBe(await waitsForHelp(db, actor));
		}
		const first = await crisisListening(db, s.member);
		expect(first).toEqual({ hearsAlerts: false, waitingCall: expect.any(String) });
		await acknowledgeAlert(db, s.facilitator, s.group.id, alertId, systemClock);
		expect((await crisisListening(db, s.member)).waitingCall).toBeNull();

		// The next call is another call: a page tells its answer too.
		await press(s.member, s.group.id, systemClock);
		const next = (await crisisListening(db, s.member)).waitingCall;
		expect(next).not.toBeNull();
		expect(next).not.toBe(first.waitingCall);
	});
});

describe('the live alert', () => {
	let httpServer: HttpServer | undefined;
	const clients: Socket[] = [];

	afterEach(async () => {
		for (const client of clients.splice(0)) client.close();
		await closeRealtime();
		httpServer = undefined;
	});

	async function serve(): Promise<string> {
		httpServer = createServer((_request, response) => response.writeHead(404).end());
		attachRealtime(httpServer, {
			origin: undefined,
			ownsUpgrades: true,
			authenticate: (cookie) => identifySocket(db, cookie, new Date()),
			onConnection: (socket) => registerGroupEvents(socket, db, systemClock)
		});
		await new Promise<void>((resolve) => httpServer?.listen(0, '127.0.0.1', resolve));
		const { port } = httpServer.address() as { port: number };
		return `http://127.0.0.1:${port}`;
	}

	/** A connected socket of the actor, recording every crisis alert it hears. */
	async function listen(url: string, actor: { token: string }) {
		const client = connectClient(url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { origin: url, cookie: `sid=${actor.token}` }
		});
		clients.push(client);
		const heard: Array<{ groupId: string; alertId: string }> = [];
		const first = new Promise<{ groupId: string; alertId: string }>((resolve) =>
			client.on('crisis:alert', (alert) => {
				heard.push(alert);
				resolve(alert);
			})
		);
		await new Promise<void>((resolve, reject) => {
			client.on('connect', () => resolve());
			client.on('connect_error', reject);
		});
		return { heard, first };
	}

	const within = <T>(promise: Promise<T>, ms: number) =>
		Promise.race([
			promise,
			new Promise<never>((_resolve, reject) =>
				setTimeout(() => reject(new Error(`nothing arrived within ${ms} ms`)), ms)
			)
		]);

	it('reaches the facilitators’ sockets on any page, and no one else’s', async () => {
		const url = await serve();
		const s = await scene();
		const staff = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const facilitator = await listen(url, s.facilitator);
		const coFacilitator = await listen(url, s.coFacilitator);
		const bystanders = await Promise.all(
			[s.member, s.peer, s.otherFacilitator, s.outsider, staff].map((actor) => listen(url, actor))
		);

		const { alertId } = await press(s.member, s.group.id, systemClock);
		const expected = { groupId: s.group.id, alertId };
		expect(await within(facilitator.first, 5_000)).toEqual(expected);
		expect(await within(coFacilitator.first, 5_000)).toEqual(expected);
		expect((await listOpenAlerts(db, s.facilitator, s.group.id)).map((a) => a.id)).toEqual([
			alertId
		]);

		// Whatever went out went out together; give stray events time to arrive all the same.
		await new Promise((resolve) => setTimeout(resolve, 300));
		for (const bystander of bystanders) expect(bystander.heard).toEqual([]);
		expect(facilitator.heard).toEqual([expected]);

		// A second press while waiting alerts nobody again.
		await press(s.member, s.group.id, systemClock);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(facilitator.heard).toHaveLength(1);
	});

	it('is not sent again for the same form sent again, even after ten minutes', async () => {
		const url = await serve();
		const s = await scene();
		const facilitator = await listen(url, s.facilitator);
		const clock = fakeClock();
		const formKey = newFormKey(clock());
		const { alertId } = await press(s.member, s.group.id, clock, formKey);
		expect(await within(facilitator.first, 5_000)).toEqual({ groupId: s.group.id, alertId });
		clock.advance(11 * MINUTE);
		await press(s.member, s.group.id, clock, formKey);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(facilitator.heard).toHaveLength(1);
	});

	it('does not alert the facilitator who asks, only the others', async () => {
		const url = await serve();
		const s = await scene();
		const asking = await listen(url, s.facilitator);
		const other = await listen(url, s.coFacilitator);
		const { alertId } = await press(s.facilitator, s.group.id, systemClock);
		expect(await within(other.first, 5_000)).toEqual({ groupId: s.group.id, alertId });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(asking.heard).toEqual([]);
	});

	it('reaches a facilitator whose page connects after the call: it asks on connecting', async () => {
		const url = await serve();
		const s = await scene();
		await press(s.member, s.group.id, systemClock);
		await listen(url, s.facilitator);
		const late = clients.at(-1)!;
		expect(await late.emitWithAck('crisis:waiting', null)).toEqual({
			ok: true,
			groupIds: [s.group.id],
			ownCallWaiting: false
		});
		// The member who asked learns on connecting that their call still waits.
		await listen(url, s.member);
		expect(await clients.at(-1)!.emitWithAck('crisis:waiting', null)).toEqual({
			ok: true,
			groupIds: [],
			ownCallWaiting: true
		});
	});
});
