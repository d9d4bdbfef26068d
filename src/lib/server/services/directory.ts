import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Country } from '$lib/schemas/help';
import type { ServiceInput } from '$lib/schemas/service';
import type { Actor } from '../access/actor';
import { countryForAccount } from '../accounts';
import { can, type ServiceResource } from '../access/policy';
import { requireAccess } from '../access/require';
import type { Clock } from '../clock';
import type { DB, ServiceKind } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { repeatSafe } from '../forms/repeat-safe';
import { loadService, resolveService, type ServiceRef, type ServiceRow } from './service-access';

/*
 * The one directory of services: coordinators keep it, members browse it by country, kind and
 * language, and its crisis entries are what "I need help now" shows. A service is archived, never
 * deleted: ratings and complaints may point at it. Input arrives checked by serviceSchema
 * (src/lib/schemas/service.ts).
 */

export interface ServiceEntry {
	id: string;
	name: string;
	kind: ServiceKind;
	organisation: string;
	country: Country;
	area: string;
	hours: string;
	howToReach: string;
	serves: string;
	note: string;
	crisis: boolean;
	example: boolean;
	archived: boolean;
	/** In the app's order of languages. */
	languages: string[];
}

export interface DirectoryFilter {
	country?: Country | null;
	kind?: ServiceKind | null;
	language?: string | null;
	/** Archived services too: honoured for staff only. */
	archived?: boolean;
}

const LANGUAGE_ORDER = ['en', 'th', 'km', 'lo', 'my', 'vi'];
const byLanguageOrder = (a: string, b: string) =>
	LANGUAGE_ORDER.indexOf(a) - LANGUAGE_ORDER.indexOf(b);

async function withLanguages(db: Kysely<DB>, rows: ServiceRow[]): Promise<ServiceEntry[]> {
	const ids = rows.map((row) => row.id);
	const languages = ids.length
		? await db
				.selectFrom('service_language')
				.select(['service_id', 'language'])
				.where('service_id', 'in', ids)
				.execute()
		: [];
	return rows.map((row) => ({
		...serviceFields(row),
		languages: languages
			.filter((language) => language.service_id === row.id)
			.map((language) => language.language)
			.sort(byLanguageOrder)
	}));
}

/** The directory for anyone signed in, filtered; archived services only for staff who ask. */
export async function listServices(
	db: Kysely<DB>,
	actor: Actor,
	filter: DirectoryFilter = {}
): Promise<ServiceEntry[]> {
	requireAccess(actor, 'service:browse');
	let query = db.selectFrom('service').selectAll('service');
	if (!(filter.archived && can(actor, 'service:manage')))
		query = query.where('archived_at', 'is', null);
	if (filter.country) query = query.where('country', '=', filter.country);
	if (filter.kind) query = query.where('kind', '=', filter.kind);
	if (filter.language) {
		const language = filter.language;
		query = query.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('service_language')
					.select('service_language.service_id')
					.whereRef('service_language.service_id', '=', 'service.id')
					.where('service_language.language', '=', language)
			)
		);
	}
	const rows = await query.orderBy('country').orderBy('name').orderBy('id').execute();
	return withLanguages(db, rows);
}

/**
 * One service, and the reader's relation to it (for what else they may do); an archived one only
 * for staff, anything unknown is a 404.
 */
export async function getService(
	db: Kysely<DB>,
	actor: Actor,
	serviceRef: ServiceRef
): Promise<{ service: ServiceEntry; resource: ServiceResource }> {
	const { service, resource, languages } = await resolveService(db, actor, serviceRef);
	requireAccess(actor, 'service:view', resource);
	// Its languages came with it (loadService).
	const entry = { ...serviceFields(service), languages: [...languages].sort(byLanguageOrder) };
	return { service: entry, resource };
}

/** A crisis entry as "I need help now" shows it: its languages are not read. */
export type CrisisContact = Omit<ServiceEntry, 'languages'>;

/** A service row in the directory's words, without its languages. */
const serviceFields = (row: ServiceRow): CrisisContact => ({
	id: row.id,
	name: row.name,
	kind: row.kind,
	organisation: row.organisation,
	country: row.country,
	area: row.area,
	hours: row.hours,
	howToReach: row.how_to_reach,
	serves: row.serves,
	note: row.note,
	crisis: row.crisis,
	example: row.example,
	archived: row.archived_at !== null
});

