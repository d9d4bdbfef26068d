import { sql, type Kysely } from 'kysely';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { CourseTimeZone, DB } from '../db/schema';
import { loadCourse } from './course-access';

const HOUR_MS = 60 * 60_000;

/** How far ahead a session is announced on the home page: today's, and tomorrow's from the evening before. */
export const MEETS_AHEAD_MS = 36 * HOUR_MS;

/**
 * What the member's home page tells them about their courses, inside the app only (never by SMS,
 * e-mail or push). Offers and sessions go away by themselves; a cancellation or a change stays
 * until the member says they have seen it (markCourseNoticesSeen).
 */
export type CourseNotice =
	| { kind: 'offer'; courseId: string; title: string; timeZone: CourseTimeZone; answerBy: Date }
	| {
			kind: 'meets';
			courseId: string;
			title: string;
			timeZone: CourseTimeZone;
			startsAt: Date;
			/** On the course's own clock. */
			day: 'today' | 'tomorrow';
			/** The address (or the area when there is none); null for a course held online. */
			place: string | null;
	  }
	| { kind: 'cancelled'; courseId: string; title: string }
	| { kind: 'changed'; courseId: string; title: string }
	/** A course the member took part in ended in the last month: how was it? */
	| { kind: 'rate'; courseId: string; title: string }
	/** Three or twelve months after completing it: did it help? */
	| { kind: 'follow_up'; courseId: string; title: string; afterMonths: 3 | 12 };

const ORDER: Record<CourseNotice['kind'], number> = {
	offer: 0,
	meets: 1,
	cancelled: 2,
	changed: 3,
	rate: 4,
	follow_up: 5
};

const DAY_MS = 24 * HOUR_MS;
/** Ratings are asked for during the month after the last session. */
export const RATE_FOR_MS = 30 * DAY_MS;

/** The calendar day an instant falls on in a time zone, as a count of days since 1970-01-01. */
function dayNumber(instant: Date, timeZone: string): number {
	// en-CA writes dates as YYYY-MM-DD.
	const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	})
		.format(instant)
		.split('-')
		.map(Number);
	return Date.UTC(year, month - 1, day) / (24 * HOUR_MS);
}

/**
 * The member's course notices at `now`, most urgent first, in one statement:
 * - an offer of a seat, while it is open (answered or lapsed, it is gone);
 * - for a seat in a published course, its next session when it starts within 36 hours and falls
 *   today or tomorrow on the course's clock (a waitlisted member has no session to go to);
 * - a cancelled course, for a place that was active when it was cancelled, until seen;
 * - a published course whose sessions or place changed after the member took their place (or
 *   last read its notices), for an active place, until seen.
 * Someone signed out has none.
 */
