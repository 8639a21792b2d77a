#!/usr/bin/env node
// Refuses to publish while the package still names the placeholder host `n8n-nodes-bedrock-iam.invalid`
// (package.json homepage, repository and author e-mail; DOCS_BASE_URL in nodes/shared/descriptions/docs.ts,
// from which every node's and credential's Docs link is built). A publisher sets the real
// addresses once; until then `npm publish` stops here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = 'n8n-nodes-bedrock-iam.invalid';
const roots = ['package.json', 'credentials', 'nodes'];

function* files(path) {
	if (statSync(path).isDirectory()) {
		for (const name of readdirSync(path)) yield* files(join(path, name));
	} else if (/\.(json|ts)$/.test(path) && !/\.test\.ts$/.test(path)) {
		yield path;
	}
}

const found = roots
	.flatMap((root) => [...files(root)])
	.filter((file) => readFileSync(file, 'utf8').includes(PLACEHOLDER));
if (found.length > 0) {
	console.error(`Set the publisher's addresses before publishing; ${PLACEHOLDER} is still in:`);
	for (const file of found) console.error(`  ${file}`);
	process.exit(1);
}
