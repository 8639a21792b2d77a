/**
 * The node-level description of every node of package.json, as its class builds it: what n8n's
 * lint checks only on the literal part of the class, checked on the whole description.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/paths';
import { isSubNode, packageNodes } from './packageNodes';

const nodes = packageNodes();

describe.each(nodes.map((node) => [node.description.displayName, node] as const))(
	'%s',
	(_name, node) => {
		const { description } = node;

		it('has a light and a dark icon, both files of the package and not the same', () => {
			const icon = description.icon as { light: string; dark: string };
			const file = (path: string) => join(REPO_ROOT, node.folder, path.replace(/^file:/, ''));
			expect(existsSync(file(icon.light))).toBe(true);
			expect(existsSync(file(icon.dark))).toBe(true);
			expect(readFileSync(file(icon.light), 'utf8')).not.toBe(
				readFileSync(file(icon.dark), 'utf8'),
			);
		});

		it('has a subtitle, its display name as default name, version 1', () => {
			expect(description.subtitle).toMatch(/^=\{\{ .+ \}\}$/);
			expect(description.defaults.name).toBe(description.displayName);
			expect(description.version).toBe(1);
		});

		if (isSubNode(node)) {
			it('is a sub-node: no main input, not offered as a tool', () => {
				expect(description.inputs).toEqual([]);
				expect(description.usableAsTool).toBeUndefined();
				expect(description.outputNames).toHaveLength(1);
			});
		} else {
			it('is an action node: one main input and output, usable as a tool', () => {
				expect(description.inputs).toEqual(['main']);
				// One main output, or main outputs chosen by an expression (Passed and Intervened).
				if (typeof description.outputs === 'string') {
					expect(description.outputs).toMatch(/^=\{\{ .*\[\{ type: 'main'.*\}\}$/);
				} else {
					expect(description.outputs).toEqual(['main']);
				}
				expect(description.usableAsTool).toBe(true);
			});
		}
	},
);
