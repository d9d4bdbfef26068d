import { decimalString } from '$lib/money';
import { m } from '$lib/paraglide/messages';
import { requireSignedIn } from '$lib/server/access/require';
import { csvDownload } from '$lib/server/csv-download';
import { getDb } from '$lib/server/db';
import { readCycleShareOut } from '$lib/server/savings/cycle-share-out';
import { cycleParam } from '../share-out/cycle-param';
import { payoutLines } from '../share-out/share-out-view';
import type { RequestHandler } from './$types';

/**
 * The payouts of a cycle's share-out (the latest, or `?cycle=N`), one line per member, as the
 * share-out page shows them: for anyone who may see the group, each line the reader may see
 * (every member's where the books are open to them, their own otherwise).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireSignedIn(locals.actor, url);
	const read = await readCycleShareOut(getDb(), locals.actor, params.id, cycleParam(url));
	const { currency } = read.cycle;
	const amount = (value: bigint) => decimalString({ amount: value, currency });
	const rows = [
		[
			m.savings_csv_book_number(),
			m.savings_csv_member(),
			m.savings_csv_shares(),
			m.savings_csv_gross(),
			m.savings_csv_rounded_up(),
			m.savings_csv_loan_deducted(),
			m.savings_csv_social_fund(),
			m.savings_csv_net(),
			m.savings_csv_paid(),
			m.savings_csv_currency()
		],
		...payoutLines(read).map((line) => [
			line.member.bookNumber,
			line.member.name ?? m.savings_csv_former_member(),
			line.shares,
			amount(line.gross),
			line.roundedUp ? 1 : 0,
			amount(line.owed),
			amount(line.social),
			amount(line.net),
			line.paid === null ? null : amount(line.paid),
			currency
		])
	];
	return csvDownload(rows, `share-out-cycle-${read.cycle.number}.csv`);
};
