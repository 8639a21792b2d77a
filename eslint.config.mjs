import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import regexp from 'eslint-plugin-regexp';

export default [
	...configWithoutCloudSupport,
	{
		// No regular expression of the shipped code may backtrack super-linearly: user-typed and
		// remote text meets them (issue 19). Sticky patterns cannot move, so only their
		// backtracking counts. Patterns built at run time cannot be checked, so there are none.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		ignores: ['**/*.test.ts'],
		plugins: { regexp },
		rules: {
			'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
			'regexp/no-super-linear-move': [
				'error',
				{ report: 'potential', ignoreSticky: true, ignorePartial: false },
			],
			'regexp/no-misleading-capturing-group': 'error',
			'regexp/no-invalid-regexp': 'error',
			'no-restricted-syntax': [
				'error',
				{
					selector: "NewExpression[callee.name='RegExp'], CallExpression[callee.name='RegExp']",
					message:
						'Write a regular expression literal: eslint-plugin-regexp cannot check a pattern built at run time for super-linear backtracking.',
				},
			],
		},
	},
	{
		// Self-hosted package by design: it ships the AWS SDK v3 clients, aws4, node-forge and
		// jsonpath-plus as runtime dependencies (docs/security.md, "Supply chain").
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// The Embeddings, Reranker and Knowledge Base Retriever sub-nodes hand n8n objects of n8n's
		// own LangChain classes (its root nodes and log wrapper test instanceof) and wrap them with
		// n8n's own log wrapper: @langchain/core and @n8n/ai-utilities are peers, resolved like
		// @n8n/ai-node-sdk to n8n's copies through the NODE_PATH n8n sets (one @langchain/core in
		// the process). @n8n/ai-node-sdk 0.31 offers none of these. docs/installation.md.
		files: ['package.json'],
		rules: { '@n8n/community-nodes/valid-peer-dependencies': 'off' },
	},
	{
		// Below the n8n boundary: providers throw typed AuthError / CredentialValidationError
		// (field, code, request ID); nodes/shared/errors/ turns them into NodeApiError /
		// NodeOperationError with the item index before n8n sees them. The quota limiter
		// (throttle/) and the clients' retry with a new session (clients/) hand AWS's own error back
		// unchanged for the node to map the same way, with its model and region.
		files: [
			'nodes/shared/auth/**/*.ts',
			'nodes/shared/clients/**/*.ts',
			'nodes/shared/transport/**/*.ts',
			'nodes/shared/throttle/**/*.ts',
		],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The nodes build their credential lists with one factory (nodes/shared/descriptions/authentication.ts), each
		// entry with testedBy: 'bedrockCredentialTest'. This rule reads testedBy only from literal
		// arrays in node files, so it cannot see them; nodes/shared/descriptions/authentication.test.ts checks the same
		// on the descriptions the nodes really build.
		files: ['credentials/*.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-test-required': 'off' },
	},
	{
		// documentationUrl is built from the one base address the publisher sets
		// (nodes/shared/descriptions/docs.ts: docsUrl(...)); this rule sees only string literals.
		// test/editor/docsLinks.test.ts checks every credential links to its own page.
		files: ['credentials/*.credentials.ts'],
		rules: { 'n8n-nodes-base/cred-class-field-documentation-url-missing': 'off' },
	},
	{
		// Tests and the emulator use fake, emulator-only keys and fixture passwords on purpose.
		files: ['test/**/*.ts', '**/*.test.ts'],
		rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
	},
	{
		// The X.509 tests build a few inputs (legacy PKCS#12, P-521 keys, keys and bundles at the
		// iteration limit) with the openssl CLI.
		files: ['nodes/shared/auth/x509.test.ts', 'nodes/shared/auth/x509Limits.test.ts'],
		rules: { '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
	{
		// The tooling tests run scripts and ESLint as CI runs them, in child processes; the
		// backtracking tests time product code in a child process they can kill at a deadline; the
		// listener-warning test reads what a batch prints in a process of its own.
		files: [
			'test/tooling/**/*.ts',
			'test/helpers/timedChild.ts',
			'test/hardening/listenerWarnings.test.ts',
		],
		rules: { '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
	{
		// Dev tooling, not shipped (package.json "files" is dist/ only): scripts/ installs and
		// drives a local n8n (npm, tar and the n8n CLI as child processes) and holds the fixed,
		// local-only encryption key of the `npm run dev` instance.
		files: ['scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
		},
	},
];
