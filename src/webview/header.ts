// The report header: dataset verdict, drift share against the threshold, both files.
import type { ColumnVerdict } from '../shared/protocol';
import type { DatasetInfo, DriftReport } from '../shared/report';
import { h } from './dom';
import { baseName, engineNote } from '../shared/names';
import { formatCount, formatShare } from './format';
import { verdictIcon } from './verdict';

const CORRECTION_LABEL: Record<DriftReport['correction'], string> = {
  none: '',
  bonferroni: 'Bonferroni-corrected p-values',
  'benjamini-hochberg': 'Benjamini–Hochberg-corrected p-values',
};

function datasetVerdict(r: DriftReport): { verdict: ColumnVerdict; title: string } {
  if (r.dataset.testedColumns === 0) return { verdict: 'not-tested', title: 'No column could be tested' };
  return r.dataset.drifted
    ? { verdict: 'drift', title: 'Dataset drift detected' }
    : { verdict: 'no-drift', title: 'No dataset drift' };
}

function fileEntry(role: string, info: DatasetInfo): HTMLElement {
  return h('div', { className: 'file' }, [
    h('dt', { text: role }),
    h('dd', {}, [
      h('span', { className: 'file-name', text: baseName(info.source), title: info.source }),
      h('span', {
        className: 'file-meta',
        text: [`${formatCount(info.rows)} rows`, `${formatCount(info.columns)} columns`, info.format.toUpperCase(), engineNote(info)].filter(Boolean).join(' · '),
        title: info.queries?.join('\n\n') ?? '',
      }),
    ]),
  ]);
}

export function renderHeader(r: DriftReport): HTMLElement {
  const { verdict, title } = datasetVerdict(r);
  const d = r.dataset;
  const meter = h('div', {
    className: 'share-meter',
    attrs: { role: 'img', 'aria-label': `Drift share ${formatShare(d.share)}, threshold ${formatShare(r.driftShare)}` },
  });
  const fill = h('div', { className: 'share-fill' });
  const mark = h('div', { className: 'share-mark' });
  // CSSOM writes (not style attributes), which the CSP allows.
  fill.style.width = `${Math.min(Math.max(d.share, 0), 1) * 100}%`;
  mark.style.left = `${Math.min(Math.max(r.driftShare, 0), 1) * 100}%`;
  meter.append(fill, mark);

  const correction = CORRECTION_LABEL[r.correction];
  return h('div', { className: 'header-main' }, [
    h('div', { className: `dataset-verdict verdict-${verdict}`, attrs: { 'data-verdict': verdict } }, [
      verdictIcon(verdict, 22),
      h('div', {}, [
        h('div', { className: 'dataset-verdict-title', text: title }),
        h('div', {
          className: 'dataset-verdict-sub',
          text: `${formatCount(d.driftedColumns)} of ${formatCount(d.testedColumns)} tested columns drifted`,
        }),
      ]),
    ]),
    h('div', { className: 'share' }, [
      h('div', { className: 'share-label' }, [
        'Drift share ',
        h('strong', { className: 'share-value', text: formatShare(d.share) }),
        h('span', { className: 'muted', text: ` ${d.share >= r.driftShare ? '≥' : '<'} threshold ${formatShare(r.driftShare)}` }),
      ]),
      meter,
      correction ? h('div', { className: 'muted small', text: correction }) : null,
      r.sampling ? h('div', { className: 'small sampling-note', text: samplingText(r) }) : null,
    ]),
    h('dl', { className: 'files' }, [fileEntry('Reference', r.reference), fileEntry('Current', r.current)]),
  ]);
}

/** Sampling changes what the scores mean, so the header says it plainly. */
export function samplingText(r: DriftReport): string {
  const s = r.sampling!;
  const side = (rows: number) => (rows > s.rows ? `${formatCount(s.rows)} of ${formatCount(rows)}` : `all ${formatCount(rows)}`);
  return `Sampled: ${side(s.referenceRows)} reference rows, ${side(s.currentRows)} current rows (seed ${s.seed})`;
}

export function renderWarnings(r: DriftReport): HTMLElement | null {
  if (!r.warnings.length) return null;
  return h(
    'ul',
    { className: 'warnings', attrs: { 'aria-label': 'Warnings' } },
    r.warnings.map((w) => h('li', {}, [verdictIcon('drift', 12), h('span', { text: w })])),
  );
}
