import { m } from '$lib/paraglide/messages';
import { formatMoney, formatNumber } from '$lib/server/i18n/format';
import type { Reinvestable } from '$lib/server/savings/next-cycle';
import { reinvestField } from '$lib/server/savings/next-cycle-form';
import type { SavingsRules } from '$lib/server/savings/savings-rules';
import { memberLabel } from './share-out-view';

/**
 * The next-cycle form's lines for the members who may put part of their payout in: each with
 * what they were paid and the most shares of the new price that buys, in the reader's language.
 */
export function reinvestView(
	members: readonly Reinvestable[],
	rules: Pick<SavingsRules, 'currency' | 'sharePrice'>
) {
	const money = (amount: bigint) => formatMoney({ amount, currency: rules.currency });
	return {
		intro: m.next_cycle_reinvest_intro({ price: money(rules.sharePrice) }),
		members: members.map((member) => ({
			field: reinvestField(member.id),
			label: m.next_cycle_reinvest_member_label({ name: memberLabel(member) }),
			hint: m.next_cycle_reinvest_member_hint({
				payout: money(member.payout),
				most: formatNumber(member.payout / rules.sharePrice)
			})
		}))
	};
}
