import { decimalString } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { csvDownload } from '$lib/server/csv-download';
import { getDb } from '$lib/server/db';
import { readLedgerExport } from '$lib/server/savings/ledger-export';
import { cycleParam } from '../share-out/cycle-param';
import type { RequestHandler } from './$types';

/**
 * Every ledger entry of a cycle (the latest, or `?cycle=N`), for a spreadsheet: headings in the
 * reader's language, values as machines read them (amounts as plain decimals, kinds as codes).
 * Only for readers to whom the books are open; a 404 for anyone else.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const { cycle, lines } = await readLedgerExport(
		getDb(),
		locals.actor,
		params.id,
		cycleParam(url)
	);
	const name = (member: { name: string | null }) => member.name ?? m.savings_csv_former_member();
	const rows = [
		[
			m.savings_csv_line(),
			m.savings_csv_date(),
			m.savings_csv_meeting(),
			m.savings_csv_book_number(),
			m.savings_csv_member(),
			m.savings_csv_kind(),
			m.savings_csv_fund(),
			m.savings_csv_place(),
			m.savings_csv_cash(),
			m.savings_csv_owed(),
			m.savings_csv_shares(),
			m.savings_csv_savings(),
			m.savings_csv_currency(),
			m.savings_csv_reverses(),
			m.savings_csv_recorded_by_book(),
			m.savings_csv_recorded_by(),
			m.savings_csv_note()
		],
		...lines.map((line) => {
			const amount = (value: bigint) => decimalString({ amount: value, currency: line.currency });
			return [
				line.line,
				line.heldOn,
				line.meeting,
				line.member?.bookNumber,
				line.member && name(line.member),
				line.kind,
				line.fund,
				line.place,
				amount(line.cash),
				amount(line.owed),
				line.shares,
				amount(line.savings),
				line.currency,
				line.reverses,
				line.recordedBy.bookNumber,
				name(line.recordedBy),
				line.note
			];
		})
	];
	return csvDownload(rows, `ledger-cycle-${cycle.number}.csv`);
};
