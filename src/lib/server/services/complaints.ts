import { sql, type Kysely } from 'kysely';
import * as v from 'valibot';
import { pseudonymKey } from '$lib/accounts/pseudonym-rules';
import { m } from '$lib/paraglide/messages';
import {
	complaintSchema,
	complaintStepSchema,
	isSensitiveKind,
	NO_SERVICE,
	recordComplaintSchema,
	type ComplaintInput,
	type ComplaintKind,
	type ComplaintStatus
} from '$lib/schemas/complaint';
import { isStaff, type Actor } from '../access/actor';
import { can, type ComplaintResource } from '../access/policy';
import { notFound, requireAccess } from '../access/require';
import type { Clock } from '../clock';
import { isUuid } from '../db/ids';
import type { Country, DB, ServiceKind } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { isAcknowledgementOverdue, nextStepBy } from './complaint-timelines';
import { isFocalPoint } from './focal-points';
import { isServiceStaff, loadService } from './service-access';

/*
 * Complaints: a confidential channel with a life cycle the member follows. Each step (the status it
 * moved to, a message, who took it, when to expect the next) is a complaint_step row; the first,
 * 'received', is written when the complaint is filed. A complaint of abuse by a service's staff is
 * sensitive: only coordinators named as focal points open it, and never the service.
 */

/** The moves a coordinator may make from each status. Staying at a status adds a message. */
export const ALLOWED_MOVES: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> =
	Object.freeze({
		received: ['acknowledged'],
		acknowledged: ['acknowledged', 'looking_into', 'resolved'],
		looking_into: ['looking_into', 'resolved'],
		// The member says the answer did not settle it: it is looked into again.
		resolved: ['looking_into', 'closed'],
		closed: []
	});

export type ComplaintFields = Partial<
	Record<'service' | 'kind' | 'whatHappened' | 'member' | 'agreed' | 'status' | 'message', string>
>;

/** The fields refused, each with its first message, in the sender's language. */
function refusedFields(issues: v.BaseIssue<unknown>[]): ComplaintFields {
	const fields: ComplaintFields = {};
	for (const issue of issues) {
		const key = v.getDotPath(issue) as keyof ComplaintFields | null;
		if (key && !fields[key]) fields[key] = issue.message;
	}
	return fields;
}

const selectComplaint = (db: Kysely<DB>, id: string, lock: boolean) => {
	const query = db.selectFrom('complaint').selectAll().where('id', '=', id);
	return (lock ? query.forUpdate() : query).executeTakeFirst();
};

type ComplaintRow = NonNullable<Awaited<ReturnType<typeof selectComplaint>>>;

/** The actor's relation to a complaint, for a permission check. */
async function complaintResource(
	db: Kysely<DB>,
	actor: Actor,
	complaint: ComplaintRow
): Promise<ComplaintResource> {
	if (actor.kind !== 'account')
		return {
			own: false,
			sensitive: complaint.sensitive,
			toldToActorsService: false,
			focalPoint: false
		};
	const told =
		complaint.tell_service &&
		complaint.service_id !== null &&
		(await isServiceStaff(db, actor.id, complaint.service_id));
	return {
		own: complaint.account_id === actor.id,
		sensitive: complaint.sensitive,
		toldToActorsService: told,
		focalPoint: isStaff(actor) && (await isFocalPoint(db, actor.id))
	};
}

/** A complaint and the actor's relation to it. A malformed or unknown id is a 404. */
async function loadComplaint(db: Kysely<DB>, actor: Actor, id: unknown, lock = false) {
	if (!isUuid(id)) notFound();
	const complaint = await selectComplaint(db, id, lock);
	if (!complaint) notFound();
	return { complaint, resource: await complaintResource(db, actor, complaint) };
}

