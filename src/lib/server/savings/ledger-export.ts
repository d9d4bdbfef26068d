import type { Kysely } from 'kysely';
import type { Currency } from '$lib/money';
import type { Actor } from '../access/actor';
import { notFound, requireAccess } from '../access/require';
import type { CashPlace, DB, SavingsEntryKind, SavingsFund } from '../db/schema';
import type { CalendarDate } from './calendar-date';
import { loadSavingsGroup } from './savings-group-access';

/*
 * Every ledger entry of one cycle, in the order it was written, for a spreadsheet: the books in
 * full, so only for readers to whom the books are open ('savings:view-all-books'). Entries are
 * numbered from 1 within the cycle; a correction names the line it reverses by that number.
 */

/** A member as a line of the ledger names them: null name once erased ("former member"). */
export interface LedgerMember {
	bookNumber: number;
	name: string | null;
}

export interface LedgerLine {
	/** 1, 2, 3… in the order the entries were written. */
	line: number;
	heldOn: CalendarDate;
	/** The meeting's place in the cycle: 1 for the first (an opening counts as one). */
	meeting: number;
	member: LedgerMember | null;
	kind: SavingsEntryKind;
	fund: SavingsFund;
	place: CashPlace | null;
	cash: bigint;
	owed: bigint;
	shares: number;
	savings: bigint;
	currency: Currency;
	/** The line this entry reverses, when it is a correction. */
	reverses: number | null;
	recordedBy: LedgerMember;
	note: string | null;
}

export interface LedgerExport {
	cycle: { number: number };
	lines: LedgerLine[];
}

/** One cycle's ledger (the latest unless `cycleNumber` names another); a 404 for anyone else. */
export async function readLedgerExport(
	db: Kysely<DB>,
	actor: Actor,
	groupId: unknown,
	cycleNumber?: number
): Promise<LedgerExport> {
	const context = await loadSavingsGroup(db, actor, groupId);
	requireAccess(actor, 'savings:view-all-books', context.resource);
	const query = db
		.selectFrom('savings_cycle')
		.select(['id', 'number'])
		.where('group_id', '=', context.group.id);
	const cycle = await (
		cycleNumber === undefined
			? query.orderBy('number', 'desc').limit(1)
			: query.where('number', '=', cycleNumber)
	).executeTakeFirst();
	if (!cycle) notFound();

	const [members, meetings, entries] = await Promise.all([
		db
			.selectFrom('savings_member')
			.select(['id', 'book_number', 'name'])
			.where('group_id', '=', context.group.id)
			.execute(),
		db
			.selectFrom('savings_meeting')
			.select(['id', 'held_on'])
			.where('cycle_id', '=', cycle.id)
			.orderBy('held_on')
			.orderBy('recorded_at')
			.execute(),
		db
			.selectFrom('savings_entry')
			.select([
				'id',
				'meeting_id',
				'member_id',
				'kind',
				'fund',
				'place',
				'cash',
				'owed',
				'shares',
				'savings',
				'currency',
				'reverses',
				'recorded_by',
				'note'
			])
			.where('cycle_id', '=', cycle.id)
			.orderBy('seq')
			.execute()
	]);
	const memberOf = new Map(
		members.map((m) => [m.id, { bookNumber: m.book_number, name: m.name } as LedgerMember])
	);
	const meetingOf = new Map(
		meetings.map((m, index) => [m.id, { heldOn: m.held_on, number: index + 1 }])
	);
	const lineOf = new Map(entries.map((entry, index) => [entry.id, index + 1]));
	return {
		cycle: { number: cycle.number },
		lines: entries.map((entry, index) => {
			const meeting = meetingOf.get(entry.meeting_id)!;
			return {
				line: index + 1,
				heldOn: meeting.heldOn,
				meeting: meeting.number,
				member: entry.member_id ? memberOf.get(entry.member_id)! : null,
				kind: entry.kind,
				fund: entry.fund,
				place: entry.place,
				cash: entry.cash,
				owed: entry.owed,
				shares: entry.shares,
				savings: entry.savings,
				currency: entry.currency,
				reverses: entry.reverses ? (lineOf.get(entry.reverses) ?? null) : null,
				recordedBy: memberOf.get(entry.recorded_by)!,
				note: entry.note
			};
		})
	};
}
