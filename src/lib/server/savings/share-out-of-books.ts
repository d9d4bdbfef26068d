import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Books } from './books';
import { chargeGuarantors, shareOut, shortfalls, type Shortfall } from './share-out';

/** A member as the share-out orders them: who joined first gets a leftover unit first. */
export interface JoinedMember {
	id: string;
	joined_on: string;
	book_number: number;
	status: 'active' | 'left';
}

/** Every member of the group (active and left), in passbook order. */
export const selectJoinedMembers = (db: Kysely<DB>, groupId: string): Promise<JoinedMember[]> =>
	db
		.selectFrom('savings_member')
		.select(['id', 'joined_on', 'book_number', 'status'])
		.where('group_id', '=', groupId)
		.orderBy('book_number')
		.execute();

/** A loan's guarantors and whether its shortfall is charged to them. */
export interface LoanGuarantee {
	guarantorIds: string[];
	charged: boolean;
}

/**
 * The guarantors of the cycle's loans, and the decisions that stand (each loan's latest row in
 * savings_guarantee_charge).
 */
export async function selectLoanGuarantees(
	db: Kysely<DB>,
	cycleId: string
): Promise<Map<string, LoanGuarantee>> {
	const [guarantors, decisions] = await Promise.all([
		db
			.selectFrom('savings_loan_guarantor as g')
			.innerJoin('savings_loan as l', 'l.id', 'g.loan_id')
			.innerJoin('savings_meeting as m', 'm.id', 'l.meeting_id')
			.select(['g.loan_id', 'g.member_id'])
			.where('m.cycle_id', '=', cycleId)
			.execute(),
		db
			.selectFrom('savings_guarantee_charge')
			.select(['loan_id', 'charged'])
			.where('cycle_id', '=', cycleId)
			.orderBy('number')
			.execute()
	]);
	const charged = new Map(decisions.map((row) => [row.loan_id, row.charged]));
	const found = new Map<string, LoanGuarantee>();
	for (const row of guarantors) {
		const loan = found.get(row.loan_id) ?? {
			guarantorIds: [],
			charged: charged.get(row.loan_id) ?? false
		};
		loan.guarantorIds.push(row.member_id);
		found.set(row.loan_id, loan);
	}
	return found;
}

/**
 * The share-out the books would give today: the fund is the loan fund's cash in the box and the
 * bank plus every balance owed, divided among everyone who holds shares or owes. Members who
 * joined on the same day get a leftover unit in passbook order. The share-out itself, a leaver's
 * profit and a passbook's projection all read it from here, so they always agree. With the
 * loans' guarantees, the shortfalls of guaranteed loans come with it, and those the group charged
 * to the guarantors are owed by them.
 */
export function shareOutOfBooks(
	books: Books,
	members: readonly JoinedMember[],
	cashUnit: bigint,
	guarantees: ReadonlyMap<string, LoanGuarantee> = new Map()
) {
	const owedBy = new Map<string, bigint>();
	for (const loan of books.loans) {
		owedBy.set(loan.memberId, (owedBy.get(loan.memberId) ?? 0n) + loan.owed);
	}
	const joinedAt = (member: JoinedMember) =>
		new Date(Date.parse(member.joined_on) + member.book_number);
	const result = shareOut({
		loanFundCash: books.cash['loan:box'] + books.cash['loan:bank'],
		cashUnit,
		members: members
			.map((member) => ({
				id: member.id,
				shares: BigInt(books.members.get(member.id)?.shares ?? 0),
				owed: owedBy.get(member.id) ?? 0n,
				joinedAt: joinedAt(member)
			}))
			.filter((member) => member.shares !== 0n || member.owed !== 0n)
	});
	if (!result.ok) return result;
	const byId = new Map(members.map((member) => [member.id, member]));
	const found: Shortfall[] = shortfalls(
		result.shareOut.payouts,
		books.loans.map((loan) => {
			const guarantee = guarantees.get(loan.id);
			return {
				id: loan.id,
				borrowerId: loan.memberId,
				owed: loan.owed,
				charged: guarantee?.charged ?? false,
				guarantors: (guarantee?.guarantorIds ?? []).flatMap((id) => {
					const member = byId.get(id);
					return member ? [{ id, joinedAt: joinedAt(member) }] : [];
				})
			};
		})
	);
	return {
		ok: true as const,
		shareOut: chargeGuarantors(result.shareOut, found),
		shortfalls: found
	};
}
