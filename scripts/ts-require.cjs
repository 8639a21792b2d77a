// Lets plain Node require this repository's TypeScript (scripts/lib, test/emulator) by
// transpiling each .ts file on load with the project's own `typescript` (no type check, no
// build folder, so __dirname-relative paths such as the test PKI keep working).
const { readFileSync } = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	resolveJsonModule: true,
	inlineSourceMap: true,
};

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
		compilerOptions,
		fileName: filename,
	});
	module._compile(outputText, filename);
};
