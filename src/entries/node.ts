/**
 * @module entries/node
 * The `hardday` command on Node. Wiring only: everything it runs lives in src/platform/node.
 */
import { runCli } from '../platform/node/cli';

runCli(process.argv.slice(2), process.env).then((code) => {
  if (code >= 0) process.exit(code);
});
