import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, fakeClock, MINUTE } from '../../../../tests/helpers/clock';
import { courseInput, createTestCourse, newMember } from '../../../../tests/helpers/courses';
import { openTestDatabase } from '../../../../tests/helpers/database';
import type { DB } from '../db/schema';
import { checkIn, markAttendance, openCheckIn, readAttendanceSheet } from './attendance';
import { updateCourse } from './catalogue';
import {
	groupedCode,
	keepCertificateName,
	readOwnCertificate,
	revokeCertificate,
	verifyCertificate,
	LOOKUP_LIMIT
} from './certificates';
import { codeMatches, currentCode } from './check-in-code';
import { progressOf } from './completion';
import { enrol } from './enrolment';
import { nameTrainer } from './trainers';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

const notFound = expect.objectContaining({ status: 404 });

/** A published course of `sessions` sessions of 3 hours, 10 days on, with `seated` members in it. */
async function runningCourse(clock: () => Date, seated: number, sessions = 5) {
	const input = courseInput(clock());
	const first = input.sessions[0].date;
	const course = await createTestCourse(db, clock(), {
		sessions: Array.from({ length: sessions }, (_, i) => ({
			date: new Date(Date.parse(first) + i * DAY).toISOString().slice(0, 10),
			start: '09:00',
			end: '12:00'
		}))
	});
	const members = [];
	for (let i = 0; i < seated; i++) {
		const member = await newMember(db);
		await enrol(db, member, course.id, clock(), { name: `Lotus${10 + i}` });
		members.push(member);
	}
	const sessionRows = await db
		.selectFrom('course_session')
		.select(['id', 'starts_at', 'ends_at'])
		.where('course_id', '=', course.id)
		.orderBy('starts_at')
		.execute();
	const enrolments = await db
		.selectFrom('course_enrolment')
		.select(['id', 'account_id'])
		.where('course_id', '=', course.id)
		.execute();
	const enrolmentOf = (member: { id: string }) =>
		enrolments.find((row) => row.account_id === member.id)!.id;
	return { ...course, members, sessions: sessionRows, enrolmentOf };
}

describe('check-in codes', () => {
	it('change every 30 seconds; the last one is still taken; digits of every script are read', () => {
		const secret = 'a-secret';
		const now = new Date(Date.UTC(2027, 0, 4, 2, 0, 5));
		const { code, secondsLeft } = currentCode(secret, now);
		expect(code).toMatch(/^\d{6}$/);
		expect(secondsLeft).toBe(25);
		expect(codeMatches(secret, code, now)).toBe(true);
		expect(codeMatches(secret, code, new Date(now.getTime() + 30_000))).toBe(true);
		expect(codeMatches(secret, code, new Date(now.getTime() + 60_000))).toBe(false);
		const thai = code.replace(/\d/g, (d) => String.fromCodePoint(0x0e50 + Number(d)));
		expect(codeMatches(secret, ` ${thai.slice(0, 3)} ${thai.slice(3)} `, now)).toBe(true);
		expect(codeMatches('another', code, now)).toBe(false);
		expect(codeMatches(secret, 'abcdef', now)).toBe(false);
	});
});

