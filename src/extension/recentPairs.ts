import * as vscode from 'vscode';

const KEY = 'driftInspector.recentPairs';
const LIMIT = 10;

export interface DatasetPair {
  readonly reference: vscode.Uri;
  readonly current: vscode.Uri;
}

/** Recently compared pairs, newest first, kept per workspace. */
export class RecentPairs {
  constructor(private readonly memento: vscode.Memento) {}

  list(): DatasetPair[] {
    const raw = this.memento.get<Array<[string, string]>>(KEY, []);
    return raw.map(([r, c]) => ({ reference: vscode.Uri.parse(r), current: vscode.Uri.parse(c) }));
  }

  async remember(pair: DatasetPair): Promise<void> {
    const key = (p: DatasetPair) => `${p.reference.toString()}\n${p.current.toString()}`;
    const rest = this.list().filter((p) => key(p) !== key(pair));
    const next = [pair, ...rest].slice(0, LIMIT).map((p) => [p.reference.toString(), p.current.toString()]);
    await this.memento.update(KEY, next);
  }
}
