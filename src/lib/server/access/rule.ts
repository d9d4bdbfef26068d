import type { Actor } from './actor';

/**
 * What a domain's access file exports: for each of its actions, the rule that answers it, given
 * the actor and the resource that action names.
 */
export type Rules<Resources> = {
	[A in keyof Resources]: (actor: Actor, resource: Resources[A]) => boolean;
};
