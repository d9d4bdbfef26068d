/*
 * The share-out at the end of a cycle. The fund is the loan fund's cash plus every balance still
 * owed (a borrower's balance comes off their own payout). Each member's payout is their shares
 * times the value of a share, in whole cash units (the smallest note the group hands out): each
 * gets the floor first, then the units left over go one each to the largest remainders, ties to
 * whoever joined first. The payouts then add up exactly to the fund's whole cash units; what is
 * less than one unit stays in the box as a labelled amount, never lost or invented.
 */

export interface ShareOutMember {
	id: string;
	shares: bigint;
	/** What they still owe on loans, in minor units: deducted from their payout. */
	owed: bigint;
	/** Breaks ties for a leftover unit: the earlier joiner gets it. */
	joinedAt: Date;
}

export interface Payout {
	id: string;
	shares: bigint;
	/** Shares x value, in whole cash units (minor units). */
	gross: bigint;
	owed: bigint;
	/** Cash handed over: gross minus owed. Negative when the loan is larger than the payout. */
	net: bigint;
	/** Whether one of the leftover units went to this member. */
	roundedUp: boolean;
}

export interface ShareOut {
	loanFundCash: bigint;
	owed: bigint;
	/** Loan-fund cash plus every balance owed. */
	fund: bigint;
	totalShares: bigint;
	cashUnit: bigint;
	/** The fund in whole cash units, which the payouts add up to exactly. */
	distributed: bigint;
	/** Less than one cash unit: stays in the box, carried to the next cycle. */
	remainder: bigint;
	payouts: Payout[];
}

export type ShareOutProblem = 'no_shares' | 'negative_fund';

export function shareOut(input: {
	loanFundCash: bigint;
	cashUnit: bigint;
	members: readonly ShareOutMember[];
}): { ok: true; shareOut: ShareOut } | { ok: false; problem: ShareOutProblem } {
	const { loanFundCash, cashUnit, members } = input;
	const totalShares = members.reduce((sum, member) => sum + member.shares, 0n);
	if (totalShares <= 0n) return { ok: false, problem: 'no_shares' };
	const owed = members.reduce((sum, member) => sum + member.owed, 0n);
	const fund = loanFundCash + owed;
	if (fund < 0n) return { ok: false, problem: 'negative_fund' };

	// Member i is due shares_i * fund / totalShares, i.e. (shares_i * fund) / (totalShares * unit)
	// cash units: the quotient is the floor, the remainder orders who gets a leftover unit.
	const divisor = totalShares * cashUnit;
	const exact = members.map((member) => ({
		member,
		units: (member.shares * fund) / divisor,
		remainder: (member.shares * fund) % divisor
	}));
	const wholeUnits = fund / cashUnit;
	let leftover = wholeUnits - exact.reduce((sum, row) => sum + row.units, 0n);

	const byRemainder = [...exact].sort(
		(a, b) =>
			(a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1) ||
			a.member.joinedAt.getTime() - b.member.joinedAt.getTime() ||
			(a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0)
	);
	const roundedUp = new Set<string>();
	for (const row of byRemainder) {
		if (leftover === 0n) break;
		roundedUp.add(row.member.id);
		leftover -= 1n;
	}

	const payouts = exact.map(({ member, units }) => {
		const gross = (units + (roundedUp.has(member.id) ? 1n : 0n)) * cashUnit;
		return {
			id: member.id,
			shares: member.shares,
			gross,
			owed: member.owed,
			net: gross - member.owed,
			roundedUp: roundedUp.has(member.id)
		};
	});
	const distributed = wholeUnits * cashUnit;
	return {
		ok: true,
		shareOut: {
			loanFundCash,
			owed,
			fund,
			totalShares,
			cashUnit,
			distributed,
			remainder: fund - distributed,
			payouts
		}
	};
}
