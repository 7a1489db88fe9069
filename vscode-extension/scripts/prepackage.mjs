// Copies the engine jar built by the Maven reactor into server/ so that `vsce package` ships it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.resolve(here, '..');
const source = path.resolve(ext, '..', 'server', 'target', 'trestle-server.jar');
const target = path.join(ext, 'server', 'trestle-server.jar');
if (!fs.existsSync(source)) {
  console.error(`prepackage: ${source} is missing. Build it first: (cd .. && mvn -q -DskipTests package)`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`prepackage: copied ${path.relative(ext, source)} -> ${path.relative(ext, target)}`);
