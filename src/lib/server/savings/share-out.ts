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
	/** The part of `owed` charged to them as a guarantor of someone else's loan. */
	guarantee: bigint;
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
			guarantee: 0n,
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

/** A loan still owed at share-out, with who guaranteed it. */
export interface OwedLoan {
	id: string;
	borrowerId: string;
	owed: bigint;
	guarantors: readonly { id: string; joinedAt: Date }[];
	/** Whether the group decided to charge its shortfall to the guarantors. */
	charged: boolean;
}

/** What a borrower's payout cannot cover of a guaranteed loan, and each guarantor's part of it. */
export interface Shortfall {
	loanId: string;
	borrowerId: string;
	shortfall: bigint;
	charged: boolean;
	/** Equal parts, earlier joiners first, one odd minor unit each to the earliest. */
	parts: { memberId: string; amount: bigint }[];
}

const byJoining = (a: { id: string; joinedAt: Date }, b: { id: string; joinedAt: Date }) =>
	a.joinedAt.getTime() - b.joinedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The shortfalls of guaranteed loans: a borrower's payout pays their loans first, those without
 * guarantors before those with (no one else stands behind the first), each group in the order
 * given; what it cannot cover of a guaranteed loan is that loan's shortfall.
 */
export function shortfalls(payouts: readonly Payout[], loans: readonly OwedLoan[]): Shortfall[] {
	const available = new Map(payouts.map((payout) => [payout.id, payout.gross]));
	const ordered = [
		...loans.filter((loan) => loan.guarantors.length === 0),
		...loans.filter((loan) => loan.guarantors.length > 0)
	];
	const found: Shortfall[] = [];
	for (const loan of ordered) {
		if (loan.owed <= 0n) continue;
		const left = available.get(loan.borrowerId) ?? 0n;
		const covered = left < loan.owed ? (left > 0n ? left : 0n) : loan.owed;
		available.set(loan.borrowerId, left - covered);
		const shortfall = loan.owed - covered;
		if (shortfall === 0n || loan.guarantors.length === 0) continue;
		const count = BigInt(loan.guarantors.length);
		const odd = shortfall % count;
		found.push({
			loanId: loan.id,
			borrowerId: loan.borrowerId,
			shortfall,
			charged: loan.charged,
			parts: [...loan.guarantors].sort(byJoining).map((guarantor, index) => ({
				memberId: guarantor.id,
				amount: shortfall / count + (BigInt(index) < odd ? 1n : 0n)
			}))
		});
	}
	return found;
}

/**
 * The share-out with the charged shortfalls moved from each borrower to the guarantors: the fund,
 * every gross payout and so the total handed out stay as they were; only who owes what changes.
 * A guarantor with no payout line gets one, to pay their part in.
 */
export function chargeGuarantors(result: ShareOut, found: readonly Shortfall[]): ShareOut {
	const payouts = result.payouts.map((payout) => ({ ...payout }));
	const lineOf = (id: string) => {
		let line = payouts.find((payout) => payout.id === id);
		if (!line) {
			line = { id, shares: 0n, gross: 0n, owed: 0n, net: 0n, guarantee: 0n, roundedUp: false };
			payouts.push(line);
		}
		return line;
	};
	for (const charge of found.filter((row) => row.charged)) {
		const borrower = lineOf(charge.borrowerId);
		borrower.owed -= charge.shortfall;
		borrower.net += charge.shortfall;
		for (const part of charge.parts) {
			const guarantor = lineOf(part.memberId);
			guarantor.owed += part.amount;
			guarantor.guarantee += part.amount;
			guarantor.net -= part.amount;
		}
	}
	return { ...result, payouts };
}
