import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Books } from './books';
import { shareOut } from './share-out';

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

/**
 * The share-out the books would give today: the fund is the loan fund's cash in the box and the
 * bank plus every balance owed, divided among everyone who holds shares or owes. Members who
 * joined on the same day get a leftover unit in passbook order. The share-out itself, a leaver's
 * profit and a passbook's projection all read it from here, so they always agree.
 */
export function shareOutOfBooks(books: Books, members: readonly JoinedMember[], cashUnit: bigint) {
	const owedBy = new Map<string, bigint>();
	for (const loan of books.loans) {
		owedBy.set(loan.memberId, (owedBy.get(loan.memberId) ?? 0n) + loan.owed);
	}
	return shareOut({
		loanFundCash: books.cash['loan:box'] + books.cash['loan:bank'],
		cashUnit,
		members: members
			.map((member) => ({
				id: member.id,
				shares: BigInt(books.members.get(member.id)?.shares ?? 0),
				owed: owedBy.get(member.id) ?? 0n,
				joinedAt: new Date(Date.parse(member.joined_on) + member.book_number)
			}))
			.filter((member) => member.shares !== 0n || member.owed !== 0n)
	});
}
