import ts from 'typescript';

/** The kind of value a column's type in schema.ts selects, in the words of the database mapping. */
export type DeclaredKind = 'string' | 'number' | 'bigint' | 'boolean' | 'Date' | 'bytes' | 'json';

export interface DeclaredColumn {
	/** What a select returns, without null; a description of the type when it fits no kind. */
	kind: DeclaredKind | { unmapped: string };
	/** Whether the select type includes null. */
	nullable: boolean;
	/** Whether an insert may leave the column out (Generated, or a ColumnType whose insert allows undefined or never). */
	insertOptional: boolean;
}

/**
 * Reads the `DB` interface of a schema file with the TypeScript type checker, so aliases, unions of
 * string literals, `Generated<T>` and `ColumnType<S, I, U>` come out as the types Kysely sees.
 * Returns table name -> column name -> what is declared.
 */
export function readDeclaredSchema(
	schemaPath: string,
	/** Read instead of the file's content: a test's own schema, resolving imports from the file's folder. */
	text?: string
): Map<string, Map<string, DeclaredColumn>> {
	const options: ts.CompilerOptions = {
		strict: true,
		noEmit: true,
		skipLibCheck: true,
		target: ts.ScriptTarget.ES2022,
		module: ts.ModuleKind.ESNext,
		moduleResolution: ts.ModuleResolutionKind.Bundler,
		types: ['node']
	};
	const host = ts.createCompilerHost(options);
	if (text !== undefined) {
		const { getSourceFile, fileExists } = host;
		host.fileExists = (name) => name === schemaPath || fileExists(name);
		host.getSourceFile = (name, language, ...rest) =>
			name === schemaPath
				? ts.createSourceFile(name, text, language)
				: getSourceFile(name, language, ...rest);
	}
	const program = ts.createProgram([schemaPath], options, host);
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(schemaPath);
	const dbInterface = source?.statements.find(
		(statement): statement is ts.InterfaceDeclaration =>
			ts.isInterfaceDeclaration(statement) && statement.name.text === 'DB'
	);
	if (!dbInterface) throw new Error(`${schemaPath} has no interface DB`);

	const tables = new Map<string, Map<string, DeclaredColumn>>();
	for (const table of checker.getTypeAtLocation(dbInterface).getProperties()) {
		const columns = new Map<string, DeclaredColumn>();
		for (const column of checker.getTypeOfSymbol(table).getProperties()) {
			columns.set(column.name, describeColumn(checker, checker.getTypeOfSymbol(column)));
		}
		tables.set(table.name, columns);
	}
	return tables;
}

const constituents = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);

/** Kysely's ColumnType<S, I, U> (and Generated<T>, built on it) carries S and I as phantom fields. */
function phantom(checker: ts.TypeChecker, type: ts.Type, field: '__select__' | '__insert__') {
	const symbol = type.getProperty(field);
	return symbol ? checker.getTypeOfSymbol(symbol) : undefined;
}

function describeColumn(checker: ts.TypeChecker, type: ts.Type): DeclaredColumn {
	const selected: ts.Type[] = [];
	let insertOptional = false;
	for (const part of constituents(type)) {
		selected.push(...constituents(phantom(checker, part, '__select__') ?? part));
		const insert = phantom(checker, part, '__insert__') ?? part;
		if (
			insert.flags & ts.TypeFlags.Never ||
			constituents(insert).some((t) => t.flags & ts.TypeFlags.Undefined)
		)
			insertOptional = true;
	}
	const nullable = selected.some((t) => t.flags & ts.TypeFlags.Null);
	const kinds = new Set(
		selected
			.filter((t) => !(t.flags & ts.TypeFlags.Null))
			.map((t) => kindOf(t) ?? checker.typeToString(t))
	);
	const [only] = kinds;
	const kind = kinds.size === 1 && isKind(only) ? only : { unmapped: [...kinds].join(' | ') };
	// Kysely lets an insert leave out any column that may be null.
	return { kind, nullable, insertOptional: insertOptional || nullable };
}

const KINDS: readonly string[] = ['string', 'number', 'bigint', 'boolean', 'Date', 'bytes', 'json'];
const isKind = (value: string | undefined): value is DeclaredKind =>
	value !== undefined && KINDS.includes(value);

function kindOf(type: ts.Type): DeclaredKind | undefined {
	const flags = type.flags;
	if (flags & ts.TypeFlags.StringLike) return 'string';
	if (flags & ts.TypeFlags.NumberLike) return 'number';
	if (flags & ts.TypeFlags.BigIntLike) return 'bigint';
	if (flags & ts.TypeFlags.BooleanLike) return 'boolean';
	if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'json';
	if (flags & ts.TypeFlags.Object) {
		const name = type.getSymbol()?.name;
		if (name === 'Date') return 'Date';
		if (name === 'Buffer' || name === 'Uint8Array') return 'bytes';
		// Records, arrays and interfaces: what JSON.parse gives back.
		return 'json';
	}
	return undefined;
}
