/**
 * Every Docs link of the package (each node's codex, each credential's documentationUrl, any
 * other text of a description) is an absolute address built from the one base address the
 * publisher sets, pointing at a `docs/<page>.md` page of the one table of pages: its own page
 * for every node and credential type, and the guides beside them. Each such page exists, with
 * the heading a link's `#anchor` names; the pages link to each other and to their images by
 * relative links that resolve; and a node's or credential's page names every field its form
 * shows, so a field added to a form without its documentation fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { readPackageJson, packageCredentialTypes, REPO_ROOT } from '../../scripts/lib/paths';
import {
	DOCS_BASE_URL,
	DOCS_PAGES,
	docsUrl,
	type DocsPage,
} from '../../nodes/shared/descriptions/docs';
import {
	anchors,
	bashBlockAfter,
	DOCS_DIR,
	isExternal,
	linkTargets,
	markdownFiles,
} from './markdown';
import { packageNodes } from './packageNodes';

const README = join(REPO_ROOT, 'README.md');
/** The page of the connection fields every credential type shares. */
const SHARED_CREDENTIAL_FIELDS = join(DOCS_DIR, 'credentials.md');

const pageUrls = new Set(
	Object.values(DOCS_PAGES).map((page) => `${DOCS_BASE_URL}docs/${page}.md`),
);
const pageFile = (page: DocsPage) => join(DOCS_DIR, `${DOCS_PAGES[page]}.md`);
/** A page's text with line breaks as spaces: a name may wrap in Markdown prose. */
const pageText = (file: string) => readFileSync(file, 'utf8').replace(/\s+/g, ' ');

