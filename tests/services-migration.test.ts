import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileMigrations, migrateToLatest } from '../src/lib/server/db/migrate';
import { openDatabase } from '../src/lib/server/db/open';
import type { DB } from '../src/lib/server/db/schema';
import { listCrisisContacts } from '../src/lib/server/services/directory';
import { siteActor } from './helpers/actors';

/*
 * Migration 0020 moves the help contacts of 0002 into the service directory: each keeps its id,
 * name, way to reach it, note, country and order, becomes a crisis entry, and speaks its
 * country's language; "I need help now" then shows them from the directory.
 */

let db: Kysely<DB>;
let drop: () => Promise<void>;

/** A new, empty database of the kind this run tests: PGlite in memory, or one on the server. */
async function emptyDatabase(): Promise<{ db: Kysely<DB>; drop: () => Promise<void> }> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const memory = openDatabase({ dataDir: 'memory://' });
		return { db: memory, drop: () => memory.destroy() };
	}
	const name = `circles_services_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
	const options = { poolMax: 1, connectTimeoutMs: 5_000, statementTimeoutMs: 30_000 };
	const server = openDatabase({ url, ...options, onConnectionError: () => {} });
	await sql`create database ${sql.id(name)}`.execute(server);
	const own = openDatabase({
		url: Object.assign(new URL(url), { pathname: `/${name}` }).href,
		...options,
		onConnectionError: () => {}
	});
	return {
		db: own,
		drop: async () => {
			await own.destroy();
			await sql`drop database if exists ${sql.id(name)} with (force)`.execute(server);
			await server.destroy();
		}
	};
}

const CONTACTS = [
	{
		id: '0b9c1f52-5a51-4c55-9d3e-1f2a3b4c5d01',
		country: 'TH',
		name: 'Migrant workers helpline',
		how_to_reach: 'Call the office any day',
		note: 'Speaks Burmese too',
		created_at: new Date('2025-01-02T03:04:05Z')
	},
	{
		id: '0b9c1f52-5a51-4c55-9d3e-1f2a3b4c5d02',
		country: 'KH',
		name: 'Returnee support line',
		how_to_reach: 'Ask at the commune office',
		note: '',
		created_at: new Date('2025-01-03T00:00:00Z')
	},
	{
		id: '0b9c1f52-5a51-4c55-9d3e-1f2a3b4c5d03',
		country: 'TH',
		name: 'Legal aid desk',
		how_to_reach: 'Walk in on weekdays',
		note: 'Free',
		// Entered before the first: it comes first on "I need help now".
		created_at: new Date('2024-12-31T00:00:00Z')
	},
	{
		id: '0b9c1f52-5a51-4c55-9d3e-1f2a3b4c5d04',
		country: 'VN',
		name: 'Hotline',
		how_to_reach: 'Ask the facilitator',
		note: '',
		created_at: new Date('2025-02-01T00:00:00Z')
	}
];

beforeAll(async () => {
	({ db, drop } = await emptyDatabase());
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema as it was
	const then = db as Kysely<any>;
	const migrator = new Migrator({ db: then, provider: fileMigrations });
	const { error } = await migrator.migrateTo('0019_course_feedback');
	if (error) throw error;
	await then.insertInto('referral_contact').values(CONTACTS).execute();
	await migrateToLatest(db);
}, 60_000);

afterAll(async () => {
	await drop?.();
});

describe('the help contacts moving into the directory (0020)', () => {
	it('keeps each contact as a crisis hotline with its id, words, country and time', async () => {
		const services = await db
			.selectFrom('service')
			.select(['id', 'name', 'kind', 'country', 'how_to_reach', 'note', 'crisis', 'example'])
			.select('created_at')
			.where(
				'id',
				'in',
				CONTACTS.map((contact) => contact.id)
			)
			.orderBy('id')
			.execute();
		expect(services).toEqual(
			CONTACTS.map((contact) => ({
				id: contact.id,
				name: contact.name,
				kind: 'hotline',
				country: contact.country,
				how_to_reach: contact.how_to_reach,
				note: contact.note,
				crisis: true,
				example: false,
				created_at: contact.created_at
			}))
		);
	});

	it("gives each its country's language", async () => {
		const languages = await db
			.selectFrom('service_language')
			.select(['service_id', 'language'])
			.orderBy('service_id')
			.execute();
		expect(languages).toEqual([
			{ service_id: CONTACTS[0].id, language: 'th' },
			{ service_id: CONTACTS[1].id, language: 'km' },
			{ service_id: CONTACTS[2].id, language: 'th' },
			{ service_id: CONTACTS[3].id, language: 'vi' }
		]);
	});

	it('shows them on "I need help now" for their country, in the order they were entered', async () => {
		const member = siteActor('member');
		const thai = await listCrisisContacts(db, member, 'TH');
		expect(thai.map((contact) => [contact.id, contact.howToReach, contact.note])).toEqual([
			[CONTACTS[2].id, CONTACTS[2].how_to_reach, CONTACTS[2].note],
			[CONTACTS[0].id, CONTACTS[0].how_to_reach, CONTACTS[0].note]
		]);
		expect((await listCrisisContacts(db, member, 'LA')).length).toBe(0);
	});
});
