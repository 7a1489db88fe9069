/** Model picker contents (pure): registry models grouped by provider, with why a model is unavailable. */
import type { ModelInfo, ProviderStatus } from '../protocol';

/** One row of the model picker. */
export interface ModelPickRow {
  kind: 'separator' | 'model';
  label: string;
  description?: string;
  detail?: string;
  modelId?: string;
  available: boolean;
  active: boolean;
}

/** Why a model cannot be picked, or undefined when it can. */
export function unavailableReason(model: ModelInfo, provider: ProviderStatus | undefined): string | undefined {
  if (model.available) {
    return undefined;
  }
  if (!provider || !provider.configured) {
    return 'add an API key';
  }
  if (!provider.enabled) {
    return 'provider disabled';
  }
  return 'provider needs attention';
}

/** Label of a provider group: display name plus the endpoint host when it is not the official one. */
export function providerGroupLabel(provider: ProviderStatus | undefined, providerId: string, officialHost?: string): string {
  const name = provider?.display_name ?? providerId;
  const host = provider?.endpoint_host;
  return host && officialHost && host !== officialHost ? `${name} (${host})` : name;
}

/** Official hosts (spec algorithms.md §1); any other effective host is a custom endpoint. */
export const OFFICIAL_HOSTS: Record<string, string> = {
  openai: 'api.openai.com',
  anthropic: 'api.anthropic.com',
  google: 'generativelanguage.googleapis.com',
  mistral: 'api.mistral.ai',
};

/** Rows in registry order, a separator before each provider's first model. */
export function buildModelRows(models: ModelInfo[], providers: ProviderStatus[], activeModelId?: string, currentLabel = 'active'): ModelPickRow[] {
  const byId = new Map(providers.map((p) => [p.provider_id, p]));
  const rows: ModelPickRow[] = [];
  const seen = new Set<string>();
  const order: string[] = [];
  for (const m of models) {
    if (!seen.has(m.provider_id)) {
      seen.add(m.provider_id);
      order.push(m.provider_id);
    }
  }
  for (const pid of order) {
    const provider = byId.get(pid);
    rows.push({ kind: 'separator', label: providerGroupLabel(provider, pid, OFFICIAL_HOSTS[pid]), available: false, active: false });
    for (const m of models.filter((x) => x.provider_id === pid)) {
      const why = unavailableReason(m, provider);
      const active = m.model_id === activeModelId;
      rows.push({
        kind: 'model',
        label: m.display_name,
        description: why ? `unavailable: ${why}` : active ? currentLabel : m.model_id,
        detail: `${m.model_id} · ${Math.round(m.context_tokens_estimate / 1000)}k tokens`,
        modelId: m.model_id,
        available: why === undefined,
        active,
      });
    }
  }
  return rows;
}

/**
 * Status bar text for the active model: its name, plus the endpoint host when it is not official, and a warning
 * mark with the reason when its provider cannot be called (no key, disabled).
 */
export function modelStatusText(model: ModelInfo | undefined, modelId: string, provider: ProviderStatus | undefined): string {
  const name = model?.display_name ?? modelId;
  const pid = model?.provider_id ?? modelId.split(':')[0];
  const host = provider?.endpoint_host;
  const custom = host && OFFICIAL_HOSTS[pid] && host !== OFFICIAL_HOSTS[pid];
  const text = custom ? `${name} @ ${host}` : name;
  const why = provider ? providerProblem(provider) : undefined;
  return why ? `$(warning) ${text} (${why})` : text;
}

/** Why a provider cannot be called right now (fresh status, unlike a cached model list), or undefined. */
export function providerProblem(p: ProviderStatus): string | undefined {
  if (!p.configured) {
    return 'add an API key';
  }
  if (!p.enabled) {
    return 'provider disabled';
  }
  return p.status === 'needs_attention' ? 'provider needs attention' : undefined;
}

/** Badge of a provider in the providers list. */
export function providerBadge(p: ProviderStatus): string {
  switch (p.status) {
    case 'not_configured':
      return 'Not configured';
    case 'configured':
      return p.enabled ? 'Configured' : 'Configured (disabled)';
    default:
      return 'Needs attention';
  }
}
