/**
 * The example workflows in examples/: one per node and a chat, imported by `npm run dev` and
 * executed by the e2e suite. A workflow that uses a node type package.json does not list (yet)
 * is skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowFile } from './n8n';
import { packageNodeTypes, readPackageJson, REPO_ROOT } from './paths';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

export interface Examples {
	workflows: Array<WorkflowFile & { file: string }>;
	skipped: Array<{ file: string; missing: string[] }>;
}

export function loadExamples(dir = EXAMPLES_DIR): Examples {
	const pkg = readPackageJson();
	const available = new Set(packageNodeTypes(pkg));
	const result: Examples = { workflows: [], skipped: [] };
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowFile;
		const missing = workflow.nodes
			.map((n) => n.type)
			.filter((t) => t.startsWith(`${pkg.name}.`) && !available.has(t));
		if (missing.length) result.skipped.push({ file, missing: [...new Set(missing)] });
		else result.workflows.push({ ...workflow, file });
	}
	return result;
}

/** The workflow as n8n imports it (without the file name loadExamples adds). */
export function withoutFile(example: WorkflowFile & { file: string }): WorkflowFile {
	const workflow: WorkflowFile & { file?: string } = { ...example };
	delete workflow.file;
	return workflow;
}

/**
 * A workflow holding only a Manual Trigger: the canvas a user has when they look for the next
 * node (with an AI node on the canvas n8n's node creator searches differently).
 */
export const TRIGGER_ONLY_WORKFLOW: WorkflowFile = {
	id: 'triggerOnly00001',
	name: 'A trigger only',
	nodes: [
		{
			id: 'trigger-only-manual-trigger',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};
