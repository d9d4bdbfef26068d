import type { Actor } from './actor';
import { accountRules, type AccountResources } from './accounts';
import { courseRules, type CourseResources } from './courses';
import { groupRules, type GroupResources } from './groups';
import { savingsRules, type SavingsResources } from './savings';
import { serviceRules, type ServiceResources } from './services';
import type { Rules } from './rule';

export type { CourseResource } from './courses';
export type { GroupResource } from './groups';
export type { SavingsResource } from './savings';
export type { ComplaintResource, ServiceResource } from './services';

/*
 * Every permission question goes through one `can(actor, action, resource)`; each domain keeps its
 * rules in its own file beside this one (accounts.ts, courses.ts, groups.ts, savings.ts,
 * services.ts). A new domain:
 *   1. adds `access/<domain>.ts` exporting `<Domain>Resources` (each action, named
 *      `<domain-noun>:<verb>`, mapped to the resource its rule looks at, or `undefined`) and
 *      `<domain>Rules: Rules<<Domain>Resources>`;
 *   2. lists both below, in `Resources` and in `RULES`;
 *   3. adds `access/<domain>.test.ts`: a table of who may do what, for every role.
 */

/** Each action and the resource it needs, so a caller cannot forget what the rule looks at. */
export interface Resources
	extends AccountResources, CourseResources, GroupResources, SavingsResources, ServiceResources {}

export type Action = keyof Resources;

const RULES: Rules<Resources> = {
	...accountRules,
	...courseRules,
	...groupRules,
	...savingsRules,
	...serviceRules
};

export function can<A extends Action>(
	actor: Actor,
	action: A,
	...[resource]: Resources[A] extends undefined ? [] : [Resources[A]]
): boolean {
	return RULES[action](actor, resource as Resources[A]);
}
