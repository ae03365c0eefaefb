import type { PluginDefinition } from './plugin-definition';

/** The plugins this build knows, looked up by name by the Admin API and the route-table compiler. */
export class PluginRegistry {
  private readonly byName = new Map<string, PluginDefinition>();

  constructor(definitions: PluginDefinition[]) {
    for (const definition of definitions) this.byName.set(definition.name, definition);
  }

  get(name: string): PluginDefinition | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
