import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../access/actor';
import type { ServiceResource } from '../access/policy';
import { notFound } from '../access/require';
import { isUuid } from '../db/ids';
import type { DB } from '../db/schema';

/** The languages a service is offered in, read with its row (its page shows them). */
const languagesOf = (eb: ExpressionBuilder<DB, 'service'>) =>
	jsonArrayFrom(
		eb
			.selectFrom('service_language')
			.select('service_language.language')
			.whereRef('service_language.service_id', '=', 'service.id')
	).as('languages');

/** The service with its languages, for an actor without an account. */
const selectServiceWithLanguages = (db: Kysely<DB>, serviceId: string, lock: boolean) => {
	const query = db
		.selectFrom('service')
		.selectAll('service')
		.select(languagesOf)
		.where('service.id', '=', serviceId);
	return (lock ? query.forUpdate('service') : query).executeTakeFirst();
};

/** The service and whether the account is on its staff, in one statement. */
const selectServiceForAccount = (
	db: Kysely<DB>,
	serviceId: string,
	accountId: string,
	lock: boolean
) => {
	const query = db
		.selectFrom('service')
		.selectAll('service')
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom('service_staff')
						.select('service_staff.account_id')
						.whereRef('service_staff.service_id', '=', 'service.id')
						.where('service_staff.account_id', '=', accountId)
				)
				.as('staff_of_service')
		)
		.select(languagesOf)
		.where('service.id', '=', serviceId);
	return (lock ? query.forUpdate('service') : query).executeTakeFirst();
};

export type ServiceRow = Selectable<DB['service']>;

export interface ServiceContext {
	service: ServiceRow;
	resource: ServiceResource;
	/** The languages it is offered in, as stored (unordered). */
	languages: readonly string[];
}

/** Whether the account is on the service's own staff (a provider account bound to it). */
export async function isServiceStaff(
	db: Kysely<DB>,
	accountId: string,
	serviceId: string
): Promise<boolean> {
	const row = await db
		.selectFrom('service_staff')
		.select('account_id')
		.where('service_id', '=', serviceId)
		.where('account_id', '=', accountId)
		.executeTakeFirst();
	return Boolean(row);
}

/**
 * A service and the actor's relation to it, for a permission check. A malformed or unknown id is
 * a 404. `lock` takes the service's row for update: every write that counts ratings holds it, so
 * that publications and the one-rating rule see one writer at a time.
 */
export async function loadService(
	db: Kysely<DB>,
	actor: Actor,
	serviceId: unknown,
	options: { lock?: boolean } = {}
): Promise<ServiceContext> {
	if (!isUuid(serviceId)) notFound();
	const lock = options.lock ?? false;
	let service: ServiceRow | undefined;
	let staffOf = false;
	let languages: string[] = [];
	if (actor.kind === 'account') {
		const row = await selectServiceForAccount(db, serviceId, actor.id, lock);
		if (row) {
			const { staff_of_service, languages: offered, ...rest } = row;
			service = rest;
			staffOf = Boolean(staff_of_service);
			languages = offered.map((row) => row.language);
		}
	} else {
		const row = await selectServiceWithLanguages(db, serviceId, lock);
		if (row) {
			const { languages: offered, ...rest } = row;
			service = rest;
			languages = offered.map((row) => row.language);
		}
	}
	if (!service) notFound();
	const context: ServiceContext = Object.freeze({
		service: Object.freeze(service),
		resource: Object.freeze({ archived: service.archived_at !== null, staffOf }),
		languages: Object.freeze(languages)
	});
	madeFor.set(context, actor);
	return context;
}

/** A service by its id, or the context a page already loaded for the same actor. */
export type ServiceRef = unknown;

/** The actor each context was loaded for: a context is only ever one that loadService returned. */
const madeFor = new WeakMap<ServiceContext, Actor>();

/**
 * The context of a service given by id (loaded now) or already loaded by loadService for this
 * very actor, so that a page that reads several things about one service looks it up once. The
 * caller still checks access on what it gets.
 */
export async function resolveService(
	db: Kysely<DB>,
	actor: Actor,
	service: ServiceRef
): Promise<ServiceContext> {
	// Anything not shaped like a context is taken as an id (a malformed one is a 404).
	if (typeof service !== 'object' || service === null || !('resource' in service))
		return loadService(db, actor, service);
	if (madeFor.get(service as ServiceContext) !== actor) {
		throw new Error('a service context can only be used by the actor it was loaded for');
	}
	return service as ServiceContext;
}
