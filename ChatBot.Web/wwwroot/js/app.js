// @ts-check
// The chat page's entry point: Alpine's CSP build (no eval), with the directive that shows formatted text,
// started with the chat component, which formats messages with markdown-it's browser build.
import { chat } from './chat.js';
import { createMarkdown } from './markdown.js';
import { richText } from './rich-text.js';

// Minified libraries are not ours to type-check: imported by names the compiler does not follow.
const alpineBuild = '../lib/alpinejs/alpine-csp.esm.min.js';
const markdownBuild = '../lib/markdown-it/markdown-it.esm.min.js';

/** @type {{ data(name: string, component: () => object): void, directive(name: string, handler: typeof richText): void, start(): void }} */
const Alpine = (await import(alpineBuild)).default;
/** @type {import('./markdown.js').MarkdownItFactory} */
const markdownit = (await import(markdownBuild)).default;
Alpine.directive('rich', richText);
Alpine.data('chat', () => chat(createMarkdown(markdownit)));
Alpine.start();
