import Alpine from '../lib/alpinejs/alpine-csp.esm.min.js';
import { chat } from './chat.js';

Alpine.data('chat', chat);
Alpine.start();
