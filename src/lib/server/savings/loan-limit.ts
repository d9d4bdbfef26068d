/**
 * The most a member may borrow at a meeting: the group's multiple of their savings, minus what they
 * still owe, and never more than the loan fund holds in the box at that meeting. Never negative.
 */
export function loanLimit(input: {
	savings: bigint;
	owed: bigint;
	multiple: number;
	loanFundCash: bigint;
}): bigint {
	const bySavings = input.savings * BigInt(input.multiple) - input.owed;
	const limit = bySavings < input.loanFundCash ? bySavings : input.loanFundCash;
	return limit > 0n ? limit : 0n;
}
