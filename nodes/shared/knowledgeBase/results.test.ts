import type { Citation, RetrievalResultLocation } from '@aws-sdk/client-bedrock-agent-runtime';

import { toCitations, toLocation, toResult } from './results';

describe('retrieval results as items', () => {
	it.each<[RetrievalResultLocation, object]>([
		[
			{ type: 'S3', s3Location: { uri: 's3://b/k.md' } },
			{ type: 'S3', uri: 's3://b/k.md' },
		],
		[
			{ type: 'WEB', webLocation: { url: 'https://w' } },
			{ type: 'WEB', url: 'https://w' },
		],
		[
			{ type: 'CONFLUENCE', confluenceLocation: { url: 'https://c' } },
			{ type: 'CONFLUENCE', url: 'https://c' },
		],
		[
			{ type: 'SALESFORCE', salesforceLocation: { url: 'https://s' } },
			{ type: 'SALESFORCE', url: 'https://s' },
		],
		[
			{ type: 'SHAREPOINT', sharePointLocation: { url: 'https://p' } },
			{ type: 'SHAREPOINT', url: 'https://p' },
		],
		[
			{ type: 'CUSTOM', customDocumentLocation: { id: 'doc-7' } },
			{ type: 'CUSTOM', id: 'doc-7' },
		],
		[
			{ type: 'KENDRA', kendraDocumentLocation: { uri: 'https://k' } },
			{ type: 'KENDRA', uri: 'https://k' },
		],
		[
			{ type: 'SQL', sqlLocation: { query: 'SELECT 1' } },
			{ type: 'SQL', query: 'SELECT 1' },
		],
		[
			{ type: 'ONEDRIVE', oneDriveLocation: { url: 'https://o' } },
			{ type: 'ONEDRIVE', url: 'https://o' },
		],
		[
			{ type: 'GOOGLEDRIVE', googleDriveLocation: { url: 'https://g' } },
			{ type: 'GOOGLEDRIVE', url: 'https://g' },
		],
	])('flattens a %j location', (location, expected) => {
		expect(toLocation(location)).toEqual(expected);
	});

	it('gives rows as column lines, and names a content type other than text', () => {
		expect(
			toResult({
				content: {
					type: 'ROW',
					row: [
						{ columnName: 'id', columnValue: '7', type: 'LONG' },
						{ columnName: 'name', columnValue: 'Ada', type: 'STRING' },
					],
				},
				location: { type: 'SQL', sqlLocation: { query: 'SELECT *' } },
				score: 0.9,
				metadata: { table: 'users' },
			}),
		).toEqual({
			text: 'id: 7\nname: Ada',
			score: 0.9,
			contentType: 'ROW',
			location: { type: 'SQL', query: 'SELECT *' },
			metadata: { table: 'users' },
		});
	});
});

describe('citations as items', () => {
	const output = 'Alpha is first. Beta follows. Alpha is first.';
	const part = (text: string, span?: { start: number; end: number }): Citation => ({
		generatedResponsePart: { textResponsePart: { text, span } },
		retrievedReferences: [
			{
				content: { type: 'TEXT', text: `source of ${text}` },
				location: { type: 'S3', s3Location: { uri: 's3://b/x' } },
			},
		],
	});

	it('keeps the spans AWS gives', () => {
		const [citation] = toCitations([part('Beta follows.', { start: 16, end: 28 })], output);
		expect(citation).toEqual({
			text: 'Beta follows.',
			span: { start: 16, end: 28 },
			references: [
				{
					text: 'source of Beta follows.',
					location: { type: 'S3', uri: 's3://b/x' },
					metadata: {},
				},
			],
		});
		expect(output.slice(16, 29)).toBe('Beta follows.');
	});

	it('finds the span of a citation without one, in order, so repeated text maps to its own place', () => {
		const citations = toCitations(
			[part('Alpha is first.'), part('Beta follows.'), part('Alpha is first.')],
			output,
		);
		expect(citations.map((c) => c.span)).toEqual([
			{ start: 0, end: 14 },
			{ start: 16, end: 28 },
			{ start: 30, end: 44 },
		]);
		for (const c of citations) {
			const span = c.span as { start: number; end: number };
			expect(output.slice(span.start, span.end + 1)).toBe(c.text);
		}
	});

	it('leaves the span empty when the text is not in the answer', () => {
		expect(toCitations([part('Gamma.')], output)[0].span).toEqual({});
		expect(toCitations(undefined, output)).toEqual([]);
	});
});
