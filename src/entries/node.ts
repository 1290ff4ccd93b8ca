/**
 * @module entries/node
 * The `hardday` command on Node. Wiring only: everything it runs lives in src/platform/node.
 */
import { main } from '../platform/node/main';

main(process.argv.slice(2), process.env, process.cwd()).then((code) => {
  if (code >= 0) process.exit(code);
});
