#!/usr/bin/env node
// The `lk` executable.
import { main } from '@lk/cli';

main();
