#!/usr/bin/env node
// Fails when package-lock.json holds an entry `npm ci` cannot install: a package without a
// version (npm's arborist then stops with "Invalid Version:"), or a registry package without the
// integrity that a clean install from an empty cache checks it against. (Download addresses are
// optional: this machine's npm writes lockfiles without them and resolves from its registry.) npm has written
// such lockfiles for optional platform packages (@unrs/resolver-binding-*), so `npm run lock` and
// CI both run this check instead of trusting the writer.
//
//   node scripts/check-lock.mjs [path/to/package-lock.json]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Lists what is wrong with one parsed lockfile; an empty list means `npm ci` can use it. */
export function lockfileProblems(lock) {
	const problems = [];
	if (lock.lockfileVersion !== 3) {
		problems.push(`lockfileVersion is ${lock.lockfileVersion}, expected 3`);
	}
	const packages = lock.packages ?? {};
	if (!packages['']) problems.push('no root entry ("") in packages');
	for (const [path, entry] of Object.entries(packages)) {
		if (path === '' || entry.link) continue;
		if (!entry.version) {
			problems.push(`${path}: no version`);
			continue;
		}
		// Bundled packages come inside their parent's tarball; everything else is downloaded.
		if (entry.inBundle) continue;
		if (!entry.integrity) problems.push(`${path}: no integrity`);
	}
	return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const file = process.argv[2] ?? 'package-lock.json';
	const problems = lockfileProblems(JSON.parse(readFileSync(file, 'utf8')));
	if (problems.length > 0) {
		console.error(`${file}: ${problems.length} entries npm ci cannot install:`);
		for (const problem of problems.slice(0, 50)) console.error(`  ${problem}`);
		console.error('Regenerate it with `npm run lock`.');
		process.exit(1);
	}
	console.log(`${file}: every entry has a version and an integrity`);
}