/** The service a complaint is about: null for "not about one service"; undefined if refused. */
async function serviceToComplainAbout(
	db: Kysely<DB>,
	actor: Actor,
	service: string
): Promise<string | null | undefined> {
	if (service === NO_SERVICE) return null;
	if (!isUuid(service)) return undefined;
	const exists = await db
		.selectFrom('service')
		.select('id')
		.where('id', '=', service)
		.executeTakeFirst();
	if (!exists) return undefined;
	const { resource } = await loadService(db, actor, service);
	return can(actor, 'service:complain', resource) ? service : undefined;
}

type Filed = { ok: true; id: string } | { ok: false; fields: ComplaintFields };

/** The complaint as the form gave it, filed as the member's own (`recordedBy`: the coordinator). */
async function insertComplaint(
	db: Kysely<DB>,
	form: ComplaintInput,
	filed: { accountId: string; serviceId: string | null; recordedBy: string | null },
	now: Date
): Promise<string> {
	const sensitive = isSensitiveKind(form.kind);
	const next = nextStepBy(form.kind, 'received', now)!;
	const { id } = await db
		.insertInto('complaint')
		.values({
			account_id: filed.accountId,
			service_id: filed.serviceId,
			kind: form.kind,
			sensitive,
			what_happened: form.whatHappened,
			answer_in_app: form.answerInApp === 'yes',
			// Never for a sensitive complaint, and only when it is about a service.
			tell_service: form.tellService === 'yes' && !sensitive && filed.serviceId !== null,
			may_refer: form.mayRefer === 'yes',
			status: 'received',
			next_step_by: next,
			recorded_by: filed.recordedBy,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('complaint_step')
		.values({
			complaint_id: id,
			status: 'received',
			message: '',
			author_id: filed.recordedBy,
			next_step_by: next,
			created_at: now
		})
		.execute();
	return id;
}

/**
 * A member files a complaint of their own. The same form sent again (its `formKey`) files nothing
 * more and gets the first one's id. Bad input is refused field by field and changes nothing.
 * Throws FormKeyExpiredError for a key past its lifetime.
 */
export async function fileComplaint(
	db: Kysely<DB>,
	actor: Actor,
	input: unknown,
	clock: Clock
): Promise<Filed> {
	requireAccess(actor, 'service:browse');
	const parsed = v.safeParse(complaintSchema, input);
	if (!parsed.success) return { ok: false, fields: refusedFields(parsed.issues) };
	const data = parsed.output;
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'complaint', key: data.formKey, now }, async (): Promise<Filed> => {
			const serviceId = await serviceToComplainAbout(trx, actor, data.service);
			if (serviceId === undefined)
				return { ok: false, fields: { service: m.complaint_service_unknown() } } as const;
			const id = await insertComplaint(
				trx,
				data,
				{ accountId: actor.id, serviceId, recordedBy: null },
				now
			);
			return { ok: true, id };
		})
	);
	return result;
}

/**
 * A coordinator writes a complaint down for a member who asked them to, found by the member's
 * sign-in nickname, once the member agreed (the checkbox). It is the member's own from then on.
 */
export async function recordComplaintForMember(
	db: Kysely<DB>,
	actor: Actor,
	input: unknown,
	clock: Clock
): Promise<Filed> {
	requireAccess(actor, 'complaint:record-for-member');
	const parsed = v.safeParse(recordComplaintSchema, input);
	if (!parsed.success) return { ok: false, fields: refusedFields(parsed.issues) };
	const data = parsed.output;
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(
			trx,
			{ scope: 'complaint-recorded', key: data.formKey, now },
			async (): Promise<Filed> => {
				const member = await trx
					.selectFrom('account')
					.select('id')
					.where('pseudonym_key', '=', pseudonymKey(data.member.trim()))
					.executeTakeFirst();
				if (!member)
					return { ok: false, fields: { member: m.complaint_member_unknown() } } as const;
				const serviceId = await serviceToComplainAbout(trx, actor, data.service);
				if (serviceId === undefined)
					return { ok: false, fields: { service: m.complaint_service_unknown() } } as const;
				const id = await insertComplaint(
					trx,
					data,
					{ accountId: member.id, serviceId, recordedBy: actor.id },
					now
				);
				return { ok: true, id };
			}
		)
	);
	return result;
}

