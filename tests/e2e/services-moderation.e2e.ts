import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { checkAccessibility } from './axe';
import { expectRefused, personIn, wordsIn } from './courses';
import { createFirstAdmin, ownServer, sparePort, type OwnServer } from './own-server';
import { adminContext } from './people';
import {
	throwawayPostgres,
	throwawayPostgresMissing,
	type ThrowawayPostgres
} from './throwaway-postgres';

/*
 * Comments, providers' replies and "you said, we did" (issue 12, points 3, 5 and 6), on a
 * phone-sized screen, in English with JavaScript and in Thai without. A service that 10 members
 * rated has two comments waiting: a coordinator approves one and proposes an edit of the other,
 * which its author accepts; the service's provider replies to a comment (an empty reply is
 * refused beside the field), a coordinator approves the reply, and the member sees both comments
 * and the reply on the service's page. A coordinator posts a "you said, we did" note; the member
 * who rated finds it on their home page until "Got it".
 *
 * Scores are published at most once a week, so a service with 10 raters cannot be reached in a
 * test's time through pages: this file runs its own server on a PostgreSQL cluster of its own and
 * writes the service, its ratings and their publication into the database, as a week of members
 * rating would have left them.
 */

const missing = throwawayPostgresMissing();
let cluster: ThrowawayPostgres | undefined;
let server: OwnServer | undefined;

// Both runs share the cluster and the process: one after the other, in one worker.
test.describe.configure({ mode: 'default' });

test.beforeAll(async () => {
	test.setTimeout(120_000);
	if (missing) return;
	cluster = await throwawayPostgres(await sparePort());
	createFirstAdmin(cluster.url);
	server = await ownServer({
		port: await sparePort(),
		databaseUrl: cluster.url,
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
});

test.afterAll(async () => {
	await server?.stop();
	await cluster?.remove();
});

async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []) {
	const client = new pg.Client({ connectionString: cluster!.url });
	await client.connect();
	try {
		return (await client.query(text, values)).rows as T[];
	} finally {
		await client.end();
	}
}

const FIGURES = {
	all: { band: '10-19', respect: 4.2, helped: 3.9, safe: 4.5, reach: 3.1 },
	language: {},
	country: {}
};

/**
 * A service rated by 10 members, published: the member's rating carries `ownComment`, another's
 * (whose rater has since left) `otherComment`, both waiting for a coordinator. The provider's
 * account is bound to it.
 */
async function ratedService(name: string, member: string, provider: string, comments: string[]) {
	const [{ id }] = await sql<{ id: string }>(
		`insert into service (name, kind, country, how_to_reach) values ($1, 'health', 'TH', 'Ask at the front desk') returning id`,
		[name]
	);
	const [ownComment, otherComment] = comments;
	await sql(
		`insert into service_rating (service_id, account_id, respect, helped, safe, reach, language, country, comment, comment_state, rated_at)
		 select $1, a.id, 4, 4, 5, 3, 'th', 'TH', $2, 'pending', now() from account a where a.pseudonym = $3`,
		[id, ownComment, member]
	);
	await sql(
		`insert into service_rating (service_id, account_id, respect, helped, safe, reach, language, country, comment, comment_state, rated_at)
		 select $1, null, 4, 4, 4, 3, 'th', 'TH', case when n = 1 then $2 end, case when n = 1 then 'pending' end, now()
		 from generate_series(1, 9) n`,
		[id, otherComment]
	);
	await sql(
		`insert into service_score (service_id, published_at, raters, changes_seen, figures) values ($1, now(), 10, 10, $2)`,
		[id, JSON.stringify(FIGURES)]
	);
	await sql(
		`insert into service_staff (service_id, account_id) select $1, id from account where pseudonym = $2`,
		[id, provider]
	);
	return id;
}

async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	if (javaScriptEnabled) expect((await checkAccessibility(page)).violations).toEqual([]);
}

