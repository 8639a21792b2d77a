import { contextAnswer } from './contextAnswer';

const prompt = (system: string, question: string) => ({
	input: {
		messages: [{ role: 'user', content: [{ text: question }] }],
		system: [{ text: system }],
		stopSequences: [],
	},
	question,
});

const TEMPLATE = `You are an assistant for question-answering tasks. Use the following pieces of retrieved context to answer the question.
----------------
Context: `;

describe('the emulator model answering from retrieved context', () => {
	it('quotes the passage that shares the most words with the question', () => {
		const { input, question } = prompt(
			`${TEMPLATE}Shipping takes 3 to 5 days.\n\nItems can be returned within 30 days for a refund.\n\nWarranty is two years.`,
			'How many days do I have to return items for a refund?',
		);
		expect(contextAnswer(input as never, question)).toBe(
			'From the context: Items can be returned within 30 days for a refund.',
		);
	});

	it('says it does not know when the context is empty, and stays out of prompts without one', () => {
		const empty = prompt(TEMPLATE, 'Anything?');
		expect(contextAnswer(empty.input as never, empty.question)).toMatch(/^I don't know/);
		const plain = prompt('You are helpful.', 'Context: is not in the system prompt');
		expect(contextAnswer(plain.input as never, plain.question)).toBeUndefined();
	});
});