export interface ComplaintSummary {
	id: string;
	kind: ComplaintKind;
	sensitive: boolean;
	serviceName: string | null;
	status: ComplaintStatus;
	createdAt: Date;
	/** Null once closed. */
	nextStepBy: Date | null;
	/** Not acknowledged within 24 hours of filing. */
	overdue: boolean;
}

const summaries = (db: Kysely<DB>) =>
	db
		.selectFrom('complaint as c')
		.leftJoin('service as s', 's.id', 'c.service_id')
		.select([
			'c.id',
			'c.kind',
			'c.sensitive',
			's.name as serviceName',
			'c.status',
			'c.created_at as createdAt',
			'c.next_step_by as nextStepBy'
		]);

const summaryOf =
	(now: Date) =>
	(row: {
		id: string;
		kind: ComplaintKind;
		sensitive: boolean;
		serviceName: string | null;
		status: ComplaintStatus;
		createdAt: Date;
		nextStepBy: Date;
	}): ComplaintSummary => ({
		...row,
		nextStepBy: row.status === 'closed' ? null : row.nextStepBy,
		overdue: isAcknowledgementOverdue(row.status, row.createdAt, now)
	});

/** The member's own complaints (those a coordinator recorded for them too), newest first. */
export async function listOwnComplaints(
	db: Kysely<DB>,
	actor: Actor,
	now: Date
): Promise<ComplaintSummary[]> {
	requireAccess(actor, 'service:browse');
	const rows = await summaries(db)
		.where('c.account_id', '=', actor.id)
		.orderBy('c.created_at', 'desc')
		.orderBy('c.id')
		.execute();
	return rows.map(summaryOf(now));
}

/** How many complaints the staff list shows at most: open ones and the overdue come first. */
const STAFF_LIST_LIMIT = 200;

/**
 * Every complaint, for coordinators: open ones first, overdue acknowledgements first among them.
 * Sensitive complaints are listed only for focal points; anyone else gets how many are open.
 */
export async function listAllComplaints(
	db: Kysely<DB>,
	actor: Actor,
	now: Date
): Promise<{ complaints: ComplaintSummary[]; sensitiveOpenUnlisted: number }> {
	requireAccess(actor, 'complaint:list-all');
	const focal = await isFocalPoint(db, actor.id);
	const overdueBefore = new Date(now.getTime() - 24 * 60 * 60_000);
	let query = summaries(db);
	if (!focal) query = query.where('c.sensitive', '=', false);
	const rows = await query
		.orderBy(sql`c.status = 'closed'`)
		.orderBy(sql`c.status = 'received' and c.created_at < ${overdueBefore}`, 'desc')
		.orderBy('c.created_at', 'desc')
		.orderBy('c.id')
		.limit(STAFF_LIST_LIMIT)
		.execute();
	let sensitiveOpenUnlisted = 0;
	if (!focal) {
		const { count } = await db
			.selectFrom('complaint')
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.where('sensitive', '=', true)
			.where('status', '!=', 'closed')
			.executeTakeFirstOrThrow();
		sensitiveOpenUnlisted = Number(count);
	}
	return { complaints: rows.map(summaryOf(now)), sensitiveOpenUnlisted };
}

export interface ComplaintStepView {
	status: ComplaintStatus;
	/** Null when the member asked not to be answered in the app (and for the service's view). */
	message: string | null;
	/** Whether a coordinator took this step (the first, 'received', is the member's own). */
	byStaff: boolean;
	/** The sign-in nickname of whoever took it: only for coordinators. */
	authorNickname: string | null;
	nextStepBy: Date | null;
	at: Date;
}

