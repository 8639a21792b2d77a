/**
 * Every action node of package.json offers the options every action node has, in every
 * operation: Throttling Budget, Max Attempts and Max Concurrent Requests. Read from the
 * descriptions the node classes build, so a node added to package.json is covered as it is.
 */
import type { INodeProperties } from 'n8n-workflow';

import { isSubNode, packageNodes } from './packageNodes';

const SHARED = {
	throttlingBudget: 'Throttling Budget (Seconds)',
	maxAttempts: 'Max Attempts',
	maxConcurrency: 'Max Concurrent Requests',
};

const actionNodes = packageNodes().filter((node) => !isSubNode(node));

/** The operations of a node: the values of its Operation parameter, or the one it has. */
function operationsOf(properties: INodeProperties[]): Array<string | undefined> {
	const operation = properties.find((p) => p.name === 'operation');
	return operation?.options?.map((o) => ('value' in o ? String(o.value) : '')) ?? [undefined];
}

/** The Options collection shown for an operation. */
function optionsShownFor(properties: INodeProperties[], operation: string | undefined) {
	return properties.filter(
		(p) =>
			p.name === 'options' &&
			p.type === 'collection' &&
			(operation === undefined ||
				!p.displayOptions?.show?.operation ||
				p.displayOptions.show.operation.includes(operation)),
	);
}

describe('the options of every action node', () => {
	it('finds the action nodes of package.json', () => {
		expect(actionNodes.map((n) => n.description.name).sort()).toEqual(
			expect.arrayContaining(['bedrockConverse', 'bedrockKnowledgeBase']),
		);
		expect(actionNodes.length).toBeGreaterThanOrEqual(4);
	});

	const cases = actionNodes.flatMap((node) =>
		operationsOf(node.description.properties).map(
			(operation) =>
				[
					node.description.displayName,
					operation ?? '(its one operation)',
					node,
					operation,
				] as const,
		),
	);

	it.each(cases)(
		'%s, %s: Throttling Budget, Max Attempts, Max Concurrent Requests',
		(_n, _o, node, operation) => {
			const collections = optionsShownFor(node.description.properties, operation);
			expect(collections).toHaveLength(1);
			const shown = Object.fromEntries(
				(collections[0].options as INodeProperties[]).map((o) => [o.name, o.displayName]),
			);
			for (const [name, displayName] of Object.entries(SHARED))
				expect(shown[name]).toBe(displayName);
		},
	);
});
