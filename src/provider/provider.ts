// Placeholder until the provider core lands; replaced by the provider core.
export function createProviderHandlers(): Record<string, never> {
  return {};
}
