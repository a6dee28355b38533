import { describeChar, readQuoted } from '../cursor';
import type { FamilyDraft } from '../familyTable';
import type { IssueLog } from '../issues';
import type { MetricType } from '../../model';
import { enterFamily, familyState, whitespace, type FamilyState, type OpenMetricsParse } from './state';

/**
 * Lines starting with `#` outside an exemplar: `# TYPE`, `# UNIT`, `# HELP` and `# EOF`. Anything
 * else is a comment, which OpenMetrics does not have (reported, read past).
 */

const OM_TYPES = new Map<string, MetricType>(
  (['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'] as const).map((t) => [t, t]),
);

type Keyword = 'HELP' | 'TYPE' | 'UNIT';

/** Reads a `#` line: the syntax here, what it says about its family in applyMetadata. */
export function readMetadata(p: OpenMetricsParse, line: number): void {
  const { c } = p;
  const log: IssueLog = p.log; // typed: its never-returning syntax() narrows
  c.next(); // #
  const sep1 = c.readBlanks();
  if (c.atLineEnd()) {
    log.report('om/comment', line, 'a bare "#" line: OpenMetrics has no comments');
    c.endLine();
    return;
  }
  const keyword = c.readToken();
  if (keyword === 'EOF') return readEof(p, line, sep1);
  if (keyword !== 'HELP' && keyword !== 'TYPE' && keyword !== 'UNIT') {
    log.report('om/comment', line, `"#${sep1}${keyword}" is a comment; OpenMetrics allows only HELP, TYPE, UNIT and EOF`);
    c.skipLine();
    return;
  }
  if (sep1 !== ' ') whitespace(p, line, `"#${sep1}${keyword}"`);
  const sep2 = c.readBlanks();
  if (c.atLineEnd()) log.syntax(line, `expected metric name after ${keyword}`);
  if (sep2 !== ' ') whitespace(p, line, `blanks after ${keyword}`);
  let name: string;
  if (c.peek() === '"') {
    const q = readQuoted(c, false);
    if (!q.terminated) log.syntax(line, `unterminated quoted metric name after ${keyword}`);
    name = q.value;
    p.quotedNameLine ??= line;
  } else {
    name = c.readLegacyName('metric');
    if (name === '') log.syntax(line, `expected metric name after ${keyword}, found ${describeChar(c.peek())}`);
  }
  if (c.atLineEnd()) log.syntax(line, `expected text in ${keyword} (a space after the name, even when the text is empty)`);
  const sep3 = c.peek();
  if (sep3 === ' ') c.next();
  else if (sep3 === '\t') {
    whitespace(p, line, `a tab after the name in ${keyword}`);
    c.readBlanks();
  } else log.syntax(line, `invalid metric name in ${keyword} line ("${name}${sep3}...")`);
  const text = c.readRestOfLine();
  c.endLine();
  applyMetadata(p, line, keyword, name, text);
}

function readEof(p: OpenMetricsParse, line: number, sep1: string): void {
  const { c } = p;
  if (sep1 !== ' ') whitespace(p, line, '"# EOF"');
  if (c.readBlanks() !== '') whitespace(p, line, 'blanks after "# EOF"');
  if (!c.atLineEnd()) p.log.report('om/after-eof', line, `unexpected data after # EOF: "${c.readRestOfLine()}"`);
  p.eofLine = line;
  c.endLine();
}

/** What a HELP, UNIT or TYPE line says about its family; each may appear once, before the samples. */
function applyMetadata(p: OpenMetricsParse, line: number, keyword: Keyword, name: string, text: string): void {
  let family = p.families.get(name);
  const existed = family !== undefined;
  family ??= p.families.create(name, line);
  const st = familyState(p, family);
  if (family === p.current && st.members.length > 0) {
    p.log.report('om/metadata-after-samples', line, `${keyword} for "${name}" after its samples`);
  }
  enterFamily(p, family, line, existed);
  if (keyword === 'HELP') applyHelp(p, line, family, st, text);
  else if (keyword === 'UNIT') applyUnit(p, line, family, st, text);
  else applyType(p, line, family, st, text);
}

function applyHelp(p: OpenMetricsParse, line: number, family: FamilyDraft, st: FamilyState, text: string): void {
  if (st.help) return p.log.report('om/duplicate-metadata', line, `more than one HELP for "${family.name}"`);
  st.help = true;
  family.help = unescapeHelp(text);
}

function applyUnit(p: OpenMetricsParse, line: number, family: FamilyDraft, st: FamilyState, text: string): void {
  if (st.unit) return p.log.report('om/duplicate-metadata', line, `more than one UNIT for "${family.name}"`);
  st.unit = true;
  if (text !== '' && !family.name.endsWith('_' + text)) p.log.report('om/unit-suffix', line, `unit "${text}" not a suffix of metric "${family.name}"`);
  family.unit = text;
}

function applyType(p: OpenMetricsParse, line: number, family: FamilyDraft, st: FamilyState, text: string): void {
  const { log } = p;
  const word = text.trim();
  if (word !== text) whitespace(p, line, `blanks around the type "${word}"`);
  let t = OM_TYPES.get(word);
  if (t === undefined) {
    const lower = word.toLowerCase();
    if (lower === 'untyped') {
      log.report('om/type-untyped', line, 'invalid metric type "untyped" (OpenMetrics calls it "unknown")');
      t = 'unknown';
    } else {
      t = OM_TYPES.get(lower);
      if (t === undefined) return log.report('om/type-unknown', line, `invalid metric type "${word}"`);
      log.report('om/type-unknown', line, `invalid metric type "${word}" (types are lower case)`);
    }
  }
  if (st.type) return log.report('om/duplicate-metadata', line, `more than one TYPE for "${family.name}"`);
  st.type = true;
  family.type = t;
  family.typed = true;
}

/** HELP escapes: \\, \n and \"; any other backslash is kept as written. */
function unescapeHelp(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw.charAt(++i);
    if (next === '\\' || next === '"') out += next;
    else if (next === 'n') out += '\n';
    else out += '\\' + next;
  }
  return out;
}
