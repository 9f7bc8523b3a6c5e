#!/usr/bin/env node
// Committed stub: a `bin` pointing into dist/ is not linked in a fresh clone. Build first (`pnpm build`).
import { runFromProcess } from '../dist/main.js';

await runFromProcess();
