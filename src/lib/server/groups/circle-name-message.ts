import { m } from '$lib/paraglide/messages';
import { pseudonymMessage } from '$lib/schemas/accounts';
import type { JoinProblem } from './membership';

type NameProblem = Extract<JoinProblem, { field: 'displayName' }>['problem'];

/** What a member is told when the name they chose for a circle cannot be used there. */
export function circleNameMessage(problem: NameProblem): string {
	if (problem === 'taken') return m.group_join_name_taken();
	if (problem === 'confusable') return m.name_confusable_taken();
	if (problem === 'role') return m.name_confusable_role();
	return pseudonymMessage(problem);
}
