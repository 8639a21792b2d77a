import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The layers of the package, bottom first. A file may import its own layer or a lower one, never
 * a higher one: transport knows nothing of credentials, auth nothing of SDK clients, clients
 * nothing of advice, errors nothing of the toolkit, and none of them anything of n8n nodes. The
 * toolkit is every other folder of nodes/shared (descriptions, items, pickers, converse, supply,
 * parameters, credentialTest, throttle) and its loose files.
 */
const LAYERS = [
	{ name: 'transport', folder: 'nodes/shared/transport' },
	{ name: 'auth', folder: 'nodes/shared/auth' },
	{ name: 'clients', folder: 'nodes/shared/clients' },
	{ name: 'errors', folder: 'nodes/shared/errors' },
	{ name: 'toolkit', folder: 'nodes/shared' },
	{ name: 'nodes and credentials', folder: '' },
] as const;

const ROOT = resolve(__dirname, '../..');

function layerOf(file: string): number {
	const path = (file.startsWith(ROOT) ? relative(ROOT, file) : file).split(sep).join('/');
	return LAYERS.findIndex(({ folder }) => folder === '' || path.startsWith(`${folder}/`));
}

function productFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return productFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

/** Where a relative module specifier points, as a .ts file (or a folder's index.ts). */
function resolveModule(from: string, specifier: string): string | undefined {
	const base = resolve(dirname(from), specifier);
	for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// not this one
		}
	}
	return undefined;
}

/** Every import of a file, static, dynamic and type-only, that points into the package. */
function importsOf(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.map(({ fileName }) => fileName)
		.filter((specifier) => specifier.startsWith('.'))
		.flatMap((specifier) => resolveModule(file, specifier) ?? []);
}

/** `from -> to (lower layer -> higher layer)` for each import that points up. */
function upwardImports(files: string[], imports: (file: string) => string[] = importsOf): string[] {
	const found: string[] = [];
	for (const file of files) {
		const layer = layerOf(file);
		for (const target of imports(file)) {
			const targetLayer = layerOf(target);
			if (targetLayer > layer) {
				found.push(
					`${relative(ROOT, file)} -> ${relative(ROOT, target)} (${LAYERS[layer].name} imports ${LAYERS[targetLayer].name})`,
				);
			}
		}
	}
	return found;
}

describe('layers', () => {
	const files = [...productFiles(join(ROOT, 'nodes')), ...productFiles(join(ROOT, 'credentials'))];

	it('finds the product files and their imports', () => {
		expect(files.length).toBeGreaterThan(40);
		const clients = files.find((file) => file.endsWith(join('shared', 'clients', 'index.ts')));
		expect(clients && importsOf(clients).map((target) => layerOf(target))).toContain(1);
	});

	it('no file imports from a higher layer (transport <- auth <- clients <- errors <- toolkit <- nodes)', () => {
		expect(upwardImports(files)).toEqual([]);
	});

	it.each([
		['nodes/shared/errors/index.ts', 'nodes/shared/items/router.ts', 'errors imports toolkit'],
		[
			'nodes/shared/items/router.ts',
			'nodes/BedrockConverse/description.ts',
			'toolkit imports nodes and credentials',
		],
		['nodes/shared/auth/secrets.ts', 'nodes/shared/clients/index.ts', 'auth imports clients'],
		['nodes/shared/transport/http.ts', 'nodes/shared/auth/scope.ts', 'transport imports auth'],
	])('reports an upward import: %s -> %s', (from, to, words) => {
		expect(upwardImports([from], () => [to])).toEqual([`${from} -> ${to} (${words})`]);
	});
});
