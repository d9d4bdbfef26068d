// Compiles the message catalogues into src/lib/paraglide without starting Vite, so that a fresh
// clone can be type-checked and linted before its first build.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.config.js';

await compile(paraglideOptions);