export async function listCourseNotices(
	db: Kysely<DB>,
	actor: Actor,
	now: Date
): Promise<CourseNotice[]> {
	if (actor.kind !== 'account' || !can(actor, 'course:browse')) return [];
	const horizon = new Date(now.getTime() + MEETS_AHEAD_MS);
	const active = sql<boolean>`e.status in ('enrolled', 'offered', 'waitlisted')`;
	const places = db
		.selectFrom('course_enrolment as e')
		.innerJoin('course as c', 'c.id', 'e.course_id')
		.select((eb) => [
			'c.id as course_id',
			'c.title',
			'c.online',
			'c.area',
			'c.address',
			'c.time_zone',
			'e.offer_expires_at',
			sql<boolean>`e.status = 'offered' and c.state = 'published'
				and e.offer_expires_at > ${now}`.as('offer'),
			eb
				.selectFrom('course_session as s')
				.select((s) => s.fn.min('s.starts_at').as('first'))
				.whereRef('s.course_id', '=', 'c.id')
				.where('s.starts_at', '>', now)
				.where('s.starts_at', '<=', horizon)
				.where(sql<boolean>`e.status = 'enrolled' and c.state = 'published'`)
				.as('meets_at'),
			// Active when it was cancelled: active still, or ended after it (nobody enrols since).
			sql<boolean>`c.state = 'cancelled' and c.cancelled_at is not null
				and (${active} or e.ended_at > c.cancelled_at)
				and (e.notices_seen_at is null or e.notices_seen_at < c.cancelled_at)`.as('cancelled'),
			// greatest() passes over nulls: a place without a seat has no enrolled_at.
			sql<boolean>`c.state = 'published' and ${active} and c.changed_at is not null
				and c.changed_at > greatest(e.created_at, e.enrolled_at, e.notices_seen_at)`.as('changed'),
			// A seat in a published course whose sessions have all ended: for a rating and, if
			// the member completed it, the follow-up (see feedback.ts and completion.ts).
			sql<Date | null>`case when e.status = 'enrolled' and c.state = 'published' then
				(select max(s.ends_at) from course_session s where s.course_id = c.id) end`.as('last_end'),
			'c.attendance_threshold',
			sql<string>`(select count(*) from course_session s where s.course_id = c.id)`.as('scheduled'),
			sql<string>`(select count(*) from course_attendance a
				where a.enrolment_id = e.id and a.status = 'present')`.as('present'),
			sql<string>`(select count(*) from course_attendance a
				where a.enrolment_id = e.id and a.status = 'excused')`.as('excused'),
			sql<boolean>`exists (select 1 from course_feedback f where f.enrolment_id = e.id)`.as(
				'rated'
			),
			sql<string | null>`(select string_agg(u.after_months::text, ',') from course_follow_up u
				where u.enrolment_id = e.id)`.as('followed_up')
		])
		.where('e.account_id', '=', actor.id)
		.where('c.state', 'in', ['published', 'cancelled'])
		.as('place');
	const rows = await db
		.selectFrom(places)
		.selectAll()
		.where((eb) =>
			eb.or([
				eb('place.offer', '=', true),
				eb('place.meets_at', 'is not', null),
				eb('place.cancelled', '=', true),
				eb('place.changed', '=', true),
				eb('place.last_end', '<=', now)
			])
		)
		.execute();

	const notices: CourseNotice[] = [];
	for (const row of rows) {
		const course = { courseId: row.course_id, title: row.title };
		if (row.offer) {
			notices.push({
				kind: 'offer',
				...course,
				timeZone: row.time_zone,
				answerBy: row.offer_expires_at!
			});
		}
		if (row.meets_at) {
			const startsAt = new Date(row.meets_at as Date);
			const days = dayNumber(startsAt, row.time_zone) - dayNumber(now, row.time_zone);
			// Within 36 hours but the day after tomorrow: said the evening before, not yet.
			if (days === 0 || days === 1) {
				notices.push({
					kind: 'meets',
					...course,
					timeZone: row.time_zone,
					startsAt,
					day: days === 0 ? 'today' : 'tomorrow',
					place: row.online ? null : (row.address ?? row.area)
				});
			}
		}
		if (row.cancelled) notices.push({ kind: 'cancelled', ...course });
		if (row.changed) notices.push({ kind: 'changed', ...course });
		if (row.last_end && new Date(row.last_end) <= now) {
			const ended = new Date(row.last_end).getTime();
			if (!row.rated && now.getTime() < ended + RATE_FOR_MS)
				notices.push({ kind: 'rate', ...course });
			const wave = followUpWave(row, ended, now);
			if (wave) notices.push({ kind: 'follow_up', ...course, afterMonths: wave });
		}
	}
	const when = (notice: CourseNotice) =>
		notice.kind === 'offer'
			? notice.answerBy.getTime()
			: notice.kind === 'meets'
				? notice.startsAt.getTime()
				: 0;
	return notices.sort(
		(a, b) =>
			ORDER[a.kind] - ORDER[b.kind] ||
			when(a) - when(b) ||
			a.title.localeCompare(b.title) ||
			a.courseId.localeCompare(b.courseId)
	);
}