export interface ComplaintView {
	id: string;
	/** How the actor sees it: as its member, as staff handling it, or as the service told of it. */
	viewer: 'member' | 'staff' | 'service';
	kind: ComplaintKind;
	sensitive: boolean;
	serviceId: string | null;
	serviceName: string | null;
	status: ComplaintStatus;
	createdAt: Date;
	nextStepBy: Date | null;
	overdue: boolean;
	whatHappened: string;
	answerInApp: boolean;
	tellService: boolean;
	mayRefer: boolean;
	/** A coordinator wrote it down at the member's request. */
	recordedForMember: boolean;
	/** Whether someone on the staff is handling it. */
	handled: boolean;
	/** For staff: the member's and the handler's sign-in nicknames. */
	memberNickname: string | null;
	handlerNickname: string | null;
	steps: ComplaintStepView[];
	/** The statuses the actor may move it to now (empty for anyone who may not handle it). */
	moves: ComplaintStatus[];
}

/**
 * One complaint and its history, as the actor may see it: its member sees every step, with the
 * messages unless they asked not to be answered in the app; staff (focal points for a sensitive
 * one) see everything; the service, told with the member's consent, sees what happened and the
 * statuses, never who complained.
 */
export async function readComplaint(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown,
	now: Date
): Promise<ComplaintView> {
	const { complaint, resource } = await loadComplaint(db, actor, id);
	requireAccess(actor, 'complaint:view', resource);
	const handles = can(actor, 'complaint:handle', resource);
	const viewer = resource.own ? 'member' : handles ? 'staff' : 'service';
	const [service, steps, names] = await Promise.all([
		complaint.service_id
			? db
					.selectFrom('service')
					.select('name')
					.where('id', '=', complaint.service_id)
					.executeTakeFirst()
			: undefined,
		db
			.selectFrom('complaint_step as s')
			.leftJoin('account as a', 'a.id', 's.author_id')
			.select([
				's.status',
				's.message',
				's.author_id',
				'a.pseudonym as author',
				's.next_step_by',
				's.created_at'
			])
			.where('s.complaint_id', '=', complaint.id)
			.orderBy('s.created_at')
			// Steps taken in the same instant, in the order the life cycle goes.
			.orderBy(
				sql`array_position(array['received', 'acknowledged', 'looking_into', 'resolved', 'closed'], s.status)`
			)
			.orderBy('s.id')
			.execute(),
		handles
			? db
					.selectFrom('account')
					.select(['id', 'pseudonym'])
					.where('id', 'in', [complaint.account_id, complaint.handler_id ?? complaint.account_id])
					.execute()
			: []
	]);
	const nickname = (accountId: string | null) =>
		names.find((row) => row.id === accountId)?.pseudonym ?? null;
	const showMessages = handles || (resource.own && complaint.answer_in_app);
	return {
		id: complaint.id,
		viewer,
		kind: complaint.kind,
		sensitive: complaint.sensitive,
		serviceId: complaint.service_id,
		serviceName: service?.name ?? null,
		status: complaint.status,
		createdAt: complaint.created_at,
		nextStepBy: complaint.status === 'closed' ? null : complaint.next_step_by,
		overdue: isAcknowledgementOverdue(complaint.status, complaint.created_at, now),
		whatHappened: complaint.what_happened,
		answerInApp: complaint.answer_in_app,
		tellService: complaint.tell_service,
		mayRefer: complaint.may_refer,
		recordedForMember: complaint.recorded_by !== null,
		handled: complaint.handler_id !== null,
		memberNickname: handles ? nickname(complaint.account_id) : null,
		handlerNickname: handles ? nickname(complaint.handler_id) : null,
		steps: steps.map((step) => ({
			status: step.status,
			message: showMessages && step.message !== '' ? step.message : null,
			// Only filing writes 'received': no move goes back to it.
			byStaff: step.status !== 'received',
			authorNickname: handles ? step.author : null,
			nextStepBy: step.next_step_by,
			at: step.created_at
		})),
		moves: handles ? [...ALLOWED_MOVES[complaint.status]] : []
	};
}

type Stepped =
	| { ok: true }
	| { ok: false; problem: 'move_not_allowed' }
	| { ok: false; problem: 'invalid'; fields: ComplaintFields };

