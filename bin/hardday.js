#!/usr/bin/env node
// Runs the TypeScript entry through tsx, so `npx hardday …` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/entries/node.ts');
