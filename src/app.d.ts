// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Actor } from '$lib/server/access/actor';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** Who is asking: set from the session cookie on every request. */
			actor: Actor;
		}
	}
}

export {};
