import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The server's layers are lint rules (eslint.config.js); these cases prove the rules bite, so a
// change to the config cannot quietly drop them.
const eslint = new ESLint();

async function refused(filePath: string, source: string): Promise<boolean> {
	const [result] = await eslint.lintText(source, { filePath });
	return result.messages.some((message) => message.ruleId === 'no-restricted-imports');
}

const use = (from: string) => `import * as other from '${from}';\nexport const used = other;\n`;

describe('server layers', () => {
	it.each([
		['a domain reaching into another domain', 'src/lib/server/groups/x.ts', '../accounts/signup'],
		[
			'a domain reaching in by alias',
			'src/lib/server/accounts/x.ts',
			'$lib/server/groups/messages'
		],
		['a domain reaching into savings', 'src/lib/server/groups/x.ts', '../savings/share-out'],
		['a domain using the composition root', 'src/lib/server/groups/x.ts', '../app/runtime'],
		['a shared part using a domain', 'src/lib/server/realtime/x.ts', '../groups'],
		['a shared file using a domain', 'src/lib/server/audit-x.ts', './accounts'],
		[
			'server code using a component',
			'src/lib/server/groups/x.ts',
			'$lib/components/ui/Notice.svelte'
		],
		['server code using a route', 'src/lib/server/db/x.ts', '../../../routes/signup/+page.server']
	])('refuse %s', async (_what, file, from) => {
		expect(await refused(file, use(from))).toBe(true);
	});

	it.each([
		['a domain using another through its entry', 'src/lib/server/groups/x.ts', '../accounts'],
		['a domain using shared parts', 'src/lib/server/groups/x.ts', '../db/transaction'],
		['the composition root using a domain', 'src/lib/server/app/x.ts', '../groups'],
		['a test setting up rows anywhere', 'src/lib/server/groups/x.test.ts', '../accounts/signup']
	])('allow %s', async (_what, file, from) => {
		expect(await refused(file, use(from))).toBe(false);
	});
});
