import { strict as assert } from 'assert';
import { gzipSync } from 'zlib';
import { chooseFormat } from '../../src/core/prom/exposition/contentType';
import { BodyDecodeError, decodeBody, decompressBody, invalidUtf8Lines } from '../../src/core/prom/exposition/decode';
import { formatValue, type ParseResult, type Severity } from '../../src/core/prom/model';
import { ExpositionError, parseExposition, type ParseOptions } from '../../src/core/prom/exposition/parse';

/** Format choice, what lenient mode keeps that strict mode rejects, and faults. */

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

function strictError(input: string | Uint8Array, options: ParseOptions): ExpositionError {
  try {
    parseExposition(input, { ...options, strict: true });
  } catch (e) {
    if (e instanceof ExpositionError) return e;
    throw e;
  }
  assert.fail('strict mode accepted it');
}

const values = (r: ParseResult): Array<[string, string]> => r.samples.map((s) => [s.name, formatValue(s.value)]);

describe('prom: the format comes from the Content-Type (docs/prometheus.md section 4)', () => {
  it('application/openmetrics-text (1.0.0, and 0.0.1 as client_python 0.16 sends) -> OpenMetrics', () => {
    assert.equal(chooseFormat(OM, '').format, 'openmetrics-text-1.0.0');
    assert.equal(chooseFormat('application/openmetrics-text; version=0.0.1; charset=utf-8', '').format, 'openmetrics-text-1.0.0');
  });
  it('text/plain 0.0.4 or without a version -> text 0.0.4; version=1.0.0 (recent client_python) -> 0.0.4 grammar + quoted names', () => {
    assert.equal(chooseFormat(TEXT, '').format, 'prometheus-text-0.0.4');
    assert.equal(chooseFormat('text/plain', '').format, 'prometheus-text-0.0.4');
    const r = parseExposition('{"my.metric",le="x"} 1\n', { contentType: 'text/plain; version=1.0.0; charset=utf-8' });
    assert.equal(r.format, 'prometheus-text-1.0.0');
    assert.deepEqual(r.samples[0].labels, { le: 'x' });
    assert.equal(r.samples[0].name, 'my.metric');
    assert.deepEqual(r.warnings, []);
    // The same names announced as 0.0.4 get a note: Prometheus 2.x rejects them.
    assert.deepEqual(parseExposition('{"my.metric"} 1\n', { contentType: TEXT }).warnings.map((w) => w.rule), ['utf8-names']);
  });
  it('another type (an HTML error page?) is read as 0.0.4 with an error-severity note: Prometheus 3 fails such scrapes', () => {
    const r = parseExposition('up 1\n', { contentType: 'text/html; charset=utf-8' });
    assert.equal(r.format, 'prometheus-text-0.0.4');
    assert.deepEqual(r.warnings.map((w) => [w.rule, w.severity]), [['content-type', 'error']]);
  });
  it('no Content-Type (a file): guessed from the body, and the result says so', () => {
    const om = parseExposition('# TYPE a counter\na_total 1\n# EOF\n');
    assert.equal(om.format, 'openmetrics-text-1.0.0');
    assert.match(om.warnings[0].message, /guessed/);
    assert.equal(parseExposition('a_total 1\n').format, 'prometheus-text-0.0.4');
  });
  it('the protobuf format is refused with a clear message', () => {
    assert.throws(
      () => parseExposition('', { contentType: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited' }),
      /protobuf exposition format is not supported/,
    );
  });
});

/**
 * Each row: an input a Prometheus server or some official parser accepts, what lenient mode keeps,
 * the warning it gives and whether each strict dialect rejects it.
 */
interface Row {
  what: string;
  input: string;
  contentType: string;
  rule: string;
  severity: Severity;
  kept: Array<[string, string]>;
  rejects: { reference: boolean; prometheus: boolean };
}

const ROWS: Row[] = [
  { what: 'text without a final line feed', input: 'a 1\nb 2', contentType: TEXT, rule: 'text/no-final-newline', severity: 'warning', kept: [['a', '1'], ['b', '2']], rejects: { reference: true, prometheus: false } },
  { what: 'a \\t escape in a label value (kept as written)', input: 'a{l="x\\ty"} 1\n', contentType: TEXT, rule: 'text/label-escape', severity: 'warning', kept: [['a', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'a raw line feed inside a label value', input: 'a{l="x\ny"} 1\nb 2\n', contentType: TEXT, rule: 'text/label-newline', severity: 'warning', kept: [['a', '1'], ['b', '2']], rejects: { reference: true, prometheus: false } },
  { what: 'a second HELP line', input: '# HELP a one\n# HELP a two\na 1\n', contentType: TEXT, rule: 'text/duplicate-help', severity: 'warning', kept: [['a', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'TYPE after the samples', input: 'a 1\n# TYPE a counter\n', contentType: TEXT, rule: 'text/type-after-samples', severity: 'warning', kept: [['a', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'le that is not a number', input: '# TYPE h histogram\nh_bucket{le="x"} 1\n', contentType: TEXT, rule: 'text/le-not-float', severity: 'warning', kept: [['h_bucket', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'a negative histogram bucket', input: '# TYPE h histogram\nh_bucket{le="+Inf"} -1\n', contentType: TEXT, rule: 'text/negative-histogram', severity: 'warning', kept: [['h_bucket', '-1']], rejects: { reference: true, prometheus: false } },
  { what: 'labels without a comma between them', input: 'a{x="1" y="2"} 1\n', contentType: TEXT, rule: 'text/missing-comma', severity: 'warning', kept: [['a', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'blanks after the value', input: 'a 1 \n', contentType: TEXT, rule: 'text/trailing-space', severity: 'warning', kept: [['a', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'a negative timestamp (expfmt takes it, Prometheus does not)', input: 'a 1 -2\n', contentType: TEXT, rule: 'text/timestamp-sign', severity: 'error', kept: [['a', '1']], rejects: { reference: false, prometheus: true } },
  { what: 'TYPE gaugehistogram in text (recent expfmt only)', input: '# TYPE g gaugehistogram\ng_bucket{le="+Inf"} 1\n', contentType: TEXT, rule: 'text/type-gaugehistogram', severity: 'error', kept: [['g_bucket', '1']], rejects: { reference: false, prometheus: true } },
  { what: 'CRLF line ends', input: 'a 1\r\nb 2\r\n', contentType: TEXT, rule: 'crlf', severity: 'error', kept: [['a', '1'], ['b', '2']], rejects: { reference: true, prometheus: true } },
  { what: 'OpenMetrics without # EOF', input: '# TYPE a counter\na_total 1\n', contentType: OM, rule: 'om/missing-eof', severity: 'error', kept: [['a_total', '1']], rejects: { reference: true, prometheus: true } },
  { what: 'a blank line in OpenMetrics', input: 'a 1\n\nb 2\n# EOF\n', contentType: OM, rule: 'om/blank-line', severity: 'error', kept: [['a', '1'], ['b', '2']], rejects: { reference: true, prometheus: true } },
  { what: 'a comment in OpenMetrics', input: '# hello\na 1\n# EOF\n', contentType: OM, rule: 'om/comment', severity: 'error', kept: [['a', '1']], rejects: { reference: true, prometheus: true } },
  { what: 'text-format spacing in OpenMetrics', input: 'a{x = "1"}\t1\n# EOF\n', contentType: OM, rule: 'om/whitespace', severity: 'error', kept: [['a', '1']], rejects: { reference: true, prometheus: true } },
  { what: 'TYPE untyped in OpenMetrics (read as unknown)', input: '# TYPE a untyped\na 1\n# EOF\n', contentType: OM, rule: 'om/type-untyped', severity: 'error', kept: [['a', '1']], rejects: { reference: true, prometheus: true } },
  { what: 'a negative counter', input: '# TYPE a counter\na_total -1\n# EOF\n', contentType: OM, rule: 'om/counter-value', severity: 'warning', kept: [['a_total', '-1']], rejects: { reference: true, prometheus: false } },
  { what: 'buckets that are not cumulative', input: '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 3\nh_count 3\nh_sum 1\n# EOF\n', contentType: OM, rule: 'om/histogram', severity: 'warning', kept: [['h_bucket', '5'], ['h_bucket', '3'], ['h_count', '3'], ['h_sum', '1']], rejects: { reference: true, prometheus: false } },
  { what: 'interleaved families', input: 'a 1\nb 1\na{x="y"} 2\n# EOF\n', contentType: OM, rule: 'om/interleaved', severity: 'warning', kept: [['a', '1'], ['b', '1'], ['a', '2']], rejects: { reference: true, prometheus: false } },
  { what: 'a 0.0.4 counter served as OpenMetrics (TYPE names x_total)', input: '# TYPE x_total counter\nx_total 1\n# EOF\n', contentType: OM, rule: 'om/sample-name', severity: 'warning', kept: [['x_total', '1']], rejects: { reference: true, prometheus: false } },
];

describe('prom: lenient mode keeps what strict mode rejects, and says so', () => {
  for (const row of ROWS) {
    it(`${row.what}: ${row.severity} ${row.rule}; strict reference ${row.rejects.reference ? 'rejects' : 'accepts'}, prometheus ${row.rejects.prometheus ? 'rejects' : 'accepts'}`, () => {
      const r = parseExposition(row.input, { contentType: row.contentType });
      assert.deepEqual(values(r), row.kept);
      const w = r.warnings.find((x) => x.rule === row.rule);
      assert.ok(w, `no ${row.rule} in ${JSON.stringify(r.warnings)}`);
      assert.equal(w.severity, row.severity);
      assert.equal(typeof w.line, 'number');
      for (const dialect of ['reference', 'prometheus'] as const) {
        let rejected = false;
        try {
          parseExposition(row.input, { contentType: row.contentType, strict: true, dialect });
        } catch (e) {
          assert.ok(e instanceof ExpositionError);
          rejected = true;
        }
        assert.equal(rejected, row.rejects[dialect], dialect);
      }
    });
  }

  it('a line nobody can read is skipped with an error; the lines around it are kept', () => {
    const r = parseExposition('a 1\nb{x=} 2\nc 3\n', { contentType: TEXT });
    assert.deepEqual(values(r), [['a', '1'], ['c', '3']]);
    assert.deepEqual(r.warnings.map((w) => [w.line, w.severity, w.rule]), [[2, 'error', 'syntax']]);
  });

  it("strict mode throws ExpositionError 'line N: what is wrong' with the line", () => {
    const e = strictError('a 1\nb 2\nc{x="1",x="2"} 3\n', { contentType: TEXT });
    assert.equal(e.line, 3);
    assert.equal(e.message, 'line 3: duplicate label name "x"');
    assert.equal(strictError('a 1\n', { contentType: OM }).message, 'line 2: data does not end with # EOF');
  });
});

describe('prom: values and timestamps', () => {
  it('values as the JSON output writes them: NaN, +Inf, -Inf, String(number); Inf words in any case', () => {
    const r = parseExposition('a NaN\nb +Inf\nc -inf\nd 1e-7\ne 08\nf .5\ng 1.7560473e+06\nh Infinity\n', { contentType: TEXT });
    assert.deepEqual(r.samples.map((s) => formatValue(s.value)), ['NaN', '+Inf', '-Inf', '1e-7', '8', '0.5', '1756047.3', '+Inf']);
  });
  it('JavaScript-only number forms are refused: 0x1, 1_2, empty, 0b1 (docs section 13: validate before Number())', () => {
    for (const token of ['0x1', '1_2', '0b1', '0o7', '1e', '--1', 'true']) {
      assert.throws(() => parseExposition(`a ${token}\n`, { contentType: TEXT, strict: true }), /expected float/, token);
    }
  });
  it('OpenMetrics timestamps are seconds: ms = seconds x 1000, truncated (toward zero, as Go int64())', () => {
    const r = parseExposition('a 1 1520879607.789\nb 1 -1.0005\nc 1 0.0015\n# EOF\n', { contentType: OM });
    assert.deepEqual(r.samples.map((s) => s.timestampMs), [1520879607789, -1000, 1]);
  });
  it('text timestamps are integer milliseconds (int64)', () => {
    assert.equal(parseExposition('a 1 1234567890123\n', { contentType: TEXT }).samples[0].timestampMs, 1234567890123);
    assert.throws(() => parseExposition('a 1 99999999999999999999\n', { contentType: TEXT, strict: true }), /int64/);
  });
  it('exemplars are kept on the sample', () => {
    const r = parseExposition('# TYPE a counter\na_total 3 # {trace_id="abc"} 0.67 1520879607.789\n# EOF\n', { contentType: OM });
    assert.deepEqual(r.samples[0].exemplar, { labels: { trace_id: 'abc' }, value: 0.67, timestampMs: 1520879607789 });
  });
});

describe('prom: faults', () => {
  it('gzip per Content-Encoding, or recognised by its magic bytes (a .gz file)', () => {
    const body = gzipSync(Buffer.from('# TYPE up gauge\nup 1\n'));
    assert.equal(decodeBody(body, { contentEncoding: 'gzip' }).text, '# TYPE up gauge\nup 1\n');
    const sniffed = decodeBody(body);
    assert.equal(sniffed.sniffedGzip, true);
    assert.equal(parseExposition(decompressBody(body).bytes, { contentType: TEXT }).samples[0].value, 1);
  });
  it('a gzip bomb stops at the size limit; broken gzip and unknown encodings are clear errors', () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x61));
    assert.ok(bomb.length < 100_000);
    assert.throws(() => decodeBody(bomb, { contentEncoding: 'gzip', maxBytes: 10 * 1024 * 1024 }), (e: unknown) => e instanceof BodyDecodeError && /larger than/.test(e.message));
    assert.throws(() => decodeBody(Buffer.alloc(20, 1), { maxBytes: 10 }), BodyDecodeError);
    const cut = gzipSync(Buffer.from('up 1\n'.repeat(1000))).subarray(0, 30);
    assert.throws(() => decodeBody(cut, { contentEncoding: 'gzip' }), /cannot be decompressed/);
    assert.throws(() => decodeBody(Buffer.from('x'), { contentEncoding: 'compress' }), /unsupported Content-Encoding/);
  });
  it('bytes that are not UTF-8 are found by line and rejected in label values (a U+FFFD written in the input is fine)', () => {
    const bytes = Buffer.concat([Buffer.from('ok{l="\uFFFD"} 1\nbad{l="'), Buffer.from([0xff, 0xfe]), Buffer.from('"} 2\n')]);
    assert.deepEqual(invalidUtf8Lines(bytes), [2]);
    const r = parseExposition(bytes, { contentType: TEXT });
    assert.deepEqual(r.warnings.map((w) => [w.line, w.rule, w.severity]), [[2, 'label-utf8', 'error']]);
    assert.equal(strictError(bytes, { contentType: TEXT }).line, 2);
    // Overlong encodings and surrogates are not UTF-8 either.
    assert.deepEqual(invalidUtf8Lines(Buffer.from([0x61, 0x0a, 0xc0, 0xaf, 0x0a, 0xed, 0xa0, 0x80])), [2, 3]);
  });
  it('an HTML page served as text/plain: lenient gives a bounded list of errors, strict fails on line 1', () => {
    const html = '<!DOCTYPE html>\n<html><body>\n' + '<p>Not found</p>\n'.repeat(500) + '</body></html>\n';
    const r = parseExposition(html, { contentType: TEXT });
    assert.equal(r.samples.length, 0);
    assert.ok(r.warnings.length <= 201);
    assert.equal(r.warnings[r.warnings.length - 1].rule, 'truncated');
    assert.equal(strictError(html, { contentType: TEXT }).line, 1);
  });
  it('empty bodies: fine as text, missing # EOF as OpenMetrics; a byte order mark is reported', () => {
    assert.deepEqual(parseExposition('', { contentType: TEXT }), { format: 'prometheus-text-0.0.4', families: [], samples: [], warnings: [] });
    assert.deepEqual(parseExposition('', { contentType: OM }).warnings.map((w) => w.rule), ['om/missing-eof']);
    const bom = parseExposition(Buffer.from('\uFEFFup 1\n'), { contentType: TEXT });
    assert.deepEqual([bom.samples[0].name, bom.warnings.map((w) => w.rule)], ['up', ['bom']]);
  });
  it('random bytes never crash lenient mode', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
      for (const contentType of [TEXT, OM]) parseExposition(bytes, { contentType });
    }
    // And text made of the format's own characters.
    const alphabet = 'a_:{}=",# \t\n\\1.eE+-InfNaN"x';
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 80) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      for (const contentType of [TEXT, OM]) parseExposition(text, { contentType });
    }
  });
  // Speed is the benchmark's business (shared machines make timed tests flaky): this checks that a
  // large body parses whole, series by series.
  it('100 000 series parse whole', () => {
    const lines = ['# TYPE http_requests_total counter'];
    for (let i = 0; i < 100_000; i++) lines.push(`http_requests_total{handler="/h${i % 500}",method="GET",status="${i % 7 === 0 ? '5xx' : '2xx'}",i="${i}"} ${i}`);
    const r = parseExposition(lines.join('\n') + '\n', { contentType: TEXT });
    assert.equal(r.samples.length, 100_000);
    assert.equal(r.samples[99_999].value, 99_999);
  });
});
