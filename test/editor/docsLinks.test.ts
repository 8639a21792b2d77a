/**
 * Every Docs link of the package (each node's codex, each credential's documentationUrl) is an
 * absolute address built from the one base address the publisher sets, pointing at a
 * `docs/<page>.md` page of the one table of pages: its own page for every node and credential
 * type, and the guides beside them.
 */
import type { ICredentialType } from 'n8n-workflow';

import { readPackageJson, packageCredentialTypes, REPO_ROOT } from '../../scripts/lib/paths';
import { DOCS_BASE_URL, DOCS_PAGES, docsUrl } from '../../nodes/shared/descriptions/docs';
import { packageNodes } from './packageNodes';

const pageUrls = new Set(
	Object.values(DOCS_PAGES).map((page) => `${DOCS_BASE_URL}docs/${page}.md`),
);

function credentialForms(): ICredentialType[] {
	return readPackageJson().n8n.credentials.map((distFile) => {
		const cls = distFile.replace(/^.*\//, '').replace(/\.credentials\.js$/, '');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const Class = require(`${REPO_ROOT}/credentials/${cls}.credentials`)[cls];
		return new Class() as ICredentialType;
	});
}

describe('documentation links', () => {
	it('the table has one page per node, one per credential type, and the guides', () => {
		const names = [
			...packageNodes().map((n) => n.description.name),
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

	it.each(packageNodes().map((n) => [n.description.name, n] as const))(
		'%s links to its own page and to the page of each credential type it takes',
		(name, node) => {
			const resources = node.description.codex?.resources;
			expect(resources?.primaryDocumentation).toEqual([
				{ url: docsUrl(name as keyof typeof DOCS_PAGES) },
			]);
			expect(resources?.credentialDocumentation?.map((d) => d.url)).toEqual(
				(node.description.credentials ?? []).map((c) => docsUrl(c.name as keyof typeof DOCS_PAGES)),
			);
			for (const { url } of [
				...(resources?.primaryDocumentation ?? []),
				...(resources?.credentialDocumentation ?? []),
			])
				expect(pageUrls).toContain(url);
		},
	);

	it.each(credentialForms().map((c) => [c.name, c] as const))(
		'%s links to its own page',
		(name, form) => {
			expect(form.documentationUrl).toBe(docsUrl(name as keyof typeof DOCS_PAGES));
			expect(pageUrls).toContain(form.documentationUrl);
		},
	);
});