function credentialForms(): ICredentialType[] {
	return readPackageJson().n8n.credentials.map((distFile) => {
		const cls = distFile.replace(/^.*\//, '').replace(/\.credentials\.js$/, '');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Class = require(`${REPO_ROOT}/credentials/${cls}.credentials`)[cls];
		return new Class() as ICredentialType;
	});
}

/** Every string under a value that starts with the documentation's base address. */
function docsAddressesIn(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return value.startsWith(DOCS_BASE_URL) ? [value] : [];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	return Object.values(value).flatMap((v) => docsAddressesIn(v, seen));
}

/** The names a form shows: its fields, and the entries of its Options collections. */
function fieldNames(properties: readonly INodeProperties[]): string[] {
	const names = properties
		.filter((p) => p.type !== 'notice')
		.flatMap((p) =>
			p.type === 'collection'
				? (p.options ?? []).map((o) => (o as INodeProperties).displayName)
				: [p.displayName],
		);
	return [...new Set(names)];
}

const nodes = packageNodes();
const forms = credentialForms();
/** Each documentation address a description holds, with the nodes and credentials holding it. */
const docsLinks = new Map<string, string[]>();
for (const [owner, description] of [
	...nodes.map((n) => [n.description.name, n.description] as const),
	...forms.map((f) => [f.name, f] as const),
])
	for (const url of docsAddressesIn(description))
		docsLinks.set(url, [...new Set([...(docsLinks.get(url) ?? []), owner])]);

describe('documentation links', () => {
	it('the table has one page per node, one per credential type, and the guides', () => {
		const names = [
			...nodes.map((n) => n.description.name),
			...packageCredentialTypes(),
			'troubleshooting',
			'reliability',
			'performance',
			'contributing',
		];
		expect(Object.keys(DOCS_PAGES).sort()).toEqual(names.sort());
		expect(new Set(Object.values(DOCS_PAGES)).size).toBe(Object.keys(DOCS_PAGES).length);
		expect(DOCS_BASE_URL).toMatch(/^https:\/\/[^/]+\/(.*\/)?$/);
	});

	it('every page of the table is written in docs/', () => {
		const missing = (Object.keys(DOCS_PAGES) as DocsPage[])
			.map(pageFile)
			.filter((file) => !existsSync(file));
		expect(missing).toEqual([]);
	});

	it.each(nodes.map((n) => [n.description.name, n] as const))(
		'%s links to its own page and to the page of each credential type it takes',
		(name, node) => {
			const resources = node.description.codex?.resources;
			expect(resources?.primaryDocumentation).toEqual([{ url: docsUrl(name as DocsPage) }]);
			expect(resources?.credentialDocumentation?.map((d) => d.url)).toEqual(
				(node.description.credentials ?? []).map((c) => docsUrl(c.name as DocsPage)),
			);
			for (const { url } of [
				...(resources?.primaryDocumentation ?? []),
				...(resources?.credentialDocumentation ?? []),
			])
				expect(pageUrls).toContain(url);
		},
	);

	it.each(forms.map((c) => [c.name, c] as const))('%s links to its own page', (name, form) => {
		expect(form.documentationUrl).toBe(docsUrl(name as DocsPage));
		expect(pageUrls).toContain(form.documentationUrl);
	});

	it('finds the links of every node and credential type', () => {
		const linking = new Set([...docsLinks.values()].flat());
		expect([...linking].sort()).toEqual(
			[...nodes.map((n) => n.description.name), ...forms.map((f) => f.name)].sort(),
		);
	});

	it.each([...docsLinks.keys()])('%s is a page in docs/ (with the heading it names)', (url) => {
		const [path, anchor] = url.slice(DOCS_BASE_URL.length).split('#');
		expect(path).toMatch(/^docs\/[a-z0-9-]+\.md$/);
		const file = join(REPO_ROOT, path);
		expect(existsSync(file)).toBe(true);
		if (anchor !== undefined) expect(anchors(file)).toContain(anchor);
	});
});

describe('the documentation pages', () => {
	it('README.md is at most 250 lines', () => {
		expect(readFileSync(README, 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(250);
	});

	it.each(markdownFiles().map((f) => [relative(REPO_ROOT, f), f]))(
		'%s: every relative link reaches a file of the repository, every anchor a heading',
		(_, file) => {
			const broken = linkTargets(file)
				.filter((target) => !isExternal(target))
				.filter((target) => {
					const [path, anchor] = target.split('#');
					const to = path === '' ? file : resolve(dirname(file), decodeURI(path));
					if (relative(REPO_ROOT, to).startsWith('..') || !existsSync(to)) return true;
					return anchor !== undefined && to.endsWith('.md') && !anchors(to).has(anchor);
				});
			expect(broken).toEqual([]);
		},
	);

	it('every file in docs/ is linked from README.md or another page', () => {
		const linked = new Set(
			markdownFiles().flatMap((file) =>
				linkTargets(file)
					.filter((target) => !isExternal(target))
					.map((target) => resolve(dirname(file), decodeURI(target.split('#')[0])))
					.filter((to) => to !== file),
			),
		);
		const orphans = readdirSync(DOCS_DIR).filter((name) => !linked.has(join(DOCS_DIR, name)));
		expect(orphans).toEqual([]);
	});

	it('README.md and docs/installation.md give the same by-hand install commands', () => {
		const readme = bashBlockAfter(README, '**By hand**');
		expect(readme).toContain('npm install --legacy-peer-deps --ignore-scripts');
		expect(bashBlockAfter(join(DOCS_DIR, 'installation.md'), '**By hand**')).toBe(readme);
	});

	it.each(nodes.map((n) => [n.description.name, n] as const))(
		'%s: its page names every parameter and option the node shows',
		(name, node) => {
			const page = pageText(pageFile(name as DocsPage));
			const missing = fieldNames(node.description.properties).filter((f) => !page.includes(f));
			expect(missing).toEqual([]);
		},
	);

	it.each(forms.map((f) => [f.name, f] as const))(
		'%s: its page, or the page of the shared fields, names every field of the form',
		(name, form) => {
			const pages = pageText(pageFile(name as DocsPage)) + pageText(SHARED_CREDENTIAL_FIELDS);
			const missing = fieldNames(form.properties).filter((f) => !pages.includes(f));
			expect(missing).toEqual([]);
		},
	);
});
