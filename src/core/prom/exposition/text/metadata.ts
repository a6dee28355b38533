import type { IssueLog } from '../issues';
import { describeChar } from '../cursor';
import type { MetricType } from '../../model';
import { finishLine, readQuotedName, type TextParse } from './state';

/**
 * Comment lines of the text format: `# HELP name text`, `# TYPE name type`, and free comments,
 * which every parser ignores. HELP and TYPE attach to the family of that exact name.
 */

const TEXT_TYPES = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'untyped'],
]);

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

/** Reads a line starting with `#`. */
export function readComment(p: TextParse, line: number): void {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  c.next(); // #
  c.readBlanks();
  if (c.atLineEnd()) return finishLine(p, line);
  const keyword = c.readToken();
  if (keyword === 'EOF' || keyword === 'UNIT') p.openMetricsHint ??= line;
  if (c.atLineEnd() || (keyword !== 'HELP' && keyword !== 'TYPE')) {
    // A free comment (or a bare keyword): ignored by every parser.
    c.readRestOfLine();
    return finishLine(p, line);
  }
  c.readBlanks();
  const name = c.peek() === '"' ? readQuotedName(p, line) : c.readLegacyName('metric');
  if (name === '') log.syntax(line, `invalid metric name in ${keyword} line, found ${describeChar(c.peek())}`);
  if (!c.atLineEnd() && !isBlank(c.peek())) log.syntax(line, `invalid metric name in ${keyword} line ("${name}${c.peek()}...")`);
  c.readBlanks();
  const text = c.atLineEnd() ? undefined : c.readRestOfLine();
  if (keyword === 'HELP') help(p, line, name, text);
  else type(p, line, name, text);
  finishLine(p, line);
}

function help(p: TextParse, line: number, name: string, raw: string | undefined): void {
  const log: IssueLog = p.log;
  const family = p.families.getOrCreate(name, line);
  // expfmt ignores a HELP without text; Prometheus records it as empty.
  if (raw === undefined) {
    family.help ??= '';
    return;
  }
  const text = unescapeHelp(raw, (bad) => log.report('text/help-escape', line, `invalid escape sequence ${bad} in HELP (only \\\\ and \\n)`));
  if (p.c.hasInvalidUtf8(raw, line)) log.report('text/help-utf8', line, `HELP text of "${name}" is not valid UTF-8`);
  if (family.helpSet) {
    log.report('text/duplicate-help', line, `second HELP line for metric name "${name}"`);
    return;
  }
  family.help = text;
  family.helpSet = true;
}

function type(p: TextParse, line: number, name: string, raw: string | undefined): void {
  const log: IssueLog = p.log;
  if (raw === undefined) {
    log.report('text/type-missing', line, `TYPE line for "${name}" without a type`);
    return;
  }
  const word = raw.replace(/[ \t]+$/, '');
  if (word !== raw) log.report('text/type-whitespace', line, `blanks after the type "${word}"`);
  let t = TEXT_TYPES.get(word);
  if (t === undefined) {
    const lower = word.toLowerCase();
    t = TEXT_TYPES.get(lower);
    if (lower === 'gaugehistogram' || lower === 'gauge_histogram') {
      log.report('text/type-gaugehistogram', line, `type "${word}" is not part of the text format (an extension of recent expfmt)`);
      t = 'gaugehistogram';
    } else if (t !== undefined) {
      // expfmt upper-cases the word; promparse wants it lower case.
      log.report('text/type-case', line, `type "${word}" should be lower case`);
    } else {
      log.report('text/type-unknown', line, `unknown metric type "${word}"`);
      return;
    }
  }
  const family = p.families.getOrCreate(name, line);
  if (family.typed || family.sampleCount > 0) {
    log.report(
      family.typed ? 'text/duplicate-type' : 'text/type-after-samples',
      line,
      `second TYPE line for metric name "${name}", or TYPE reported after samples`,
    );
    return;
  }
  family.type = t;
  family.typed = true;
}

/** HELP unescaping: \\ and \n (and \" in recent expfmt); anything else is kept and reported. */
function unescapeHelp(raw: string, onBad: (escape: string) => void): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  let bad: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw.charAt(i + 1);
    if (next === '\\' || next === '"') out += next;
    else if (next === 'n') out += '\n';
    else {
      out += next === '' ? '\\' : '\\' + next;
      bad ??= '\\' + next;
    }
    i++;
  }
  if (bad !== undefined) onBad(bad);
  return out;
}
