import { describe, expect, it } from 'vitest';
import { findLeaks } from './log-scan';

const log = [
	'{"level":"info","method":"GET","route":"/","status":200,"ms":12,"msg":"request"}',
	'{"level":"warn","note":"a member wrote \\"meet me at 5\\"","msg":"oops"}',
	'{"level":"info","url":"/login?next=gentle%20rain%20on%20leaves","msg":"request"}',
	'{"level":"info","sid":"abcdefghijklmnop","msg":"oops"}'
].join('\n');

describe('findLeaks', () => {
	it('finds a planted secret, as written or escaped in JSON or a URL, naming its kind and line', () => {
		const leaks = findLeaks(log, [
			{ kind: 'session cookie', value: 'abcdefghijklmnop' },
			{ kind: 'message text', value: 'a member wrote "meet me at 5"' },
			{ kind: 'passphrase', value: 'gentle rain on leaves' }
		]);
		expect(leaks).toEqual([
			{ kind: 'session cookie', line: 4, hint: 'ab… (16 characters)' },
			{ kind: 'message text', line: 2, hint: 'a … (29 characters)' },
			{ kind: 'passphrase', line: 3, hint: 'ge… (21 characters)' }
		]);
	});

	it('never prints a secret whole', () => {
		const [leak] = findLeaks(log, [{ kind: 'session cookie', value: 'abcdefghijklmnop' }]);
		expect(JSON.stringify(leak)).not.toContain('abcdefghijklmnop');
	});

	it('ignores short values, which any log holds by chance, and secrets it does not hold', () => {
		expect(
			findLeaks(log, [
				{ kind: 'amount', value: '200' },
				{ kind: 'message text', value: 'info' },
				{ kind: 'passphrase', value: 'steady hands at work' }
			])
		).toEqual([]);
	});

	it('finds a code of digits standing alone, never inside a longer number', () => {
		const timed = '{"level":"info","time":1796388476706,"ms":56,"msg":"request"}';
		const code = { kind: 'code', value: '884767' };
		expect(findLeaks(timed, [code])).toEqual([]);
		expect(findLeaks(`${timed}\n{"level":"warn","code":"884767","msg":"oops"}`, [code])).toEqual([
			{ kind: 'code', line: 2, hint: '88… (6 characters)' }
		]);
		expect(findLeaks('{"url":"/join?code=884767&x=1"}', [code])).toHaveLength(1);
	});

	it('reports a secret used twice once', () => {
		const secret = { kind: 'session cookie', value: 'abcdefghijklmnop' };
		expect(findLeaks(log, [secret, secret])).toHaveLength(1);
	});
});
