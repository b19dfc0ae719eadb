import {
  implementsFilter,
  implementsPostFilter,
  implementsPreFilter,
  implementsPreScore,
  implementsScore,
  type ClusterEvent,
  type FilterPlugin,
  type Handle,
  type Plugin,
  type PostFilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Registry,
  type ScorePlugin,
} from './framework.ts';
import type { Profile } from './profile.ts';

/** A Score plugin with the weight its profile gives it. */
export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/**
 * A profile's plugins, instantiated from the registry and sorted into the extension points each
 * implements, in profile order (frameworkImpl). Building it fails, by throwing, for a plugin
 * name the registry lacks: that is a configuration mistake, not a runtime condition.
 */
export class Framework {
  readonly preFilter: PreFilterPlugin[] = [];
  readonly filter: FilterPlugin[] = [];
  readonly postFilter: PostFilterPlugin[] = [];
  readonly preScore: PreScorePlugin[] = [];
  readonly score: WeightedScorePlugin[] = [];
  private readonly events = new Map<string, ReadonlySet<ClusterEvent>>();

  constructor(
    readonly profile: Profile,
    registry: Registry,
    handle: Handle,
  ) {
    for (const config of profile.plugins) {
      const factory = registry[config.name];
      if (!factory)
        throw new Error(
          `scheduler profile ${profile.schedulerName}: no plugin named ${config.name}`,
        );
      const plugin: Plugin = factory(config.args, handle);
      if (implementsPreFilter(plugin)) this.preFilter.push(plugin);
      if (implementsFilter(plugin)) this.filter.push(plugin);
      if (implementsPostFilter(plugin)) this.postFilter.push(plugin);
      if (implementsPreScore(plugin)) this.preScore.push(plugin);
      if (implementsScore(plugin)) this.score.push({ plugin, weight: config.weight ?? 1 });
      this.events.set(plugin.name, new Set(plugin.events ?? []));
    }
  }

  /**
   * Whether an event may help a pod that the given plugins rejected (queueing without hints):
   * a pod rejected by no plugin in particular is retried on any event.
   */
  eventMayHelp(event: ClusterEvent, rejectedBy: ReadonlySet<string>): boolean {
    if (rejectedBy.size === 0) return true;
    for (const name of rejectedBy) if (this.events.get(name)?.has(event)) return true;
    return false;
  }
}
