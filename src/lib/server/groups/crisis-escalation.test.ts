import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createAccount, signedIn } from '../../../../tests/helpers/factories';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import { startRealtime, type TestClient } from '../../../../tests/helpers/realtime';
import { ANONYMOUS, type Actor } from '../access/actor';
import { systemClock, type Clock } from '../clock';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { displayName } from './display-name';
import {
	acknowledgeAlert,
	askCirclesForHelp,
	escalateUnansweredAlerts,
	groupsWaitingForHelp,
	latestOwnRequest,
	listEscalatedAlerts,
	listOpenAlerts,
	waitsForHelp
} from './crisis';

/*
 * "I need help now" tells the truth about who heard it, reaches every circle the member chooses,
 * and goes on to the coordinators when nobody answers in time; the member hears the answer live.
 */

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

let server: Awaited<ReturnType<typeof startRealtime>> | undefined;
afterEach(async () => {
	await server?.stop();
	server = undefined;
});

const TEN_MINUTES = 10 * MINUTE;
const notFound = { status: 404 };

/** A member of two circles, each with a facilitator; one facilitator leads both. */
async function scene() {
	const first = await createTestGroup(db);
	const second = await createTestGroup(db);
	const member = await createGroupMember(db, first.id);
	// The same person in a second circle, under the same name.
	const name = displayName(member.displayName);
	await db
		.insertInto('group_member')
		.values({
			group_id: second.id,
			account_id: member.id,
			role: 'member',
			status: 'active',
			display_name: name.name,
			display_name_key: name.key,
			agreement_accepted_at: new Date(),
			joined_at: new Date()
		})
		.execute();
	return {
		first,
		second,
		member,
		firstFacilitator: await createGroupMember(db, first.id, 'facilitator'),
		secondFacilitator: await createGroupMember(db, second.id, 'co_facilitator')
	};
}

const ask = (actor: Actor, groupIds: string[], clock: Clock = systemClock) =>
	askCirclesForHelp(db, actor, groupIds, { formKey: newFormKey(clock()) }, clock);

/** A connected socket of the actor and what it heard. */
async function listen(actor: { token: string }) {
	const client: TestClient = await server!.connect(actor.token);
	const alerts: Array<{ groupId: string; alertId: string; escalated?: boolean }> = [];
	let seen = 0;
	client.on('crisis:alert', (alert) => alerts.push(alert));
	client.on('crisis:seen', () => (seen += 1));
	return {
		alerts,
		get seen() {
			return seen;
		}
	};
}

