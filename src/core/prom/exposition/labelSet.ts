import { setOwn } from '../../format/dataKeys';
import { readQuoted, type Cursor } from './cursor';
import type { IssueLog } from './issues';
import type { Labels } from '../model';

export interface LabelSet {
  /** A quoted name standing alone in the braces: the metric name (`{"my.metric", a="b"}`). */
  readonly metricName?: string;
  readonly labels: Labels;
}

export interface LabelSetSyntax {
  /** Text: blanks around every token and a trailing comma are fine. OpenMetrics: neither. */
  readonly format: 'text' | 'om';
  /** Exemplar labels cannot carry a metric name. */
  readonly exemplar?: boolean;
}

function isLabelNameStart(ch: string): boolean {
  return ch === '"' || ch === '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function describe(ch: string): string {
  return ch === '' ? 'end of input' : ch === '\n' ? 'end of line' : JSON.stringify(ch);
}

/**
 * Reads `{...}` with the cursor on `{`, leaving it after `}`. Label names are legacy names or quoted
 * UTF-8 strings; values are unescaped. Problems go to `log` (`line` is where the sample starts).
 */
export function readLabelSet(c: Cursor, log: IssueLog, line: number, syntax: LabelSetSyntax): LabelSet {
  const om = syntax.format === 'om';
  const labels: Labels = {};
  let metricName: string | undefined;
  c.next(); // {

  const blanks = (): void => {
    if (c.readBlanks() !== '' && om) log.report('om/whitespace', line, 'spaces are not allowed inside the braces in OpenMetrics');
  };

  let afterComma = false;
  for (;;) {
    blanks();
    const ch = c.peek();
    if (ch === '}') {
      if (afterComma && om) log.report('om/trailing-comma', line, 'a trailing comma before "}" is not allowed in OpenMetrics');
      c.next();
      break;
    }
    let name: string;
    let quoted = false;
    if (ch === '"') {
      const q = readQuoted(c, false);
      if (!q.terminated) log.syntax(line, 'unterminated quoted label name');
      if (q.unknownEscapes.length > 0 && !om) log.report('text/label-escape', line, `invalid escape sequence ${q.unknownEscapes[0]} in a label name`);
      name = q.value;
      quoted = true;
    } else {
      name = c.readLegacyName('label');
      if (name === '') log.syntax(line, `invalid label name: expected a label name, found ${describe(ch)}`);
    }
    blanks();
    const after = c.peek();
    if (after === ',' || after === '}') {
      if (!quoted) log.syntax(line, `expected '=' after label name "${name}", found ${describe(after)}`);
      if (syntax.exemplar) log.syntax(line, 'an exemplar cannot carry a metric name');
      if (metricName !== undefined) log.syntax(line, `multiple metric names ("${metricName}", "${name}")`);
      metricName = name;
      c.next();
      afterComma = after === ',';
      if (after === '}') break;
      if (c.peek() === ',' || c.peek() === '}') log.syntax(line, 'expected a label name after ","');
      continue;
    }
    if (after !== '=') log.syntax(line, `expected '=' after label name "${name}", found ${describe(after)}`);
    c.next();
    blanks();
    if (c.peek() !== '"') log.syntax(line, `expected '"' at start of the value of label "${name}", found ${describe(c.peek())}`);
    const q = readQuoted(c, !om);
    if (!q.terminated) log.syntax(line, `unterminated value of label "${name}"`);
    if (q.rawNewlines > 0) log.report('text/label-newline', line, `the value of label "${name}" contains an unescaped line feed`);
    if (q.unknownEscapes.length > 0 && !om) {
      log.report('text/label-escape', line, `invalid escape sequence ${q.unknownEscapes[0]} in the value of label "${name}" (only \\\\, \\" and \\n)`);
    }
    if (c.hasInvalidUtf8(q.value, line)) log.report('label-utf8', line, `the value of label "${name}" is not valid UTF-8`);
    if (name === '__name__') {
      log.report('label-reserved', line, 'label name "__name__" is reserved (the metric name goes before the braces)');
    } else if (Object.prototype.hasOwnProperty.call(labels, name)) {
      log.report('label-duplicate', line, `duplicate label name "${name}"`);
    } else {
      // `__proto__` is a valid label name, and assigning it would set the prototype; every other
      // name is stored by plain assignment (defineProperty per label was a tenth of a large parse).
      if (name === '__proto__') setOwn(labels, name, q.value);
      else labels[name] = q.value;
    }
    blanks();
    const sep = c.peek();
    afterComma = false;
    if (sep === ',') {
      c.next();
      afterComma = true;
      if (om && c.peek() === ',') log.syntax(line, 'expected a label name after ","');
      continue;
    }
    if (sep === '}') continue;
    if (isLabelNameStart(sep)) {
      log.report(om ? 'om/missing-comma' : 'text/missing-comma', line, `missing comma before label "${peekName(c)}"`);
      continue;
    }
    log.syntax(line, `unexpected ${describe(sep)} after the value of label "${name}"`);
  }
  return metricName === undefined ? { labels } : { metricName, labels };
}

function peekName(c: Cursor): string {
  const m = /^[^=,}\s]*/.exec(c.text.slice(c.pos, c.pos + 64));
  return m ? m[0] : '';
}