const RUNS = [
	{ locale: 'en', javaScriptEnabled: true },
	{ locale: 'th', javaScriptEnabled: false }
];

for (const { locale, javaScriptEnabled } of RUNS) {
	test(`comments approved or edited with the author's yes, a provider's reply approved, "you said, we did" on the home page (${locale}, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		test.skip(Boolean(missing), missing ?? '');
		test.setTimeout(240_000);
		const baseURL = server!.origin;
		const say = wordsIn(locale);
		const options = { javaScriptEnabled, locale };
		const admin = await adminContext(browser, baseURL);
		const coordinator = await personIn(browser, baseURL, admin, 'coordinator', options);
		const member = await personIn(browser, baseURL, admin, 'member', options);
		const provider = await personIn(browser, baseURL, admin, 'member', options);

		const suffix = `${locale} ${Math.random().toString(36).slice(2, 7)}`;
		const name = `Riverside clinic ${suffix}`;
		const own = `Nurse Malee at the Chiang Mai branch was kind to me ${suffix}`;
		const edited = `A nurse was kind to me ${suffix}`;
		const other = `Short wait and clean rooms ${suffix}`;
		const reply = `Thank you, we keep the rooms clean every day ${suffix}`;
		const note = `Open on Saturdays now, as you asked ${suffix}`;
		const id = await ratedService(name, member.pseudonym, provider.pseudonym, [own, other]);

		// Nothing is on the service's page before a coordinator approves it.
		const memberPage = await member.context.newPage();
		await memberPage.goto(`/services/${id}`);
		await expect(memberPage.getByText(say('services_comments_none'))).toBeVisible();
		await expect(memberPage.getByText(other)).toHaveCount(0);

		// The coordinator approves one comment; for the other, an empty version is refused beside
		// the field, then a version without the name and place goes to its author.
		const queue = await coordinator.context.newPage();
		await queue.goto('/services/moderation');
		await expect(
			queue.getByRole('heading', { level: 1, name: say('services_mod_title') })
		).toBeVisible();
		await expectAccessible(queue, javaScriptEnabled);
		const otherItem = queue.getByRole('listitem').filter({ hasText: other });
		await otherItem.getByRole('button', { name: say('services_mod_approve'), exact: true }).click();
		await expect(queue.getByText(say('services_mod_done'))).toBeVisible();
		await expect(queue.getByText(other)).toHaveCount(0);

		const ownItem = queue.getByRole('listitem').filter({ hasText: own });
		const proposal = ownItem.getByLabel(say('services_mod_propose_label'));
		await expect(proposal).toHaveValue(own);
		await proposal.fill('');
		await ownItem
			.getByRole('button', { name: say('services_mod_propose_submit'), exact: true })
			.click();
		await expectRefused(
			queue
				.getByRole('listitem')
				.filter({ hasText: own })
				.getByLabel(say('services_mod_propose_label')),
			say('services_text_required')
		);
		await queue
			.getByRole('listitem')
			.filter({ hasText: own })
			.getByLabel(say('services_mod_propose_label'))
			.fill(edited);
		await queue
			.getByRole('listitem')
			.filter({ hasText: own })
			.getByRole('button', { name: say('services_mod_propose_submit'), exact: true })
			.click();
		await expect(queue.getByText(say('services_mod_done'))).toBeVisible();
		await expect(queue.getByText(own)).toHaveCount(0);

		// Its author sees the proposal and accepts it: it is published in place of their text.
		await memberPage.goto(`/services/${id}/comment`);
		await expect(memberPage.getByText(say('services_own_comment_proposed'))).toBeVisible();
		// (The change form below holds the member's text too: the paragraphs are what is said.)
		await expect(memberPage.locator('p', { hasText: own })).toBeVisible();
		await expect(memberPage.locator('p', { hasText: edited })).toBeVisible();
		await expectAccessible(memberPage, javaScriptEnabled);
		await memberPage
			.getByRole('button', { name: say('services_own_comment_accept'), exact: true })
			.click();
		await expect(memberPage.getByText(say('services_own_comment_accepted'))).toBeVisible();
		await expect(memberPage.getByText(say('services_own_comment_shown'))).toBeVisible();

		// The provider replies in public: an empty reply is refused beside the field first.
		const providerPage = await provider.context.newPage();
		await providerPage.goto('/');
		await providerPage
			.getByRole('link', { name: say('services_provider_link'), exact: true })
			.click();
		await expect(
			providerPage.getByRole('heading', { level: 1, name: say('services_provider_title') })
		).toBeVisible();
		await expectAccessible(providerPage, javaScriptEnabled);
		const comment = () => providerPage.getByRole('listitem').filter({ hasText: other });
		await comment()
			.getByRole('button', { name: say('services_provider_reply_submit'), exact: true })
			.click();
		await expectRefused(
			comment().getByLabel(say('services_provider_reply_label')),
			say('services_text_required')
		);
		await comment().getByLabel(say('services_provider_reply_label')).fill(reply);
		await comment()
			.getByRole('button', { name: say('services_provider_reply_submit'), exact: true })
			.click();
		await expect(providerPage.getByText(say('services_provider_reply_sent'))).toBeVisible();
		await expect(comment().getByText(say('services_provider_reply_pending'))).toBeVisible();

		// Not shown until a coordinator approves it.
		await memberPage.goto(`/services/${id}`);
		await expect(memberPage.getByText(other)).toBeVisible();
		await expect(memberPage.getByText(reply)).toHaveCount(0);
		await queue.goto('/services/moderation');
		const replyItem = queue.getByRole('listitem').filter({ hasText: reply });
		await replyItem.getByRole('button', { name: say('services_mod_approve'), exact: true }).click();
		await expect(queue.getByText(say('services_mod_done'))).toBeVisible();
		await expect(queue.getByText(reply)).toHaveCount(0);

		// The member sees both comments and the reply, with no names or dates.
		await memberPage.goto(`/services/${id}`);
		const comments = memberPage.getByRole('region', { name: say('services_comments_heading') });
		await expect(comments.getByText(edited)).toBeVisible();
		await expect(comments.getByText(other)).toBeVisible();
		await expect(comments.getByText(reply)).toBeVisible();
		await expect(comments.getByText(own)).toHaveCount(0);
		await expect(comments).not.toContainText(member.pseudonym);
		await expectAccessible(memberPage, javaScriptEnabled);

		// "You said, we did": an empty note is refused beside the field; then it is published.
		const notes = await coordinator.context.newPage();
		await notes.goto(`/services/${id}`);
		await notes.getByRole('link', { name: say('services_said_link'), exact: true }).click();
		await notes.getByRole('button', { name: say('services_said_submit'), exact: true }).click();
		await expectRefused(
			notes.getByLabel(say('services_said_label')),
			say('services_text_required')
		);
		await notes.getByLabel(say('services_said_label')).fill(note);
		await notes.getByRole('button', { name: say('services_said_submit'), exact: true }).click();
		await expect(notes.getByText(say('services_said_published'))).toBeVisible();
		await expectAccessible(notes, javaScriptEnabled);

		// The member who rated sees it on their home page until "Got it"; the provider does not.
		await memberPage.goto('/');
		await expect(memberPage.getByText(note)).toBeVisible();
		await expectAccessible(memberPage, javaScriptEnabled);
		await memberPage
			.getByRole('button', { name: say('services_said_notice_seen'), exact: true })
			.click();
		await expect(memberPage.getByText(note)).toHaveCount(0);
		await providerPage.goto('/');
		await expect(providerPage.getByText(note)).toHaveCount(0);
		await memberPage.goto(`/services/${id}`);
		await expect(memberPage.getByText(note)).toBeVisible();
	});
}