describe('attendance', () => {
	it('by code during the session: wrong, expired and other sessions’ codes refused', async () => {
		const clock = fakeClock();
		const course = await runningCourse(clock, 2);
		const [first, second] = course.sessions;
		const [member, friend] = course.members;

		// Not before half an hour ahead of the session.
		expect(await openCheckIn(db, course.coordinator, course.id, first.id, clock())).toEqual({
			ok: false,
			problem: 'not_now'
		});
		clock.advance(first.starts_at.getTime() - clock().getTime() - 10 * MINUTE);
		expect(await openCheckIn(db, course.coordinator, course.id, first.id, clock())).toEqual({
			ok: true
		});
		const sheet = (await readAttendanceSheet(
			db,
			course.coordinator,
			course.id,
			first.id,
			clock()
		))!;
		const code = sheet.checkIn!.code;

		expect(
			await checkIn(
				db,
				member,
				course.id,
				{ sessionId: first.id, code: '000000' === code ? '111111' : '000000' },
				clock()
			)
		).toEqual({ ok: false, problem: 'wrong_code' });
		// The code of this session does nothing for another one.
		expect(await checkIn(db, member, course.id, { sessionId: second.id, code }, clock())).toEqual({
			ok: false,
			problem: 'not_open'
		});
		// Two members on one shared phone: both are in.
		expect(await checkIn(db, member, course.id, { sessionId: first.id, code }, clock())).toEqual({
			ok: true
		});
		expect(await checkIn(db, friend, course.id, { sessionId: first.id, code }, clock())).toEqual({
			ok: true
		});
		// A minute later the code has changed twice: refused.
		clock.advance(MINUTE);
		expect(await checkIn(db, friend, course.id, { sessionId: first.id, code }, clock())).toEqual({
			ok: false,
			problem: 'wrong_code'
		});
		const after = (await readAttendanceSheet(
			db,
			course.coordinator,
			course.id,
			first.id,
			clock()
		))!;
		expect(after.people.map((p) => [p.mark, p.byCode])).toEqual([
			['present', true],
			['present', true]
		]);

		// Someone without a seat cannot check in at all.
		await expect(
			checkIn(db, await newMember(db), course.id, { sessionId: first.id, code }, clock())
		).rejects.toEqual(notFound);
	});

	it('guessing stops at ten tries in ten minutes', async () => {
		const clock = fakeClock();
		const course = await runningCourse(clock, 1);
		const [first] = course.sessions;
		clock.advance(first.starts_at.getTime() - clock().getTime());
		await openCheckIn(db, course.coordinator, course.id, first.id, clock());
		const [member] = course.members;
		for (let i = 0; i < 10; i++)
			await checkIn(
				db,
				member,
				course.id,
				{ sessionId: first.id, code: String(100000 + i) },
				clock()
			);
		const { code } = (await readAttendanceSheet(
			db,
			course.coordinator,
			course.id,
			first.id,
			clock()
		))!.checkIn!;
		expect(
			await checkIn(db, member, course.id, { sessionId: first.id, code }, clock())
		).toMatchObject({
			ok: false,
			problem: 'too_fast'
		});
	});

	it('the trainer marks and corrects the list; only trainers of the course and staff may', async () => {
		const clock = fakeClock();
		const course = await runningCourse(clock, 3);
		const [first] = course.sessions;
		const [a, b, c] = course.members;
		const trainer = await newMember(db);
		await nameTrainer(db, course.coordinator, course.id, { pseudonym: trainer.pseudonym }, clock());
		await markAttendance(
			db,
			trainer,
			course.id,
			first.id,
			{ [course.enrolmentOf(a)]: 'present', [course.enrolmentOf(b)]: 'excused' },
			clock()
		);
		// A correction: a was not there after all; c was.
		await markAttendance(
			db,
			trainer,
			course.id,
			first.id,
			{ [course.enrolmentOf(a)]: 'absent', [course.enrolmentOf(c)]: 'present' },
			clock()
		);
		const sheet = (await readAttendanceSheet(db, trainer, course.id, first.id, clock()))!;
		expect(sheet.people.map((p) => [p.name, p.mark])).toEqual([
			['Lotus10', 'absent'],
			['Lotus11', 'excused'],
			['Lotus12', 'present']
		]);
		for (const outsider of [a, await newMember(db)])
			await expect(markAttendance(db, outsider, course.id, first.id, {}, clock())).rejects.toEqual(
				notFound
			);
		// Marks for someone without a seat in this course are ignored.
		const other = await runningCourse(clock, 1);
		await markAttendance(
			db,
			course.coordinator,
			course.id,
			first.id,
			{ [other.enrolmentOf(other.members[0])]: 'present' },
			clock()
		);
		expect(
			await db
				.selectFrom('course_attendance')
				.select('enrolment_id')
				.where('enrolment_id', '=', other.enrolmentOf(other.members[0]))
				.execute()
		).toEqual([]);
		// A session with marks is not edited away; one without is.
		const input = courseInput(clock());
		const later = input.sessions[1];
		const refused = await updateCourse(
			db,
			course.coordinator,
			course.id,
			{ ...input, sessions: [later] },
			clock()
		);
		expect(refused).toMatchObject({ ok: false, fields: { sessions: 'attended' } });
		expect(
			await updateCourse(
				db,
				course.coordinator,
				course.id,
				{ ...input, sessions: [input.sessions[0], later] },
				clock()
			)
		).toEqual({ ok: true });
		// The kept session keeps its id, and with it its marks.
		expect(
			(await readAttendanceSheet(db, trainer, course.id, first.id, clock()))!.people.map(
				(p) => p.mark
			)
		).toEqual(['absent', 'excused', 'present']);
	});
});

