import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', '..', 'src');

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

describe('code boundaries (docs/style.md)', () => {
  for (const area of ['core', 'shared', 'webview', 'cli']) {
    it(`src/${area} never imports vscode`, () => {
      for (const f of files(path.join(SRC, area))) {
        const text = fs.readFileSync(f, 'utf8');
        assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/, f);
      }
    });
  }
  it('src/core never imports src/threads or src/extension (it is given a TaskRunner instead)', () => {
    for (const f of files(path.join(SRC, 'core'))) {
      assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /from\s+['"](\.\.\/)+(threads|extension)\//, f);
    }
  });
  it('src/shared and src/webview use no Node built-ins', () => {
    for (const f of [...files(path.join(SRC, 'shared')), ...files(path.join(SRC, 'webview'))]) {
      assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /from\s+['"](node:|fs|path|os|child_process)['"]/, f);
    }
  });
});
