/**
 * Scripts that stand apart from the framework: each loaded by a module script in the page rather
 * than imported by a page's code, so that pages without scripts of their own can have them.
 * - `live-notices`: a crisis alert and "someone answered", on every page for those who hear them.
 * - `meeting-sheet`: a savings meeting sheet's running totals, draft and sending.
 * - `check-in-code`: a course session's check-in code renewed, and its attendance list with it.
 * - `support-thread`: a private conversation with a circle's facilitators, live.
 * - `group-lists`: a circle's topics and polls (and its review list), live.
 * - `conversation`: a circle's conversation, live, and messages sent without a page load.
 */
export const STANDALONE_SCRIPTS = {
	'live-notices': 'src/lib/realtime/live-notices.ts',
	'meeting-sheet': 'src/lib/savings/meeting-sheet-script.ts',
	'check-in-code': 'src/lib/courses/check-in-code-script.ts',
	'support-thread': 'src/lib/realtime/support-thread-script.ts',
	'group-lists': 'src/lib/groups/group-lists-script.ts',
	conversation: 'src/lib/groups/conversation-script.ts'
} as const;

export type StandaloneScript = keyof typeof STANDALONE_SCRIPTS;

/**
 * Where the browser build writes a script, under `_app/immutable/` and each language's copy of it
 * (one-language-bundles.ts). A name of its own, not a hashed one, because the server is built
 * before the browser's files and must know it: the page adds the build's version to the address,
 * so a new build is a new address (the file is served as never changing).
 */
export const standaloneFile = (name: StandaloneScript) => `entry/${name}.js`;
