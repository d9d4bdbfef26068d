import {
	createQueryId,
	type Compilable,
	type Kysely,
	type QueryId,
	type RootOperationNode
} from 'kysely';
import type { DB } from './schema';

/** Where each parameter of the SQL comes from: a value of the call's, or the query itself. */
type Place<Name> = { name: Name } | { constant: unknown };

/** What `build` gets in place of a value: found again among the compiled query's parameters. */
class StandIn {
	constructor(readonly name: string) {}
}

/**
 * A statement whose shape never changes, turned into SQL once rather than at each call: Kysely
 * builds and compiles every query anew, a fifth of the server's work on a live message for the
 * same few statements each time. `build` runs once, at the first call, with a stand-in for each
 * of `names`: it may use them only as values (compared, inserted, returned), never to choose the
 * query's shape, and each must reach the SQL as a parameter (the first call throws otherwise).
 * Every later call sends the same SQL with that call's values in their places.
 */
export function compiledOnce<Name extends string, Row>(
	names: readonly Name[],
	build: (db: Kysely<DB>, values: Record<Name, never>) => Compilable<Row>
): (db: Kysely<DB>, values: Record<Name, unknown>) => Promise<Row[]> {
	let compiled: ReturnType<typeof compile<Name, Row>> | null = null;
	return async (db, values) => {
		compiled ??= compile(db, names, build);
		const parameters = compiled.parameters.map((parameter) =>
			'name' in parameter ? values[parameter.name] : parameter.constant
		);
		const { sql, query, queryId } = compiled;
		const result = await db.executeQuery<Row>({ sql, query, queryId, parameters });
		return result.rows;
	};
}

/**
 * Plugins see no query being built for a statement compiled once (nor can they change its SQL),
 * only its result: what ran, for one that notes statements (the tests that count a page's queries).
 */
const ran = new WeakMap<QueryId, RootOperationNode>();

export const compiledStatement = (queryId: QueryId): RootOperationNode | undefined =>
	ran.get(queryId);

function compile<Name extends string, Row>(
	db: Kysely<DB>,
	names: readonly Name[],
	build: (db: Kysely<DB>, values: Record<Name, never>) => Compilable<Row>
) {
	const standIns = Object.fromEntries(names.map((name) => [name, new StandIn(name)]));
	const { sql, query, parameters } = build(db, standIns as Record<Name, never>).compile();
	const used = new Set<string>();
	const places = parameters.map((parameter): Place<Name> => {
		if (!(parameter instanceof StandIn)) return { constant: parameter };
		used.add(parameter.name);
		return { name: parameter.name as Name };
	});
	const unused = names.filter((name) => !used.has(name));
	if (unused.length > 0)
		throw new Error(`compiledOnce: ${unused.join(', ')} never reached the SQL as a parameter`);
	// One id for every run of the statement: plugins only ever see its results.
	const queryId = createQueryId();
	ran.set(queryId, query);
	return { sql, query, queryId, parameters: places };
}