/**
 * The follow-up due for a completed course, as feedback.ts's followUpDue decides it: the threshold
 * of the sessions not excused attended, then 91 days (3 months) or 365 (12) after the last session,
 * one question at a time, none answered or declined before.
 */
function followUpWave(
	row: {
		scheduled: string;
		present: string;
		excused: string;
		attendance_threshold: number;
		followed_up: string | null;
	},
	ended: number,
	now: Date
): 3 | 12 | null {
	const scheduled = Number(row.scheduled);
	const needed = Math.max(
		1,
		Math.ceil(((scheduled - Number(row.excused)) * row.attendance_threshold) / 100)
	);
	if (scheduled === 0 || Number(row.present) < needed) return null;
	const answered = new Set((row.followed_up ?? '').split(',').filter(Boolean).map(Number));
	for (const [months, days] of [
		[12, 365],
		[3, 91]
	] as const)
		if (now.getTime() >= ended + days * DAY_MS) return answered.has(months) ? null : months;
	return null;
}

/**
 * The member has read the course's notices: its cancellation or change is not shown again (a
 * later change is). Only for a course the member has or had a place in; any other is a 404, and
 * changes nothing. Saying it again changes nothing that matters.
 */
export async function markCourseNoticesSeen(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown,
	now: Date
): Promise<{ ok: true }> {
	const context = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:view', context.resource);
	if (!context.enrolment) notFound();
	await db
		.updateTable('course_enrolment')
		.set({
			notices_seen_at: sql<Date>`greatest(notices_seen_at, ${now}::timestamptz)`
		})
		.where('id', '=', context.enrolment.id)
		.execute();
	return { ok: true };
}

/** A notice as the member reads it, in their language, with times on the course's clock. */
export interface CourseNoticeLine {
	/** Unique among the page's notices. */
	key: string;
	courseId: string;
	kind: CourseNotice['kind'];
	text: string;
	/** Whether it stays until the member says "Got it". */
	dismissible: boolean;
}

/**
 * The notices' words, said on the server (browsers lack Burmese, Khmer and Lao dates): a time
 * in the member's language and digits, on the course's own clock.
 */
export function courseNoticeLines(
	notices: CourseNotice[],
	locale: Locale = getLocale()
): CourseNoticeLine[] {
	return notices.map((notice) => ({
		key: `${notice.kind}:${notice.courseId}`,
		courseId: notice.courseId,
		kind: notice.kind,
		text: say(notice, locale),
		dismissible: notice.kind === 'cancelled' || notice.kind === 'changed'
	}));
}

function say(notice: CourseNotice, locale: Locale): string {
	const course = notice.title;
	switch (notice.kind) {
		case 'offer': {
			const deadline = new Intl.DateTimeFormat(locale, {
				dateStyle: 'medium',
				timeStyle: 'short',
				timeZone: notice.timeZone
			}).format(notice.answerBy);
			return m.course_notice_offer({ course, deadline }, { locale });
		}
		case 'meets': {
			const time = new Intl.DateTimeFormat(locale, {
				timeStyle: 'short',
				timeZone: notice.timeZone
			}).format(notice.startsAt);
			if (notice.place === null) {
				return notice.day === 'today'
					? m.course_notice_meets_today_online({ course, time }, { locale })
					: m.course_notice_meets_tomorrow_online({ course, time }, { locale });
			}
			const place = notice.place;
			return notice.day === 'today'
				? m.course_notice_meets_today({ course, time, place }, { locale })
				: m.course_notice_meets_tomorrow({ course, time, place }, { locale });
		}
		case 'cancelled':
			return m.course_notice_cancelled({ course }, { locale });
		case 'changed':
			return m.course_notice_changed({ course }, { locale });
		case 'rate':
			return m.course_notice_rate({ course }, { locale });
		case 'follow_up':
			return notice.afterMonths === 3
				? m.course_notice_follow_up_3({ course }, { locale })
				: m.course_notice_follow_up_12({ course }, { locale });
	}
}
