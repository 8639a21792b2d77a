import { compact, firstChoice, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/** DeepSeek R1 answers as a text completion: choices[0].text pieces, stop_reason at the end. */
export const deepseek: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'deepseek' && model.startsWith('r1'),
	defaultPaths: {
		text: '$.choices[0].text',
		stopReason: '$.choices[0].stop_reason',
	},
	readStream(chunk) {
		const choice = firstChoice(chunk) ?? {};
		return { text: str(choice.text), stopReason: str(choice.stop_reason) };
	},
	finalEvent: false,
	example: {
		prompt: '<｜begin▁of▁sentence｜><｜User｜>{{prompt}}<｜Assistant｜><think>\n',
		max_tokens: 4096,
	},
	assemble: (_chunks, totals) =>
		compact({ choices: [{ text: totals.text, stop_reason: totals.stopReason }] }),
};
