import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueAddress } from '../../../../tests/helpers/factories';
import { COUNTRIES } from '$lib/schemas/help';
import { signUp } from '../accounts';
import { systemClock } from '../clock';
import { openDatabase } from '../db/open';
import type { DB } from '../db/schema';
import { newFormKey } from '../forms/form-key';
import { browseCourses } from '../courses/browse';
import { acceptInvitation, reviewMessage, sendMessage } from '../groups';
import { DEMO_COURSES } from './demo-courses';

// `npm run demo` as a visitor meets it: the seed run on its own PGlite folder, as scripts/demo.js
// runs it, then someone joining with the code it prints.

const folder = mkdtempSync(join(tmpdir(), 'circles-demo-'));
let printed = '';
let db: Kysely<DB>;

beforeAll(async () => {
	process.env.DATA_DIR = folder;
	delete process.env.DATABASE_URL;
	const log = vi.spyOn(console, 'log').mockImplementation((line: string) => {
		printed += `${line}\n`;
	});
	const { main } = await import('./demo-seed');
	expect(await main()).toBe(0);
	log.mockRestore();
	db = openDatabase({ dataDir: folder });
}, 180_000);

afterAll(async () => {
	await db?.destroy();
	rmSync(folder, { recursive: true, force: true });
});

describe('the demo', () => {
	it("holds a newcomer's first 3 messages in its circle for the facilitator", async () => {
		const code = printed.match(/invitation code ([A-Z0-9-]+)/)?.[1];
		expect(code).toBeTruthy();
		const pseudonym = 'visitor';
		const joined = await signUp(
			db,
			{
				formKey: newFormKey(systemClock()),
				code: code!,
				pseudonym,
				passphrase: 'a visit to the demo',
				address: uniqueAddress()
			},
			systemClock
		);
		if (!joined.ok) throw new Error(JSON.stringify(joined.problems));
		expect(joined.groupId).not.toBeNull();
		const visitor = {
			kind: 'account' as const,
			id: joined.accountId,
			pseudonym,
			role: 'member' as const,
			sessionId: joined.session.id
		};
		const groupId = joined.groupId!;
		const accepted = await acceptInvitation(
			db,
			visitor,
			groupId,
			{ displayName: 'Visitor', agree: true },
			new Date()
		);
		expect(accepted).toMatchObject({ ok: true });

		const send = async (body: string) => {
			const sent = await sendMessage(
				db,
				visitor,
				{ groupId, clientId: crypto.randomUUID(), body },
				systemClock
			);
			if (!sent.ok) throw new Error(sent.error);
			return sent.message;
		};
		const first = [
			await send('Hello'),
			await send('I am new here'),
			await send('Nice to meet you')
		];
		const stored = await db
			.selectFrom('group_message')
			.select(['status', 'held_reason'])
			.where(
				'id',
				'in',
				first.map((message) => message.id)
			)
			.execute();
		expect(stored).toEqual(Array(3).fill({ status: 'held', held_reason: 'first_posts' }));

		// Once the facilitator has let the first 3 through, the next one is seen at once.
		const facilitator = await db
			.selectFrom('account')
			.select(['id', 'pseudonym', 'role'])
			.where('pseudonym', '=', 'demo_coordinator')
			.executeTakeFirstOrThrow();
		const coordinator = { kind: 'account' as const, ...facilitator, sessionId: '' };
		for (const message of first) {
			await reviewMessage(
				db,
				coordinator,
				groupId,
				{ messageId: message.id, decision: 'approve', reason: 'Welcome.' },
				new Date()
			);
		}
		expect((await send('Thank you')).status).toBe('visible');
	});

	it('shows the members of its circle their first messages, let through by the facilitator', async () => {
		const held = await db
			.selectFrom('group_message')
			.select('id')
			.where('status', '=', 'held')
			.execute();
		expect(held).toEqual([]);
	});

	it('has two courses open to enrol in, one of them full with 2 waiting, taught by its trainer', async () => {
		const row = await db
			.selectFrom('account')
			.select(['id', 'pseudonym', 'role'])
			.where('pseudonym', '=', 'Mai')
			.executeTakeFirstOrThrow();
		const member = { kind: 'account' as const, ...row, sessionId: '' };
		const now = new Date();
		const browsed = await browseCourses(db, member, {}, now);
		if (!browsed.ok) throw new Error(browsed.problem);
		const idea = browsed.courses.find((course) => course.title === DEMO_COURSES.idea);
		const start = browsed.courses.find((course) => course.title === DEMO_COURSES.start);
		expect(idea).toMatchObject({ capacity: 12, sessions: 3, seatsLeft: 9, waiting: 0 });
		expect(start).toMatchObject({ capacity: 4, seatsLeft: 0, waiting: 2 });
		for (const course of [idea!, start!]) {
			expect(course.enrolmentOpensAt.getTime()).toBeLessThanOrEqual(now.getTime());
			expect(course.enrolmentClosesAt.getTime()).toBeGreaterThan(now.getTime());
			expect(course.firstSessionAt.getTime()).toBeGreaterThan(now.getTime());
		}
		expect(browsed.courses).toHaveLength(2);

		const trainers = await db
			.selectFrom('course_trainer')
			.innerJoin('account', 'account.id', 'course_trainer.account_id')
			.select(['course_trainer.course_id', 'account.pseudonym'])
			.execute();
		expect(trainers).toEqual([{ course_id: start!.id, pseudonym: 'demo_trainer' }]);
		expect(printed).toContain('demo_trainer (trainer)');
		// Members go by names of their own in courses, never by their sign-in nicknames.
		const places = await db
			.selectFrom('course_enrolment')
			.innerJoin('account', 'account.id', 'course_enrolment.account_id')
			.select(['course_enrolment.display_name', 'account.pseudonym'])
			.execute();
		expect(places).toHaveLength(9);
		for (const place of places) expect(place.display_name).not.toBe(place.pseudonym);
	});

	it('has directory entries, crisis ones for every country, each an example with no number made up', async () => {
		const services = await db
			.selectFrom('service')
			.select(['id', 'country', 'kind', 'crisis', 'example', 'name', 'how_to_reach', 'note'])
			.execute();
		const crisisCountries = services.filter((s) => s.crisis).map((s) => s.country);
		expect(new Set(crisisCountries)).toEqual(new Set(COUNTRIES));
		expect(new Set(services.map((s) => s.kind)).size).toBeGreaterThan(3);
		for (const service of services) {
			expect(service.example).toBe(true);
			expect(service.name).toMatch(/^Example/);
			expect(service.how_to_reach).toMatch(/^Example entry: ask /);
			expect(service.note).toMatch(/example/i);
			expect(`${service.name} ${service.how_to_reach} ${service.note}`).not.toMatch(/\p{Nd}/u);
		}
		const languages = await db.selectFrom('service_language').select('service_id').execute();
		for (const service of services)
			expect(languages.some((language) => language.service_id === service.id)).toBe(true);
	});

	it('changes nothing when it is run again', async () => {
		const count = async (
			table: 'account' | 'course' | 'course_enrolment' | 'course_trainer' | 'service'
		) =>
			Number(
				(
					await db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll<string>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const tables = ['account', 'course', 'course_enrolment', 'course_trainer', 'service'] as const;
		const before = await Promise.all(tables.map(count));
		// The folder is the demo's own: this test's handle lets go of it while the demo runs.
		await db.destroy();
		const log = vi.spyOn(console, 'log').mockImplementation(() => {});
		const { main } = await import('./demo-seed');
		expect(await main()).toBe(0);
		expect(log).toHaveBeenCalledWith('Demo data is already there.');
		log.mockRestore();
		db = openDatabase({ dataDir: folder });
		expect(await Promise.all(tables.map(count))).toEqual(before);
	});
});
