#!/usr/bin/env node
// The `gradschool` executable: registers tsx so Node runs the TypeScript sources, then hands the
// arguments to cli/main.ts. Sets the exit code rather than exiting, so output is flushed first.

import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
