import type { EndpointSnapshot } from './healthModel';
import type { HealthSettings } from './endpointConfig';
import { formatMs, formatPercent } from './format';

export interface Alert {
  readonly severity: 'warning' | 'info';
  readonly message: string;
}

type Condition = 'down' | 'errors' | 'latency';

/**
 * Turns consecutive snapshots into alerts, once per transition: going down, coming back, an
 * error rate or p99 latency crossing its threshold (and back). Never on every poll.
 */
export class HealthAlerts {
  private readonly active = new Map<string, Set<Condition>>();

  evaluate(name: string, s: EndpointSnapshot, settings: HealthSettings): Alert[] {
    const now = new Set<Condition>();
    if (s.status === 'down') now.add('down');
    const errors = s.report?.errorRatio?.value ?? null;
    if (s.status === 'up' && errors !== null && errors > settings.errorRatePercent) now.add('errors');
    const p99 = s.report?.latency?.p99.value ?? null;
    if (s.status === 'up' && p99 !== null && p99 > settings.p99LatencyMs) now.add('latency');
    const before = this.active.get(name) ?? new Set<Condition>();
    this.active.set(name, now);
    const alerts: Alert[] = [];
    for (const c of now) {
      if (before.has(c)) continue;
      if (c === 'down') alerts.push({ severity: 'warning', message: `${name} is down: ${s.reason}${s.detail ? ` (${s.detail})` : ''}` });
      if (c === 'errors') alerts.push({ severity: 'warning', message: `${name}: error rate ${formatPercent(errors!)} is above ${settings.errorRatePercent}%` });
      if (c === 'latency') alerts.push({ severity: 'warning', message: `${name}: p99 latency ${formatMs(p99!)} is above ${settings.p99LatencyMs} ms` });
    }
    if (before.has('down') && !now.has('down') && s.status === 'up') alerts.push({ severity: 'info', message: `${name} is up again` });
    return alerts;
  }

  forget(names: Set<string>): void {
    for (const k of [...this.active.keys()]) if (!names.has(k)) this.active.delete(k);
  }
}