describe('completion and certificates', () => {
	it('complete at the threshold, over the sessions not excused; told early when out of reach', async () => {
		const clock = fakeClock();
		const course = await runningCourse(clock, 3, 5);
		const [keen, excused, absent] = course.members;
		const row = await db
			.selectFrom('course')
			.selectAll()
			.where('id', '=', course.id)
			.executeTakeFirstOrThrow();
		const mark = (index: number, marks: Record<string, 'present' | 'excused'>) =>
			markAttendance(db, course.coordinator, course.id, course.sessions[index].id, marks, clock());
		for (let i = 0; i < 4; i++) await mark(i, { [course.enrolmentOf(keen)]: 'present' });
		await mark(0, { [course.enrolmentOf(excused)]: 'excused' });
		for (let i = 1; i < 4; i++) await mark(i, { [course.enrolmentOf(excused)]: 'present' });
		clock.advance(course.sessions[1].ends_at.getTime() - clock().getTime());

		// 80% of 5 is 4: the keen member has it; the excused one needs 80% of 4, which is 4.
		expect(await progressOf(db, row, course.enrolmentOf(keen), clock())).toMatchObject({
			completed: true,
			needed: 4,
			ended: false
		});
		expect(await progressOf(db, row, course.enrolmentOf(excused), clock())).toMatchObject({
			completed: false,
			needed: 4,
			reachable: true
		});
		// Two sessions gone unattended: 3 at most of the 4 needed.
		expect(await progressOf(db, row, course.enrolmentOf(absent), clock())).toMatchObject({
			completed: false,
			reachable: false
		});

		// A certificate only after the last session, only for a member who completed.
		expect(await readOwnCertificate(db, keen, course.id, clock())).toEqual({
			ok: false,
			problem: 'not_ended'
		});
		clock.advance(course.sessions[4].ends_at.getTime() - clock().getTime());
		expect(await readOwnCertificate(db, absent, course.id, clock())).toEqual({
			ok: false,
			problem: 'not_completed'
		});
		await expect(readOwnCertificate(db, await newMember(db), course.id, clock())).rejects.toEqual(
			notFound
		);
		const certificate = await readOwnCertificate(db, keen, course.id, clock());
		expect(certificate).toMatchObject({
			ok: true,
			keptName: null,
			facts: { hours: 15, provider: 'Provider organisation' }
		});
		if (!certificate.ok) throw new Error('no certificate');
		expect(certificate.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
		// Asked again: the same code.
		expect(await readOwnCertificate(db, keen, course.id, clock())).toMatchObject({
			code: certificate.code
		});

		// The name is kept only when asked, on the member's enrolment.
		expect(await keepCertificateName(db, keen, course.id, 'Sokha Chan', clock())).toEqual({
			ok: true
		});
		expect(await readOwnCertificate(db, keen, course.id, clock())).toMatchObject({
			keptName: 'Sokha Chan'
		});

		// The check page: the course, never the person; grouped and lower case typing works.
		const verified = await verifyCertificate(
			db,
			groupedCode(certificate.code).toLowerCase(),
			'203.0.113.9',
			clock()
		);
		expect(verified).toMatchObject({ ok: true, found: { hours: 15, revoked: false } });
		const text = JSON.stringify(verified);
		for (const secret of ['Sokha', 'Lotus10', keen.pseudonym, keen.id])
			expect(text).not.toContain(secret);
		expect(await verifyCertificate(db, 'ZZZZ-ZZZZ-ZZZZ', '203.0.113.9', clock())).toEqual({
			ok: true,
			found: null
		});

		// Only staff revoke; then the page says so.
		await expect(
			revokeCertificate(db, keen, course.id, course.enrolmentOf(keen), clock())
		).rejects.toEqual(notFound);
		expect(
			await revokeCertificate(db, course.coordinator, course.id, course.enrolmentOf(keen), clock())
		).toEqual({ ok: true });
		expect(await verifyCertificate(db, certificate.code, '203.0.113.9', clock())).toMatchObject({
			found: { revoked: true }
		});
	});

	it('the check page answers an address at most twenty times in ten minutes', async () => {
		const clock = fakeClock();
		for (let i = 0; i < LOOKUP_LIMIT.max; i++)
			expect(
				await verifyCertificate(db, 'ZZZZ-ZZZZ-ZZZ' + (i % 10), '198.51.100.77', clock())
			).toMatchObject({ ok: true });
		expect(await verifyCertificate(db, 'ZZZZ-ZZZZ-ZZZZ', '198.51.100.77', clock())).toMatchObject({
			ok: false,
			problem: 'too_many'
		});
		// Another address is not held up; the next window is free again.
		expect(await verifyCertificate(db, 'ZZZZ-ZZZZ-ZZZZ', '198.51.100.78', clock())).toMatchObject({
			ok: true
		});
		clock.advance(LOOKUP_LIMIT.windowMs);
		expect(await verifyCertificate(db, 'ZZZZ-ZZZZ-ZZZZ', '198.51.100.77', clock())).toMatchObject({
			ok: true
		});
	});
});
