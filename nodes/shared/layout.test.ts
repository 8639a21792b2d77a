import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Two rules of the layout (docs/contributing.md): nodes/shared keeps its code in folders that say
 * what they hold, and no product file grows past what one reader takes in at once.
 */
const ROOT = resolve(__dirname, '../..');

/** Most `.ts` files (tests aside) directly in nodes/shared. */
const MAX_LOOSE_FILES = 6;

/** Most lines of a product file. */
const MAX_LINES = 350;

/**
 * Data tables: rows of data, not logic, read one row at a time. They may be longer.
 * - errors/advice.ts: the advice for each AWS error code, service and operation.
 */
const DATA_TABLES = ['nodes/shared/errors/advice.ts'];

function productFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return productFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

const repoPath = (file: string) => relative(ROOT, file).split(sep).join('/');

describe('layout', () => {
	it(`keeps at most ${MAX_LOOSE_FILES} loose .ts files directly in nodes/shared`, () => {
		const loose = readdirSync(join(ROOT, 'nodes/shared')).filter(
			(name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
		);
		expect(loose.length).toBeGreaterThan(0);
		expect(loose.length).toBeLessThanOrEqual(MAX_LOOSE_FILES);
	});

	it(`has no product file over ${MAX_LINES} lines but the data tables`, () => {
		const files = [
			...productFiles(join(ROOT, 'nodes')),
			...productFiles(join(ROOT, 'credentials')),
		];
		const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length;
		const long = files
			.map((file) => ({ file: repoPath(file), lines: lines(file) }))
			.filter(({ file, lines }) => lines > MAX_LINES && !DATA_TABLES.includes(file));
		expect(long).toEqual([]);
		// Each exception is still a file of the tree, and still long (else it leaves the list).
		for (const table of DATA_TABLES) expect(lines(join(ROOT, table))).toBeGreaterThan(MAX_LINES);
	});
});
