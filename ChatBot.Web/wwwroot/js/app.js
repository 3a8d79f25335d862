// @ts-check
// The chat page's entry point: Alpine's CSP build (no eval), started with the chat component.
import { chat } from './chat.js';

// A minified library is not ours to type-check: imported by a name the compiler does not follow.
const alpineBuild = '../lib/alpinejs/alpine-csp.esm.min.js';

/** @type {{ data(name: string, component: () => object): void, start(): void }} */
const Alpine = (await import(alpineBuild)).default;
Alpine.data('chat', chat);
Alpine.start();