/** The country's crisis entries, for "I need help now": in the order coordinators added them. */
export async function listCrisisContacts(
	db: Kysely<DB>,
	actor: Actor,
	country: Country
): Promise<CrisisContact[]> {
	requireAccess(actor, 'service:browse');
	const rows = await db
		.selectFrom('service')
		.selectAll()
		.where('country', '=', country)
		.where('crisis', '=', true)
		.where('archived_at', 'is', null)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map(serviceFields);
}

/**
 * The crisis entries of the country chosen, or (null) of the member's own country (see ownCountry),
 * read together with that country: every current crisis entry comes with it and those of other
 * countries are left out here, as there are only a few in each.
 */
export async function crisisContactsFor(
	db: Kysely<DB>,
	actor: Actor,
	chosen: Country | null,
	pageLocale: string
): Promise<{ country: Country; contacts: CrisisContact[] }> {
	requireAccess(actor, 'service:browse');
	if (chosen !== null)
		return { country: chosen, contacts: await listCrisisContacts(db, actor, chosen) };
	requireAccess(actor, 'account:manage-own');
	const found = await db
		.selectFrom('account')
		.select(['account.country', 'account.locale'])
		.select((eb) =>
			jsonArrayFrom(
				eb
					.selectFrom('service')
					.selectAll('service')
					.where('crisis', '=', true)
					.where('archived_at', 'is', null)
					.orderBy('created_at')
					.orderBy('id')
			).as('contacts')
		)
		.where('account.id', '=', actor.id)
		.executeTakeFirstOrThrow();
	const country = countryForAccount({ country: found.country, locale: found.locale ?? pageLocale });
	const contacts = found.contacts
		// JSON carries the time as text: back to a Date, as the row type says.
		.map((row) => ({ ...row, created_at: new Date(row.created_at), archived_at: null }))
		.filter((row) => row.country === country)
		.map(serviceFields);
	return { country, contacts };
}

const columns = (input: ServiceInput) => ({
	name: input.name.trim(),
	kind: input.kind,
	organisation: input.organisation.trim(),
	country: input.country,
	area: input.area.trim(),
	hours: input.hours.trim(),
	how_to_reach: input.howToReach.trim(),
	serves: input.serves.trim(),
	note: input.note.trim(),
	crisis: input.crisis
});

async function setLanguages(db: Kysely<DB>, serviceId: string, languages: readonly string[]) {
	await db.deleteFrom('service_language').where('service_id', '=', serviceId).execute();
	await db
		.insertInto('service_language')
		.values([...new Set(languages)].map((language) => ({ service_id: serviceId, language })))
		.execute();
}

/**
 * Adds a service. The same form sent again (its `formKey`) adds no second one and gets the first
 * one's id. Throws FormKeyExpiredError for a key past its lifetime. `example` marks the demo's
 * entries, which say they are examples.
 */
export async function addService(
	db: Kysely<DB>,
	actor: Actor,
	input: ServiceInput,
	clock: Clock,
	options: { example?: boolean } = {}
): Promise<{ id: string }> {
	requireAccess(actor, 'service:manage');
	const now = clock();
	const { result } = await inTransaction(db, (trx) =>
		repeatSafe(trx, { scope: 'service', key: input.formKey, now }, async () => {
			const row = await trx
				.insertInto('service')
				.values({ ...columns(input), example: options.example ?? false, created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await setLanguages(trx, row.id, input.languages);
			return { id: row.id };
		})
	);
	return result;
}

/** Changes a service (an archived one too); one that is not there is a 404. */
export async function updateService(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown,
	input: ServiceInput
): Promise<void> {
	await inTransaction(db, async (trx) => {
		requireAccess(actor, 'service:manage');
		const { service } = await loadService(trx, actor, id, { lock: true });
		await trx.updateTable('service').set(columns(input)).where('id', '=', service.id).execute();
		await setLanguages(trx, service.id, input.languages);
	});
}

/**
 * Archives a service: members no longer find it, its ratings and complaints stay. Archiving one
 * already archived (a second tap) finds the work done.
 */
export async function archiveService(
	db: Kysely<DB>,
	actor: Actor,
	id: unknown,
	now: Date
): Promise<void> {
	await inTransaction(db, async (trx) => {
		requireAccess(actor, 'service:manage');
		const { service } = await loadService(trx, actor, id, { lock: true });
		if (service.archived_at !== null) return;
		await trx
			.updateTable('service')
			.set({ archived_at: now })
			.where('id', '=', service.id)
			.execute();
	});
}
