import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Request, Response } from '@playwright/test';

/**
 * What the suite's browsers send and receive that the server's log must never hold (issue 13,
 * point 11), written to the run's folder for log-hygiene.ts to look for in the server's log.
 */

export const SECRETS_FILE = 'secrets.jsonl';

/** The run's folder, made by playwright.config.ts; the server writes its log there. */
export function runDir(): string {
	const dir = process.env.E2E_RUN_DIR;
	if (!dir) throw new Error('E2E_RUN_DIR is not set: run the suite through playwright.config.ts');
	return dir;
}

export function recordSecret(kind: string, value: string) {
	if (value) appendFileSync(join(runDir(), SECRETS_FILE), JSON.stringify({ kind, value }) + '\n');
}

/** What a form field or a socket event's key holds, by its (last) name; others may be logged. */
const KINDS: [RegExp, string][] = [
	[/passphrase|^current$/i, 'passphrase'],
	[/^code$/, 'code'],
	[/^(body|text|note|reason|purpose|title|question|options|howToReach|label)$/, 'message text'],
	[/amount|shares|price|fund|principal|owed|repaid|fine|penalty/i, 'amount'],
	[/^(pseudonym|displayName|name|members)$/, 'name']
];

function recordField(name: string, value: unknown) {
	const kind = KINDS.find(([pattern]) => pattern.test(name.split('.').at(-1)!))?.[1];
	if (kind && typeof value === 'string') recordSecret(kind, value);
	else if (kind && Array.isArray(value)) for (const item of value) recordField(name, item);
	else if (value && typeof value === 'object')
		for (const [key, inner] of Object.entries(value)) recordField(key, inner);
}

/** socket.io packets ("42[event, payload]", joined by \x1e when long-polling): their payloads. */
function recordSocketPackets(data: string) {
	for (const packet of data.split('\x1e')) {
		const json = packet.match(/^\d+(\[[\s\S]*\])$/)?.[1];
		if (!json) continue;
		try {
			recordField('', JSON.parse(json));
		} catch {
			// Not an event (a handshake or a ping): nothing a member typed.
		}
	}
}

async function recordRequest(request: Request) {
	const body = request.postDataBuffer();
	if (request.method() !== 'POST' || !body) return;
	if (new URL(request.url()).pathname.startsWith('/socket.io/'))
		return recordSocketPackets(body.toString());
	const type = request.headers()['content-type'] ?? '';
	if (!/form-data|x-www-form-urlencoded/.test(type)) return;
	const form = await new globalThis.Response(new Uint8Array(body), {
		headers: { 'content-type': type }
	}).formData();
	for (const [name, value] of form) recordField(name, value);
}

async function recordCookies(response: Response) {
	const cookies = (await response.headerValue('set-cookie')) ?? '';
	for (const [, value] of cookies.matchAll(/(?:^|\n)[^=\s]+=([^;\n]*)/g))
		recordSecret('cookie', value);
}

function watchPage(page: Page) {
	page.on('websocket', (socket) =>
		socket.on('framesent', ({ payload }) => recordSocketPackets(payload.toString()))
	);
}

const watched = new WeakSet<BrowserContext>();

/**
 * Records, from now on, what a browser context's pages type into forms and socket events, and
 * the cookies the server gives it. Called by the helpers that sign people in and up.
 */
export function watchForSecrets(context: BrowserContext) {
	if (watched.has(context)) return;
	watched.add(context);
	// A context closed while a body or header is read: nothing more to record.
	const ignoreClosed = () => {};
	context.on('request', (request) => void recordRequest(request).catch(ignoreClosed));
	context.on('response', (response) => void recordCookies(response).catch(ignoreClosed));
	context.on('page', watchPage);
	for (const page of context.pages()) watchPage(page);
}
