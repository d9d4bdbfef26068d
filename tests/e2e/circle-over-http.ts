import { expect, request, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN } from './admin.js';
import { formKeyIn, PASSPHRASE, uniquePseudonym } from './people';

/*
 * People and a circle made over HTTP, the forms a browser would post, for tests that drive a
 * server of their own without a page.
 */

/**
 * A person's own HTTP client for the server at `baseURL`, as a browser on `origin` sends its
 * requests; `address` is the address it comes from, for servers that read X-Forwarded-For.
 */
export const person = (baseURL: string, origin: string, address?: string) =>
	request.newContext({
		baseURL,
		extraHTTPHeaders: {
			origin,
			accept: 'text/html',
			...(address ? { 'x-forwarded-for': address } : {})
		}
	});

export async function post(client: APIRequestContext, path: string, form: Record<string, string>) {
	const response = await client.post(path, { form, maxRedirects: 0 });
	expect([200, 303], `${path}: ${response.status()}`).toContain(response.status());
	return response;
}

/** The value of the session cookie a signed-in client holds. */
export async function sessionCookie(client: APIRequestContext): Promise<string> {
	const cookie = (await client.storageState()).cookies.find((c) => c.name === 'sid');
	expect(cookie, 'signed in').toBeTruthy();
	return cookie!.value;
}

/** Signs in as the first admin; makes a circle with a code for `maxUses` people to join it. */
export async function circleWithCode(admin: APIRequestContext, maxUses: number, name = 'Circle') {
	await post(admin, '/login', { pseudonym: E2E_ADMIN.pseudonym, passphrase: E2E_ADMIN.passphrase });
	const newGroupForm = await admin.get('/groups/new');
	const made = await post(admin, '/groups/new', {
		formKey: formKeyIn(await newGroupForm.text()),
		name,
		description: '',
		language: 'en',
		sizeCap: String(Math.max(12, maxUses + 1)),
		joinRule: 'invitation',
		agreement: 'We listen.',
		holdFirstPosts: '0'
	});
	const groupId = made.headers().location!.match(/\/groups\/([0-9a-f-]+)\/manage/)![1];
	const review = await admin.get(`/groups/${groupId}/review`);
	const invite = await post(admin, `/groups/${groupId}/review?/invite`, {
		formKey: formKeyIn(await review.text()),
		maxUses: String(maxUses)
	});
	const code = (await invite.text()).match(/New code: ([A-Z0-9-]+)/)![1];
	return { groupId, code };
}

/**
 * A new member who signs up with the circle's code and joins it; signed in on `client`. Returns
 * the member's pseudonym (the passphrase is PASSPHRASE).
 */
export async function joinWithCode(client: APIRequestContext, code: string, groupId: string) {
	const form = await client.get('/signup');
	const pseudonym = uniquePseudonym('proc');
	await post(client, '/signup', {
		formKey: formKeyIn(await form.text()),
		code,
		pseudonym,
		passphrase: PASSPHRASE
	});
	await post(client, `/groups/${groupId}/join`, {
		displayName: uniquePseudonym('name'),
		agree: 'on'
	});
	return pseudonym;
}
