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
import { acceptInvitation, reviewMessage, sendMessage } from '../groups';

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

	it('has help contacts for every country, each marked as an example, with no number made up', async () => {
		const contacts = await db
			.selectFrom('referral_contact')
			.select(['country', 'name', 'how_to_reach', 'note'])
			.execute();
		expect(new Set(contacts.map((contact) => contact.country))).toEqual(new Set(COUNTRIES));
		for (const contact of contacts) {
			expect(contact.name).toMatch(/^Example/);
			expect(contact.note).toMatch(/example/i);
			expect(`${contact.name} ${contact.how_to_reach} ${contact.note}`).not.toMatch(/\p{Nd}/u);
		}
	});
});
