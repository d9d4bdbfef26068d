import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor';
import { can } from '../access/policy';
import { requireAccess } from '../access/require';
import type { CourseState, DB } from '../db/schema';
import { loadCourse, type CourseRow } from './course-access';

/*
 * What the pages that write a course read: the course and its sessions for its form, the lists its
 * form chooses from, and its trainers. Each function asks first whether the actor may: anyone else
 * gets the 404 that says nothing about whether the course exists.
 */

export interface CourseForEditing {
	course: CourseRow;
	/** In the order they are held. */
	sessions: Array<{ starts_at: Date; ends_at: Date }>;
	may: {
		/** Coordinators only: trainers look after their course but do not end it. */
		cancel: boolean;
		assignTrainers: boolean;
		/**
		 * Choosing the course to take first and who gets seats first: from lists of every course,
		 * circle and savings group, which staff only may see.
		 */
		chooseLinks: boolean;
	};
}

/** A course for its form: coordinators, and the course's own trainers. */
export async function readCourseForEditing(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown
): Promise<CourseForEditing> {
	const context = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:edit', context.resource);
	const sessions = await db
		.selectFrom('course_session')
		.select(['starts_at', 'ends_at'])
		.where('course_id', '=', context.course.id)
		.orderBy('starts_at')
		.execute();
	return {
		course: context.course,
		sessions,
		may: {
			cancel: can(actor, 'course:cancel', context.resource),
			assignTrainers: can(actor, 'course:assign-trainers', context.resource),
			chooseLinks: mayChooseLinks(actor)
		}
	};
}

const mayChooseLinks = (actor: Actor) =>
	can(actor, 'course:list-all') && can(actor, 'group:list-all');

export interface CourseChoices {
	/** Courses that may be asked for first, by title: not this one, nor a cancelled one. */
	courses: Array<{ id: string; title: string; state: CourseState; firstSessionAt: Date | null }>;
	circles: Array<{ id: string; name: string }>;
	savingsGroups: Array<{ id: string; name: string }>;
}

/**
 * The lists a coordinator chooses a course's links from: every other course that is not
 * cancelled (the one already chosen stays, even cancelled, so that saving keeps it), every circle
 * and every savings group. Staff only.
 */
export async function readCourseChoices(
	db: Kysely<DB>,
	actor: Actor,
	options: { exceptCourseId?: string | null; keepCourseId?: string | null } = {}
): Promise<CourseChoices> {
	requireAccess(actor, 'course:list-all');
	requireAccess(actor, 'group:list-all');
	const { exceptCourseId = null, keepCourseId = null } = options;
	let courses = db
		.selectFrom('course as c')
		.select([
			'c.id',
			'c.title',
			'c.state',
			(eb) =>
				eb
					.selectFrom('course_session as s')
					.select((s) => s.fn.min('s.starts_at').as('first'))
					.whereRef('s.course_id', '=', 'c.id')
					.as('first_at')
		])
		.where((eb) =>
			keepCourseId
				? eb.or([eb('c.state', '<>', 'cancelled'), eb('c.id', '=', keepCourseId)])
				: eb('c.state', '<>', 'cancelled')
		);
	if (exceptCourseId) courses = courses.where('c.id', '<>', exceptCourseId);
	const [courseRows, circles, savingsGroups] = await Promise.all([
		courses.orderBy('c.title').orderBy('first_at').orderBy('c.id').execute(),
		db.selectFrom('peer_group').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
		db.selectFrom('savings_group').select(['id', 'name']).orderBy('name').orderBy('id').execute()
	]);
	return {
		courses: courseRows.map((row) => ({
			id: row.id,
			title: row.title,
			state: row.state,
			firstSessionAt: row.first_at ? new Date(row.first_at as Date) : null
		})),
		circles,
		savingsGroups
	};
}

export interface CourseTrainers {
	course: { id: string; title: string; state: CourseState };
	/** By sign-in nickname, which staff know and members never see. */
	trainers: Array<{ accountId: string; pseudonym: string }>;
}

/** A course's trainers, for the coordinators who name and remove them. */
export async function readCourseTrainers(
	db: Kysely<DB>,
	actor: Actor,
	courseId: unknown
): Promise<CourseTrainers> {
	const context = await loadCourse(db, actor, courseId);
	requireAccess(actor, 'course:assign-trainers', context.resource);
	const trainers = await db
		.selectFrom('course_trainer as t')
		.innerJoin('account as a', 'a.id', 't.account_id')
		.select(['a.id as accountId', 'a.pseudonym'])
		.where('t.course_id', '=', context.course.id)
		.orderBy('a.pseudonym')
		.orderBy('a.id')
		.execute();
	const { id, title, state } = context.course;
	return { course: { id, title, state }, trainers };
}