/**
 * A coordinator (a focal point, for a sensitive complaint) takes a step: moves the complaint on,
 * or adds a message at the same status, and becomes the one handling it. The next-step-by date
 * follows the published timeline for the complaint's kind. A resend of the same form takes no
 * second step. Throws FormKeyExpiredError for a key past its lifetime.
 */
export async function takeComplaintStep(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown,
	input: unknown,
	clock: Clock
): Promise<Stepped> {
	{
		const { resource } = await loadComplaint(db, actor, id);
		requireAccess(actor, 'complaint:handle', resource);
	}
	const parsed = v.safeParse(complaintStepSchema, input);
	if (!parsed.success)
		return { ok: false, problem: 'invalid', fields: refusedFields(parsed.issues) };
	const data = parsed.output;
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(
			trx,
			{ scope: 'complaint-step', key: data.formKey, now },
			async (): Promise<Stepped> => {
				const { complaint, resource } = await loadComplaint(trx, actor, id, true);
				requireAccess(actor, 'complaint:handle', resource);
				if (!ALLOWED_MOVES[complaint.status].includes(data.status))
					return { ok: false, problem: 'move_not_allowed' } as const;
				const next = nextStepBy(complaint.kind, data.status, now);
				await trx
					.insertInto('complaint_step')
					.values({
						complaint_id: complaint.id,
						status: data.status,
						message: data.message,
						author_id: actor.id,
						next_step_by: next,
						created_at: now
					})
					.execute();
				await trx
					.updateTable('complaint')
					.set({
						status: data.status,
						handler_id: actor.id,
						// Closed: no next step; the date stays as it was and is not shown.
						next_step_by: next ?? complaint.next_step_by,
						acknowledged_at: complaint.acknowledged_at ?? now,
						updated_at: now
					})
					.where('id', '=', complaint.id)
					.execute();
				return { ok: true } as const;
			}
		)
	);
	return result;
}

export interface ComplaintToldToService {
	id: string;
	kind: ComplaintKind;
	status: ComplaintStatus;
	whatHappened: string;
	createdAt: Date;
}

/**
 * The complaints about one service whose members agreed the service be told, for the provider's
 * page: never a sensitive one, never who complained.
 */
export async function listComplaintsToldToService(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown
): Promise<ComplaintToldToService[]> {
	const { service, resource } = await loadService(db, actor, serviceId);
	requireAccess(actor, 'service:provider-view', resource);
	return db
		.selectFrom('complaint')
		.select(['id', 'kind', 'status', 'what_happened as whatHappened', 'created_at as createdAt'])
		.where('service_id', '=', service.id)
		.where('tell_service', '=', true)
		.where('sensitive', '=', false)
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.execute();
}

export interface SupportService {
	id: string;
	name: string;
	kind: ServiceKind;
	howToReach: string;
	hours: string;
	example: boolean;
}

/**
 * Where a member who complained of abuse by staff can find support besides the investigation:
 * the directory's counselling, legal aid and hotlines in their country.
 */
export async function listSupportServices(
	db: Kysely<DB>,
	actor: Actor,
	country: Country
): Promise<SupportService[]> {
	requireAccess(actor, 'service:browse');
	return db
		.selectFrom('service')
		.select(['id', 'name', 'kind', 'how_to_reach as howToReach', 'hours', 'example'])
		.where('country', '=', country)
		.where('kind', 'in', ['counselling', 'legal_aid', 'hotline'])
		.where('archived_at', 'is', null)
		.orderBy('crisis', 'desc')
		.orderBy('name')
		.orderBy('id')
		.execute();
}

/** The services one may complain about (not archived), for the form's list: by country, then name. */
export async function listServicesToComplainAbout(
	db: Kysely<DB>,
	actor: Actor
): Promise<Array<{ id: string; name: string; country: Country }>> {
	requireAccess(actor, 'service:browse');
	return db
		.selectFrom('service')
		.select(['id', 'name', 'country'])
		.where('archived_at', 'is', null)
		.orderBy('country')
		.orderBy('name')
		.orderBy('id')
		.execute();
}
