import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../../../../tests/helpers/clock';
import { openTestDatabase } from '../../../../tests/helpers/database';
import { createGroupMember, createTestGroup } from '../../../../tests/helpers/groups';
import type { DB } from '../db/schema';
import { sendMessage } from '../groups/messages';
import { jsonDownload } from '../json-download';
import { exportOwnData } from './own-data';

let db: Kysely<DB>;
beforeAll(async () => {
	db = await openTestDatabase();
});
afterAll(async () => {
	await db.destroy();
});

describe('the download of my data', () => {
	it('holds each of my messages with its place in the circle, written exactly as a string', async () => {
		const group = await createTestGroup(db);
		// Far beyond 2^53, where a float would round it.
		await db
			.updateTable('peer_group')
			.set({ last_seq: 9_007_199_254_740_992n })
			.where('id', '=', group.id)
			.execute();
		const me = await createGroupMember(db, group.id);
		const sent = await sendMessage(
			db,
			me,
			{ groupId: group.id, clientId: crypto.randomUUID(), body: 'my own words' },
			fakeClock()
		);
		expect(sent).toMatchObject({ ok: true });

		const data = await exportOwnData(db, me);
		expect(data.messages).toMatchObject([{ seq: 9_007_199_254_740_993n, body: 'my own words' }]);

		const response = jsonDownload(data, 'my-data.json');
		expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const file = await response.json();
		expect(file.messages).toMatchObject([{ seq: '9007199254740993', body: 'my own words' }]);
	});
});
