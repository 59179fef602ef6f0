// Reproduces data/sklearn/: downloads Debian's python3-sklearn 1.2.1 package (without installing
// it), unpacks it in a temporary folder and copies the small tabular data sets, checking each hash.
// Usage: node scripts/vendor-sklearn.mjs   (needs apt-get, dpkg; run `apt-get update` first)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const version = '1.2.1+dfsg-1';
const files = {
  'iris.csv': 'f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449',
  'wine_data.csv': '10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede',
  'breast_cancer.csv': 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed',
  'digits.csv.gz': '46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a',
  'diabetes_data_raw.csv.gz': 'fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff',
  'diabetes_target.csv.gz': 'bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'data', 'sklearn');
const work = mkdtempSync(join(tmpdir(), 'vendor-sklearn-'));
try {
  execFileSync('apt-get', ['download', `python3-sklearn=${version}`], { cwd: work, stdio: 'inherit' });
  const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download produced no .deb file');
  execFileSync('dpkg', ['-x', deb, 'x'], { cwd: work, stdio: 'inherit' });
  const source = join(work, 'x/usr/lib/python3/dist-packages/sklearn/datasets/data');
  mkdirSync(target, { recursive: true });
  for (const [name, sha256] of Object.entries(files)) {
    const got = createHash('sha256').update(readFileSync(join(source, name))).digest('hex');
    if (got !== sha256) throw new Error(`${name}: sha256 ${got} differs from the recorded ${sha256}`);
    copyFileSync(join(source, name), join(target, name));
    console.log(`copied ${name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
