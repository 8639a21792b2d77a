import { compact, isObject, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/** Mistral models that only speak the text-completion API (`prompt` in, `outputs[]` out). */
const TEXT_COMPLETION_MODELS = [
	'mistral-7b-instruct',
	'mixtral-8x7b-instruct',
	'mistral-large-2402',
	'mistral-small-2402',
];

export const isMistralTextCompletion = (model: string): boolean =>
	TEXT_COMPLETION_MODELS.some((name) => model.startsWith(name));

/** Mistral text completion: outputs[0].text pieces, outputs[0].stop_reason at the end. */
export const mistral: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'mistral' && isMistralTextCompletion(model),
	defaultPaths: {
		text: '$.outputs[0].text',
		stopReason: '$.outputs[0].stop_reason',
	},
	readStream(chunk) {
		const output =
			Array.isArray(chunk.outputs) && isObject(chunk.outputs[0]) ? chunk.outputs[0] : {};
		return { text: str(output.text), stopReason: str(output.stop_reason) };
	},
	finalEvent: false,
	example: { prompt: '<s>[INST] {{prompt}} [/INST]', max_tokens: 1024 },
	assemble: (_chunks, totals) =>
		compact({ outputs: [{ text: totals.text, stop_reason: totals.stopReason }] }),
};