/** Waits until `check` holds (events cross a real socket), or fails after two seconds. */
async function eventually(check: () => boolean) {
	const until = Date.now() + 2_000;
	while (!check()) {
		if (Date.now() > until) throw new Error('nothing arrived in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('a call to several circles', () => {
	it('alerts every circle chosen, and one answer closes it everywhere', async () => {
		const s = await scene();
		server = await startRealtime(db, systemClock);
		const first = await listen(s.firstFacilitator);
		const second = await listen(s.secondFacilitator);
		const member = await listen(s.member);

		const { alerts, created } = await ask(s.member, [s.first.id, s.second.id]);
		expect(created).toBe(true);
		expect(alerts.map((alert) => alert.groupId).sort()).toEqual([s.first.id, s.second.id].sort());
		await eventually(() => first.alerts.length === 1 && second.alerts.length === 1);
		expect(await latestOwnRequest(db, s.member)).toEqual({
			createdAt: expect.any(Date),
			seen: false,
			escalated: false,
			facilitators: 2
		});
		expect(await waitsForHelp(db, s.member)).toBe(true);

		const inSecond = alerts.find((alert) => alert.groupId === s.second.id)!;
		await acknowledgeAlert(db, s.secondFacilitator, s.second.id, inSecond.alertId, systemClock);
		expect(await listOpenAlerts(db, s.firstFacilitator, s.first.id)).toEqual([]);
		expect(await latestOwnRequest(db, s.member)).toMatchObject({ seen: true });
		expect(await waitsForHelp(db, s.member)).toBe(false);
		// The member's phone hears the answer at once, the facilitators' do not.
		await eventually(() => member.seen === 1);
		await settle();
		expect([first.seen, second.seen]).toEqual([0, 0]);
	});

	it('alerts only the circles the member chose, and none they are not in', async () => {
		const s = await scene();
		await ask(s.member, [s.first.id]);
		expect(await listOpenAlerts(db, s.secondFacilitator, s.second.id)).toEqual([]);
		expect(await latestOwnRequest(db, s.member)).toMatchObject({ facilitators: 1 });
		const stranger = await createTestGroup(db);
		await expect(ask(s.member, [s.second.id, stranger.id])).rejects.toMatchObject(notFound);
		// Refused as a whole: the circle the member is in was not alerted either.
		expect(await listOpenAlerts(db, s.secondFacilitator, s.second.id)).toEqual([]);
		await expect(ask(s.member, [])).rejects.toMatchObject(notFound);
		await expect(ask(ANONYMOUS, [s.first.id])).rejects.toMatchObject(notFound);
	});

	it('tells the coordinators at once when no circle has a facilitator to tell', async () => {
		const group = await createTestGroup(db);
		const member = await createGroupMember(db, group.id);
		server = await startRealtime(db, systemClock);
		const coordinator = await signedIn(db, await createAccount(db, { role: 'coordinator' }));
		const heard = await listen(coordinator);
		const { alerts } = await ask(member, [group.id]);
		expect(await latestOwnRequest(db, member)).toMatchObject({ facilitators: 0, escalated: true });
		await eventually(() => heard.alerts.some((alert) => alert.alertId === alerts[0].alertId));
		expect(heard.alerts.find((alert) => alert.alertId === alerts[0].alertId)).toEqual({
			groupId: group.id,
			alertId: alerts[0].alertId,
			escalated: true
		});
	});
});

describe('a call nobody answers', () => {
	it('goes to every coordinator after ten minutes, once, live and in their list', async () => {
		const s = await scene();
		const clock = fakeClock();
		// Sessions are checked in real time; the calls themselves happen a year ahead.
		server = await startRealtime(db, systemClock);
		const coordinators = await Promise.all(
			[1, 2].map(async () => signedIn(db, await createAccount(db, { role: 'coordinator' })))
		);
		const admin = await signedIn(db, await createAccount(db, { role: 'admin' }));
		const heard = await Promise.all(coordinators.map(listen));
		const bystanders = await Promise.all([admin, s.member, s.firstFacilitator].map(listen));
		const { alerts } = await ask(s.member, [s.first.id], clock);
		const alertId = alerts[0].alertId;
		const mine = (ids: string[]) => ids.filter((id) => id === alertId);

		clock.advance(TEN_MINUTES - 1);
		expect(mine(await escalateUnansweredAlerts(db, clock(), TEN_MINUTES))).toEqual([]);
		expect(await latestOwnRequest(db, s.member)).toMatchObject({ escalated: false });

		clock.advance(1);
		expect(mine(await escalateUnansweredAlerts(db, clock(), TEN_MINUTES))).toEqual([alertId]);
		expect(mine(await escalateUnansweredAlerts(db, clock(), TEN_MINUTES))).toEqual([]);
		for (const coordinator of heard)
			await eventually(() => coordinator.alerts.some((alert) => alert.alertId === alertId));
		await settle();
		for (const coordinator of heard)
			expect(coordinator.alerts.filter((alert) => alert.alertId === alertId)).toEqual([
				{ groupId: s.first.id, alertId, escalated: true }
			]);
		for (const bystander of bystanders)
			expect(bystander.alerts.filter((alert) => alert.escalated)).toEqual([]);

		expect(await latestOwnRequest(db, s.member)).toMatchObject({ escalated: true, seen: false });
		expect(await groupsWaitingForHelp(db, coordinators[0])).toContain(s.first.id);
		const listed = await listEscalatedAlerts(db, coordinators[0]);
		expect(listed.find((alert) => alert.id === alertId)).toEqual({
			id: alertId,
			groupId: s.first.id,
			groupName: expect.any(String),
			name: s.member.displayName,
			createdAt: expect.any(Date)
		});
		for (const actor of [s.member, s.firstFacilitator, ANONYMOUS])
			await expect(listEscalatedAlerts(db, actor)).rejects.toMatchObject(notFound);

		// A coordinator's answer counts: the call leaves the list and the member hears it.
		const member = await listen(s.member);
		await acknowledgeAlert(db, coordinators[1], s.first.id, alertId, clock);
		await eventually(() => member.seen === 1);
		expect((await listEscalatedAlerts(db, coordinators[0])).map((alert) => alert.id)).not.toContain(
			alertId
		);
		expect(await latestOwnRequest(db, s.member)).toMatchObject({ seen: true });
	});

	it('is not passed on once someone has answered', async () => {
		const s = await scene();
		const clock = fakeClock();
		const { alerts } = await ask(s.member, [s.first.id], clock);
		await acknowledgeAlert(db, s.firstFacilitator, s.first.id, alerts[0].alertId, clock);
		clock.advance(TEN_MINUTES);
		const passed = await escalateUnansweredAlerts(db, clock(), TEN_MINUTES);
		expect(passed).not.toContain(alerts[0].alertId);
	});

	it('is passed on by one process only when several look at the same moment', async () => {
		const s = await scene();
		const clock = fakeClock();
		const asked = await Promise.all(
			[s.first.id, s.second.id].map(async (groupId) => {
				const other = await createGroupMember(db, groupId);
				return (await ask(other, [groupId], clock)).alerts[0].alertId;
			})
		);
		clock.advance(TEN_MINUTES);
		// Each run on a connection of its own (on PostgreSQL), at once, as several processes would.
		const runs = await Promise.all(
			[1, 2, 3, 4].map(() => escalateUnansweredAlerts(db, clock(), TEN_MINUTES))
		);
		const passed = runs.flat().filter((id) => asked.includes(id));
		expect(passed.sort()).toEqual([...asked].sort());
	});
});
