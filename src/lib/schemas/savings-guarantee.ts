import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { formKey } from './form-key';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A loan's shortfall at share-out charged to its guarantors ('charge'), or that undone. */
export const guaranteeChargeSchema = v.object({
	formKey,
	loanId: v.pipe(
		v.string(() => m.share_out_guarantee_problem_not_found()),
		v.regex(UUID, () => m.share_out_guarantee_problem_not_found())
	),
	charge: v.picklist(['charge', 'undo'], () => m.share_out_guarantee_problem_not_found()),
	groupAgreed: v.optional(v.boolean(), false)
});
