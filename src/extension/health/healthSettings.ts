import * as vscode from 'vscode';

import type { EndpointConfig, HealthSettings } from '../../core/health/endpointConfig';

export type { EndpointConfig, HealthSettings };

const SECTION = 'driftInspector.health';

/**
 * Reads the health settings. In an untrusted workspace, endpoints set by the workspace are not
 * polled (a cloned repo must not make the editor call out); user settings still are.
 */
export function readHealthSettings(): HealthSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const inspected = c.inspect<unknown[]>('endpoints');
  const trusted = vscode.workspace.isTrusted;
  const raw = trusted ? c.get<unknown[]>('endpoints', []) : (inspected?.globalValue ?? []);
  const fromWorkspace = (inspected?.workspaceValue?.length ?? 0) + (inspected?.workspaceFolderValue?.length ?? 0);
  return {
    endpoints: (Array.isArray(raw) ? raw : []).map(toEndpoint),
    untrustedSkipped: trusted ? 0 : fromWorkspace,
    pollIntervalMs: Math.max(1, c.get<number>('pollIntervalSeconds', 10)) * 1000,
    timeoutMs: Math.max(0.5, c.get<number>('timeoutSeconds', 5)) * 1000,
    maxBytes: Math.max(0.01, c.get<number>('maxResponseMB', 10)) * 1024 * 1024,
    errorRatePercent: c.get<number>('alerts.errorRatePercent', 5),
    p99LatencyMs: c.get<number>('alerts.p99LatencyMs', 1000),
  };
}

function toEndpoint(raw: unknown, i: number): EndpointConfig {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  return {
    name: str('name') ?? `endpoint ${i + 1}`,
    url: str('url'),
    prometheus: str('prometheus'),
    job: str('job'),
    requestMetric: str('requestMetric'),
    latencyMetric: str('latencyMetric'),
  };
}

/** Adds an endpoint to the user's settings. */
export async function addEndpointToSettings(endpoint: EndpointConfig): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const current = c.inspect<EndpointConfig[]>('endpoints')?.globalValue ?? [];
  await c.update('endpoints', [...current, endpoint], vscode.ConfigurationTarget.Global);
}

/** Sets (or clears) one field of a configured endpoint, where it was configured. */
export async function updateEndpoint(name: string, patch: Partial<EndpointConfig>): Promise<boolean> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const inspected = c.inspect<EndpointConfig[]>('endpoints');
  for (const [target, list] of [
    [vscode.ConfigurationTarget.WorkspaceFolder, inspected?.workspaceFolderValue],
    [vscode.ConfigurationTarget.Workspace, inspected?.workspaceValue],
    [vscode.ConfigurationTarget.Global, inspected?.globalValue],
  ] as const) {
    if (!list?.some((e) => e.name === name)) continue;
    await c.update('endpoints', list.map((e) => (e.name === name ? { ...e, ...patch } : e)), target);
    return true;
  }
  return false;
}

export function affectsHealth(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

/** The SecretStorage key of an endpoint's bearer token (never in settings). */
export function tokenKey(endpoint: EndpointConfig): string {
  return `driftInspector.health.token:${endpoint.url ?? endpoint.prometheus ?? endpoint.name}`;
}
