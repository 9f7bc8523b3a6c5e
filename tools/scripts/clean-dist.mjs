// Removes the package's dist/ before a build so that no file of a deleted source survives in it.
import { rmSync } from 'node:fs';
rmSync('dist', { recursive: true, force: true });
