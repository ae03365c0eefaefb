/**
 * THE order of a proxied request, in one place. Stages run in this order and the first refusal is
 * the answer; `forward` is last and only runs for a request every earlier stage let through.
 * src/proxy/pipeline/pipeline.ts maps each stage to its guard (and fails to compile if one is missing).
 */
export const PIPELINE_STAGES = ['receive', 'match_route', 'authenticate', 'resolve_consumer', 'check_access', 'forward'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** The stages plugins take part in, each through the PluginInstance hook of the same meaning. */
export const PLUGIN_STAGES = ['authenticate', 'resolve_consumer', 'check_access'] as const;
export type PluginStageName = (typeof PLUGIN_STAGES)[number];

/**
 * Within a plugin stage, plugins run by priority, higher first: Kong's handler priorities, so a
 * configuration behaves as it would on Kong. Every plugin this build ships is listed here and only here.
 */
export const PLUGIN_PRIORITY = {
  'openid-connect': 1050,
  'application-registration': 995,
  acl: 950,
} as const;
export type ShippedPluginName = keyof typeof PLUGIN_PRIORITY;

/** Sorts plugins into their run order within a stage (stable: equal priorities keep their given order). */
export function inRunOrder<P extends { readonly priority: number }>(plugins: readonly P[]): P[] {
  return [...plugins].sort((a, b) => b.priority - a.priority);
}
