import {
	AliasNode,
	SelectQueryNode,
	TableNode,
	type Kysely,
	type KyselyPlugin,
	type OperationNode,
	type QueryId,
	type RootOperationNode
} from 'kysely';
import { compiledStatement } from '../../src/lib/server/db/compiled-once';
import type { DB } from '../../src/lib/server/db/schema';

/** The table a statement reads first (its FROM), or its kind when it reads none. */
function firstTable(node: RootOperationNode): string {
	if (!SelectQueryNode.is(node)) return node.kind;
	const from: OperationNode | undefined = node.from?.froms[0];
	const table = from && AliasNode.is(from) ? from.node : from;
	return table && TableNode.is(table) ? table.table.identifier.name : node.kind;
}

/**
 * The database as before, but noting each statement it runs (not those only built as subqueries):
 * for tests that pin how many queries a page costs.
 */
export function loggingQueries(db: Kysely<DB>): { db: Kysely<DB>; statements: string[] } {
	const statements: string[] = [];
	const built = new WeakMap<QueryId, RootOperationNode>();
	const plugin: KyselyPlugin = {
		transformQuery({ node, queryId }) {
			built.set(queryId, node);
			return node;
		},
		async transformResult({ result, queryId }) {
			const node = built.get(queryId) ?? compiledStatement(queryId);
			statements.push(node ? firstTable(node) : 'raw');
			return result;
		}
	};
	return { db: db.withPlugin(plugin), statements };
}
