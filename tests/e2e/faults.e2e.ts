import { expect, test } from '@playwright/test';
import pg from 'pg';
import { circleWithCode, joinWithCode, person, sessionCookie } from './circle-over-http';
import { createFirstAdmin, ownServer, sparePort, type OwnServer } from './own-server';
import { SendingMember } from './sending-member';
import {
	throwawayPostgres,
	throwawayPostgresMissing,
	type ThrowawayPostgres
} from './throwaway-postgres';

/*
 * Faults an operator meets: the database restarted, and the app itself restarted, while members
 * are sending. One production process on a PostgreSQL cluster of this file's own, so both can be
 * stopped and started without touching anything else.
 */

const missing = throwawayPostgresMissing();
let cluster: ThrowawayPostgres | undefined;
let server: OwnServer | undefined;
const members: SendingMember[] = [];

// Both tests share the cluster and the process: one after the other, in one worker.
test.describe.configure({ mode: 'default' });

test.beforeAll(async () => {
	// initdb, a command-line run and a server start: seconds each on a busy two-core machine.
	test.setTimeout(120_000);
	if (missing) return;
	cluster = await throwawayPostgres(await sparePort());
	createFirstAdmin(cluster.url);
	server = await ownServer({
		port: await sparePort(),
		databaseUrl: cluster.url,
		// Each person comes from an address of their own, as people do.
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
});

test.afterAll(async () => {
	for (const member of members) member.close();
	await server?.stop();
	await cluster?.remove();
});

/**
 * A message a second from each member: under the limit of 12 in 10 s, whose refusals would
 * otherwise look like an outage.
 */
const PACE_MS = 1_000;

let addresses = 0;

/** A circle with `count` members, each signed up over HTTP and connected with a socket. */
async function circleOfSenders(count: number, name: string) {
	const { origin } = server!;
	const address = () => `198.18.${Math.floor(++addresses / 250)}.${1 + (addresses % 250)}`;
	const { groupId, code } = await circleWithCode(
		await person(origin, origin, address()),
		count,
		name
	);
	const joined: SendingMember[] = [];
	// A few at a time: each sign-up hashes a passphrase.
	for (let first = 0; first < count; first += 5) {
		const batch = Array.from({ length: Math.min(5, count - first) }, async () => {
			const client = await person(origin, origin, address());
			await joinWithCode(client, code, groupId);
			return SendingMember.connect(origin, origin, await sessionCookie(client), groupId);
		});
		joined.push(...(await Promise.all(batch)));
	}
	members.push(...joined);
	return { groupId, senders: joined };
}

/** The circle's stored messages, read from the database itself. */
async function storedMessages(groupId: string) {
	const client = new pg.Client({ connectionString: cluster!.url });
	await client.connect();
	try {
		const { rows } = await client.query<{ id: string; client_id: string }>(
			'select id, client_id from group_message where group_id = $1',
			[groupId]
		);
		return rows;
	} finally {
		await client.end();
	}
}

/** Every acknowledged message is stored exactly once, every retried one too, nothing else. */
async function expectAcknowledgedStoredOnce(groupId: string, senders: SendingMember[]) {
	const rows = await storedMessages(groupId);
	for (const sender of senders) {
		for (const [clientId, message] of sender.acked) {
			const stored = rows.filter((row) => row.client_id === clientId).map((row) => row.id);
			expect(stored).toEqual([message.id]);
		}
		// A send tried again ends acknowledged, and so stored once.
		for (const clientId of sender.retried) expect(sender.acked.has(clientId)).toBe(true);
		expect(sender.refusals.get('too_fast'), 'refused as a flood').toBeUndefined();
	}
	const acknowledged = senders.reduce((sum, sender) => sum + sender.acked.size, 0);
	expect(rows).toHaveLength(acknowledged);
	return rows;
}

/** How many of `times` came after `time`. */
const since = (times: number[], time: number) => times.filter((at) => at > time).length;

const healthz = async () => (await fetch(`${server!.origin}/healthz`)).status;

test('a database restart while members send: the app says so, loses nothing, and resumes', async () => {
	test.skip(missing !== null, missing ?? '');
	test.setTimeout(90_000);
	const { groupId, senders } = await circleOfSenders(4, 'Database restart');
	let stop = false;
	const deadline = Date.now() + 60_000;
	const sending = senders.map((sender) => sender.keepSending(() => stop, 60, PACE_MS, deadline));
	await expect.poll(() => senders.every((sender) => sender.acked.size >= 3)).toBe(true);

	await cluster!.stop();
	const downAt = Date.now();
	expect(server!.alive()).toBe(true);
	expect(await healthz()).toBe(503);
	// A real outage: every member's sends are refused, again and again, and the process lives on.
	await expect
		.poll(() => senders.every((sender) => since(sender.failedAt, downAt) >= 5))
		.toBe(true);
	expect(await healthz()).toBe(503);
	expect(server!.alive()).toBe(true);

	await cluster!.start();
	const backAt = Date.now();
	await expect
		.poll(() => senders.every((sender) => since(sender.ackedAt, backAt) > 0), { timeout: 30_000 })
		.toBe(true);
	const resumedMs = Math.max(...senders.map((s) => s.ackedAt.find((at) => at > backAt)!)) - backAt;
	console.log(`every member's sends were acknowledged again ${resumedMs} ms after the restart`);
	expect(resumedMs).toBeLessThanOrEqual(10_000);
	expect(await healthz()).toBe(200);

	stop = true;
	await Promise.all(sending);
	expect(server!.alive()).toBe(true);
	await expectAcknowledgedStoredOnce(groupId, senders);
});

test('an app restart under 20 sending members: every acknowledged message once, all caught up', async () => {
	test.skip(missing !== null, missing ?? '');
	test.setTimeout(120_000);
	const { groupId, senders } = await circleOfSenders(20, 'App restart');
	let stop = false;
	const deadline = Date.now() + 90_000;
	const sending = senders.map((sender) => sender.keepSending(() => stop, 60, PACE_MS, deadline));
	await expect
		.poll(() => senders.every((sender) => sender.acked.size >= 3), { timeout: 30_000 })
		.toBe(true);

	expect(await server!.stop()).toBe(0);
	await server!.start();
	const restartedAt = Date.now();
	// Every member sends again on the new process, and hears the others' new messages live.
	await expect
		.poll(() => senders.every((sender) => since(sender.ackedAt, restartedAt) >= 3), {
			timeout: 30_000
		})
		.toBe(true);
	stop = true;
	await Promise.all(sending);

	const rows = await expectAcknowledgedStoredOnce(groupId, senders);
	// The restart came between sends: some waited for it and went out again with their ids.
	expect(senders.some((sender) => sender.retried.size > 0)).toBe(true);
	expect(senders.every((sender) => sender.catchUps >= 2)).toBe(true);
	for (const sender of senders) {
		await expect
			.poll(() => rows.filter((row) => !sender.seen.has(row.id)).length, {
				message: 'messages a member never learnt of'
			})
			.toBe(0);
	}
});
