import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { chosenParameter, matchesFilter, MAX_PAGES, namedItems, readPages } from './search';

describe('the pickers', () => {
	it('list summaries as Name (ID) entries by name, leaving out those without an ID', () => {
		const summaries = [
			{ name: 'Zeta', id: 'Z1', status: 'READY' },
			{ name: 'No ID', id: undefined, status: 'READY' },
			{ name: undefined, id: 'A2', status: undefined },
			{ name: 'Beta 10', id: 'B10', status: 'DRAFT' },
			{ name: 'Beta 9', id: 'B9', status: 'DRAFT' },
		];
		expect(namedItems(summaries, (s) => [s.name, s.id, s.status])).toEqual([
			{ name: 'A2 (A2)', value: 'A2', description: undefined },
			{ name: 'Beta 9 (B9)', value: 'B9', description: 'DRAFT' },
			{ name: 'Beta 10 (B10)', value: 'B10', description: 'DRAFT' },
			{ name: 'Zeta (Z1)', value: 'Z1', description: 'READY' },
		]);
	});

	it('search one way: the typed text in the name or the ID, any case', () => {
		const kb = {
			name: 'Shipping FAQ (KB12345678)',
			value: 'KB12345678',
			description: 'ACTIVE · routes',
		};
		expect(matchesFilter('faq', kb)).toBe(true);
		expect(matchesFilter(' kb1234 ', kb)).toBe(true);
		expect(matchesFilter('routes', kb)).toBe(false);
		expect(matchesFilter('', kb)).toBe(true);
		expect(matchesFilter('x', { name: 'Inference profiles not listed: denied', value: '' })).toBe(
			true,
		);
	});

	it('read at most MAX_PAGES pages', async () => {
		let pages = 0;
		const items = await readPages(async (token) => {
			pages++;
			return { items: [token ?? 'first'], nextToken: `page${pages}` };
		});
		expect(pages).toBe(MAX_PAGES);
		expect(items[0]).toBe('first');
	});

	it('read a chosen parameter as the editor holds it, else as saved, a locator by its value', () => {
		const ctx = (current: unknown, saved: unknown) =>
			({
				getCurrentNodeParameter: () => {
					if (current instanceof Error) throw current;
					return current;
				},
				getNodeParameter: () => saved,
			}) as unknown as ILoadOptionsFunctions;
		expect(chosenParameter(ctx({ __rl: true, value: ' AB12CD34EF ' }, 'X'), 'agent')).toBe(
			'AB12CD34EF',
		);
		expect(chosenParameter(ctx(new Error('not in the editor'), 'SAVED'), 'agent')).toBe('SAVED');
		expect(chosenParameter(ctx('', undefined), 'agent')).toBe('');
	});
});
