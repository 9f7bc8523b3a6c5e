import { register } from 'node:module';

// `node --import <this file>`: installs the module-trace hooks before the program's first import.
register('./module-trace-hooks.js', import.meta.url);
